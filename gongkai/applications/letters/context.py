"""What a letter may say about a case: plain facts, then a flat template context.

`facts_from_case` reads a case (and its correction, extension, consultation,
fee) into `CaseFacts`, a dataclass of plain values; `sample_facts` makes the
same shape out of thin air, so a template an agency edits can be test-rendered
without a case. `letter_context` flattens either into the dict of strings,
numbers, booleans and lists that the sandboxed template sees: no model
instance ever reaches a template, and the applicant's identity number is not
in the facts at all (条例 and house rule: personal data stays in the file).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency

from .. import deadlines
from ..decisions import DECISIONS, Decision, Ground
from ..models import (
    ApplicantType,
    Application,
    Channel,
    Consultation,
    ConsultationKind,
    DeliveryMethod,
    EventKind,
    Extension,
    Fee,
    FeeMethod,
    Opinion,
    ProvisionMode,
)
from . import law

CN_DIGITS = "〇一二三四五六七八九"


def cn_date(day: dt.date | None) -> str:
    """2025-09-26 → 2025年9月26日 (dates inside the text, GB/T 9704 allows Arabic)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _cn_number(n: int) -> str:
    """1..31 in Chinese numerals as dates write them: 十, 十五, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def cn_date_upper(day: dt.date) -> str:
    """2025-10-30 → 二〇二五年十月三十日 (the date under the issuer's name)."""
    year = "".join(CN_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


# -- facts ----------------------------------------------------------------


@dataclass(frozen=True)
class AgencyFacts:
    name: str
    short_name: str
    office: str
    address: str
    postcode: str
    phone: str
    hours: str
    email: str
    website: str
    review_body: str
    court: str


@dataclass(frozen=True)
class CorrectionFacts:
    items: str
    notice_on: dt.date
    deadline: dt.date
    received_on: dt.date | None
    content: str


@dataclass(frozen=True)
class ExtensionFacts:
    days: int
    reason: str
    approved: bool  # only an approved extension is notified (第三十三条第二款)
    approved_on: dt.date | None
    due_before: dt.date | None
    due_after: dt.date | None


@dataclass(frozen=True)
class ConsultationFacts:
    kind: str
    party: str
    party_address: str
    matter: str
    sent_on: dt.date
    answer_due: dt.date
    opinion: str
    opinion_text: str


@dataclass(frozen=True)
class FeeFacts:
    method: str
    pieces_before: int
    pieces: int
    pages: int
    amount: int
    notice_on: dt.date
    notice_received_on: dt.date
    pay_due: dt.date
    paid_on: dt.date | None


@dataclass(frozen=True)
class CaseFacts:
    number: str
    agency: AgencyFacts
    applicant_name: str
    applicant_type: str
    channel: str
    arrived_on: dt.date
    receipt_date: dt.date | None
    description: str
    doc_number_sought: str
    requested_form: str
    requested_delivery: str
    due_on: dt.date | None
    decision: str = ""
    reason: str = ""
    grounds: tuple[str, ...] = ()
    responsible_organ: str = ""
    provided_form: str = ""
    provided_form_reason: str = ""
    concluded_on: dt.date | None = None
    withdraw_note: str = ""
    correction: CorrectionFacts | None = None
    extension: ExtensionFacts | None = None
    consultation: ConsultationFacts | None = None  # the one a 征求意见函 is addressed to
    third_party_objected: bool = False
    fee: FeeFacts | None = None
    consultations: tuple[ConsultationFacts, ...] = field(default_factory=tuple)


def agency_facts(agency: Agency) -> AgencyFacts:
    return AgencyFacts(
        name=agency.name,
        short_name=agency.short_name,
        office=agency.office_name or agency.name,
        address=agency.address,
        postcode=agency.postcode,
        phone=agency.phone,
        hours=agency.office_hours,
        email=agency.email,
        website=agency.website,
        review_body=agency.review_body,
        court=agency.court,
    )


def facts_from_case(app: Application, consultation: Consultation | None = None) -> CaseFacts:
    consultations = tuple(_consultation(c) for c in app.consultations.all())
    return CaseFacts(
        number=app.number,
        agency=agency_facts(app.agency),
        applicant_name=app.applicant_name,
        applicant_type=app.applicant_type,
        channel=app.channel,
        arrived_on=app.arrived_on,
        receipt_date=app.receipt_date,
        description=app.description,
        doc_number_sought=app.doc_number_sought,
        requested_form=app.requested_form,
        requested_delivery=app.requested_delivery,
        due_on=app.due_on,
        decision=app.decision,
        reason=app.decision_reason,
        grounds=tuple(app.decision_grounds or ()),
        responsible_organ=app.responsible_organ,
        provided_form=app.provided_form,
        provided_form_reason=app.provided_form_reason,
        concluded_on=app.concluded_on,
        withdraw_note=_withdraw_note(app),
        correction=_correction(app),
        extension=_extension(app),
        consultation=_consultation(consultation) if consultation else None,
        third_party_objected=any(
            c.kind == ConsultationKind.THIRD_PARTY and c.opinion == Opinion.OBJECT
            for c in consultations
        ),
        fee=_fee(app),
        consultations=consultations,
    )


def _withdraw_note(app: Application) -> str:
    event = app.events.filter(kind=EventKind.WITHDRAWN).last()
    return event.note if event else ""


def _correction(app: Application) -> CorrectionFacts | None:
    c = app.corrections.last()
    if c is None:
        return None
    return CorrectionFacts(c.items, c.notice_on, c.deadline, c.received_on, c.content)


def _extension(app: Application) -> ExtensionFacts | None:
    ext = Extension.objects.filter(application=app).first()
    if ext is None:
        return None
    return ExtensionFacts(
        ext.days,
        ext.reason,
        bool(ext.approved),
        ext.approved_on,
        _due_without_extension(app),
        app.due_on,
    )


def _due_without_extension(app: Application) -> dt.date | None:
    """The reply deadline as it stood before the extension (for the 延期告知书)."""
    from gongkai.core.workcalendar import get_calendar

    facts = deadlines.clock_facts(app)
    if facts is None:
        return None
    return deadlines.reply_due(get_calendar(), dataclasses.replace(facts, extension_days=0)).date


def _consultation(c: Consultation) -> ConsultationFacts:
    return ConsultationFacts(
        c.kind,
        c.party,
        c.party_address,
        c.matter,
        c.sent_on,
        c.answer_due,
        c.opinion,
        c.opinion_text,
    )


def _fee(app: Application) -> FeeFacts | None:
    fee = Fee.objects.filter(application=app).first()
    if fee is None:
        return None
    return FeeFacts(
        fee.method,
        fee.pieces_before,
        fee.pieces,
        fee.pages,
        fee.amount,
        fee.notice_on,
        fee.notice_received_on,
        fee.pay_due,
        fee.paid_on,
    )


# -- a sample case, for validating a template without one ----------------------


def sample_facts(agency: Agency | None, decision: str = "") -> CaseFacts:
    """A complete, plausible case: every optional part present, so that a
    template can be rendered whatever branch it takes."""
    d = dt.date(2025, 9, 26)
    return CaseFacts(
        number=f"{agency.code if agency else 'SAMPLE'}-2025-00001",
        agency=agency_facts(agency) if agency else _sample_agency(),
        applicant_name="张明",
        applicant_type=ApplicantType.NATURAL,
        channel=Channel.IN_PERSON,
        arrived_on=d,
        receipt_date=d,
        description="2025年城区道路改造项目的立项批复文件",
        doc_number_sought="",
        requested_form=ProvisionMode.ELECTRONIC,
        requested_delivery=DeliveryMethod.EMAIL,
        due_on=dt.date(2025, 10, 30),
        decision=decision or Decision.DISCLOSE,
        reason="示例理由与说明。",
        grounds=(Ground.PROCESS_INFO,),
        responsible_organ="示例市交通运输局，联系电话：0512-00000000",
        provided_form=ProvisionMode.PAPER,
        provided_form_reason="该信息仅有纸质件",
        concluded_on=dt.date(2025, 10, 30),
        withdraw_note="申请人书面撤回",
        correction=CorrectionFacts(
            "请写明所需文件的名称或文号", d, dt.date(2025, 10, 24), dt.date(2025, 10, 9), ""
        ),
        extension=ExtensionFacts(
            20,
            "需要调取档案核查",
            True,
            dt.date(2025, 10, 20),
            dt.date(2025, 10, 30),
            dt.date(2025, 11, 27),
        ),
        consultation=ConsultationFacts(
            ConsultationKind.THIRD_PARTY,
            "示例有限公司",
            "",
            "该信息涉及你方的商业信息",
            dt.date(2025, 10, 9),
            dt.date(2025, 10, 30),
            Opinion.PENDING,
            "",
        ),
        third_party_objected=True,
        fee=FeeFacts(FeeMethod.PER_PAGE, 0, 1, 40, 100, d, d, dt.date(2025, 10, 31), None),
    )


def _sample_agency() -> AgencyFacts:
    return AgencyFacts(
        "示例市人民政府办公室",
        "示例市政府办",
        "示例市人民政府办公室政务公开科",
        "示例市人民路1号",
        "215000",
        "0512-00000000",
        "工作日 8:30-17:00",
        "",
        "",
        "示例市人民政府",
        "示例市人民法院",
    )


# -- the flat context ------------------------------------------------------


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _text(value: str) -> str:
    """User-typed text: one line per paragraph (a single newline becomes a break)."""
    lines = [line.strip() for line in value.replace("\r\n", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


def _inline(value: str) -> str:
    """User-typed text that sits inside a sentence: one line, no closing stop."""
    lines = [line.strip() for line in value.replace("\r\n", "\n").split("\n")]
    return "；".join(line for line in lines if line).rstrip("。；;.，, ")


def letter_context(facts: CaseFacts, issued_on: dt.date) -> dict[str, Any]:
    """The dict a letter body template sees (only str, int, bool and lists of str)."""
    is_org = facts.applicant_type != ApplicantType.NATURAL
    ctx: dict[str, Any] = {
        "law": law.ORDINANCE,
        "number": facts.number,
        "applicant_name": facts.applicant_name,
        "is_organisation": is_org,
        "you": _("你单位") if is_org else _("你"),
        "channel": _label(Channel, facts.channel),
        "arrived_on": cn_date(facts.arrived_on),
        "receipt_date": cn_date(facts.receipt_date),
        "receipt_rule": receipt_rule(facts.channel),
        "description": quoted(facts.description),
        "doc_number_sought": facts.doc_number_sought,
        "requested_form": _label(ProvisionMode, facts.requested_form),
        "requested_delivery": _label(DeliveryMethod, facts.requested_delivery),
        "due_on": cn_date(facts.due_on),
        "issued_on": cn_date(issued_on),
        "reply_days": deadlines.REPLY_DAYS,
        "review_days": law.REVIEW_PERIOD_DAYS,
        "litigation_months": law.LITIGATION_PERIOD_MONTHS,
    }
    ctx.update(_agency_context(facts.agency))
    ctx.update(_decision_context(facts))
    ctx.update(_correction_context(facts.correction))
    ctx.update(_extension_context(facts.extension))
    ctx.update(_consultation_context(facts.consultation, facts.third_party_objected))
    ctx.update(_fee_context(facts.fee))
    ctx["opening"] = opening(ctx)
    return ctx


def receipt_rule(channel: str) -> str:
    """How 第三十一条 fixes the receipt date for this channel."""
    rules: dict[str, str] = {
        Channel.IN_PERSON: _("申请人当面提交申请的，以提交之日为收到申请之日"),
        Channel.POST_SIGNED: _("以邮寄方式提交申请的，以本机关签收之日为收到申请之日"),
        Channel.POST_ORDINARY: _("以平常信函提交申请的，以本机关与申请人确认之日为收到申请之日"),
        Channel.FAX: _("通过传真提交申请的，以双方确认之日为收到申请之日"),
        Channel.ONLINE: _("通过互联网渠道提交申请的，以双方确认之日为收到申请之日"),
        Channel.EMAIL: _("通过电子邮件提交申请的，以双方确认之日为收到申请之日"),
    }
    return str(rules.get(channel, ""))


def opening(ctx: dict[str, Any]) -> str:
    """The sentence every letter to the applicant starts with."""
    text = _(
        "本机关于%(receipt)s收到%(you)s提出的政府信息公开申请（申请编号：%(number)s），"
        "申请获取“%(description)s”。"
    ) % {
        "receipt": ctx["receipt_date"] or ctx["arrived_on"],
        "you": ctx["you"],
        "number": ctx["number"],
        "description": ctx["description"],
    }
    if ctx["correction_received_on"]:
        text += _("本机关于%(d)s收到%(you)s补正后的申请。") % {
            "d": ctx["correction_received_on"],
            "you": ctx["you"],
        }
    return text


def _agency_context(a: AgencyFacts) -> dict[str, Any]:
    return {
        "agency_name": a.name,
        "agency_short_name": a.short_name or a.name,
        "agency_office": a.office,
        "agency_address": a.address,
        "agency_postcode": a.postcode,
        "agency_phone": a.phone,
        "agency_hours": a.hours,
        "agency_email": a.email,
        "agency_website": a.website,
        "review_body": a.review_body,
        "court": a.court,
    }


def _decision_context(f: CaseFacts) -> dict[str, Any]:
    grounds = [law.GROUNDS[g] for g in f.grounds if g in law.GROUNDS]
    articles = list(dict.fromkeys(article for _desc, article in grounds))
    organ = f.responsible_organ.strip()
    return {
        "decision": f.decision,
        "decision_label": _label(Decision, f.decision) if f.decision else "",
        "decision_article": DECISIONS[Decision(f.decision)].article if f.decision else "",
        "reason": _text(f.reason),
        "grounds": [desc for desc, _article in grounds],
        "grounds_text": "；".join(desc for desc, _article in grounds),
        "grounds_articles": "、".join(articles),
        "responsible_organ": organ,
        "responsible_organ_known": bool(organ) and organ not in ("无法确定", "不能确定"),
        "provided_form": _label(ProvisionMode, f.provided_form) if f.provided_form else "",
        "provided_form_reason": _inline(f.provided_form_reason),
        "form_differs": bool(f.provided_form) and f.provided_form != f.requested_form,
        "is_inspection": f.provided_form == ProvisionMode.INSPECT,
        "concluded_on": cn_date(f.concluded_on),
        "withdraw_note": _inline(f.withdraw_note),
    }


def _correction_context(c: CorrectionFacts | None) -> dict[str, Any]:
    return {
        "corrected": bool(c and c.received_on),
        "correction_items": _text(c.items) if c else "",
        "correction_notice_on": cn_date(c.notice_on) if c else "",
        "correction_deadline": cn_date(c.deadline) if c else "",
        "correction_received_on": cn_date(c.received_on) if c else "",
    }


def _extension_context(e: ExtensionFacts | None) -> dict[str, Any]:
    return {
        "extension_days": e.days if e else 0,
        "extension_reason": _inline(e.reason) if e else "",
        "extension_approved_on": cn_date(e.approved_on) if e else "",
        "due_before_extension": cn_date(e.due_before) if e else "",
        "due_after_extension": cn_date(e.due_after) if e else "",
    }


def _consultation_context(c: ConsultationFacts | None, objected: bool) -> dict[str, Any]:
    return {
        "party": c.party if c else "",
        "party_address": c.party_address if c else "",
        "is_third_party": bool(c and c.kind == ConsultationKind.THIRD_PARTY),
        "matter": _inline(c.matter) if c else "",
        "consultation_sent_on": cn_date(c.sent_on) if c else "",
        "consultation_answer_due": cn_date(c.answer_due) if c else "",
        "consultation_days": deadlines.CONSULTATION_DAYS,
        "third_party_objected": objected,
    }


def _fee_context(fee: FeeFacts | None) -> dict[str, Any]:
    return {
        "fee_method": _label(FeeMethod, fee.method) if fee else "",
        "fee_per_piece": bool(fee and fee.method == FeeMethod.PER_PIECE),
        "fee_pieces_before": fee.pieces_before if fee else 0,
        "fee_pieces": fee.pieces if fee else 0,
        "fee_pages": fee.pages if fee else 0,
        "fee_amount": fee.amount if fee else 0,
        "fee_rate": fee_rate(fee.method) if fee else "",
        "fee_breakdown": fee_breakdown(fee) if fee else "",
        "fee_basis": law.FEE_MEASURES,
        "fee_notice_on": cn_date(fee.notice_on) if fee else "",
        "fee_notice_received_on": cn_date(fee.notice_received_on) if fee else "",
        "fee_pay_due": cn_date(fee.pay_due) if fee else "",
        "fee_days": deadlines.FEE_PAYMENT_DAYS,
        "fee_pauses_clock": bool(settings.GONGKAI.get("FEE_PAUSES_REPLY_CLOCK", True)),
    }


def fee_rate(method: str) -> str:
    """The schedule of 国办函〔2020〕109号 as the notice states it."""
    if method == FeeMethod.PER_PIECE:
        return _(
            "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，"
            "按100元/件收费；30件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件"
        )
    return _(
        "30页以下（含30页）的，不收费；31—100页（含100页）的部分，收费10元/页；"
        "101—200页（含200页）的部分，收费20元/页；200页以上的部分，收费40元/页"
    )


def fee_breakdown(fee: FeeFacts) -> str:
    """How the amount was reached, band by band, e.g. (100−30)页×10元＋(150−100)页×20元＝1700元."""
    parts = _piece_bands(fee) if fee.method == FeeMethod.PER_PIECE else _page_bands(fee.pages)
    return "＋".join(parts) + f"＝{fee.amount}元" if parts else f"{fee.amount}元"


def _page_bands(pages: int) -> list[str]:
    parts, lower = [], 0
    for upper, rate in deadlines.PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower and rate:
            parts.append(_band(_("页"), lower + 1, top, rate))
        if upper is None or pages <= upper:
            break
        lower = upper
    return parts


def _piece_bands(fee: FeeFacts) -> list[str]:
    bands: list[tuple[int, int, int]] = []  # (first, last, rate)
    for i in range(fee.pieces_before + 1, fee.pieces_before + fee.pieces + 1):
        rate = deadlines.per_piece_fee(i - 1, 1)
        if bands and bands[-1][2] == rate:
            bands[-1] = (bands[-1][0], i, rate)
        else:
            bands.append((i, i, rate))
    return [_band(_("件"), a, b, r) for a, b, r in bands if r]


def _band(unit: str, first: int, last: int, rate: int) -> str:
    """第11—30件共20件×100元 / 第31件×200元."""
    if first == last:
        return _("第%(a)d%(u)s×%(r)d元") % {"a": first, "u": unit, "r": rate}
    return _("第%(a)d—%(b)d%(u)s共%(n)d%(u)s×%(r)d元") % {
        "a": first,
        "b": last,
        "n": last - first + 1,
        "u": unit,
        "r": rate,
    }


# A quotation inside a sentence of the letter ends without its own sentence mark: the
# letter's “……” is followed by its own 。 or ，, so 申请获取“……公告。”。 becomes “……公告”。
SENTENCE_END = "。．.，,；;：:！!？?、\u3000 \n\t"


def quoted(text: str) -> str:
    """The applicant's words as quoted in a letter: trailing sentence marks dropped."""
    return text.strip().rstrip(SENTENCE_END)
