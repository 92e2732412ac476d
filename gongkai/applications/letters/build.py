"""A letter's content, built from a case: data first, renderers second.

`build_letter` checks that the case is in a state the letter can speak about,
renders the agency's wording of the body (letter_templates.effective_template)
with the sandboxed engine, and adds the parts the statute requires and no
agency may edit away: the provisions relied on, quoted article by article, and
for a decision the applicant can contest, the remedies (条例第五十一条) with the
review body, the court and the two periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gongkai.core.workflow import StepError as CaseError

from ..decisions import DECISIONS, Decision
from ..models import Application, Consultation, ConsultationKind, LetterKind, ProvisionMode, Status
from . import law, numbering, sandbox
from .context import CaseFacts, cn_date_upper, facts_from_case, letter_context


class LetterError(CaseError):
    """The case is not in a state this letter can be issued in; message in Chinese."""


@dataclass(frozen=True)
class LetterContent:
    kind: str
    title: str
    doc_number: str
    recipient: str  # 申请人姓名/名称, or the consulted party
    salutation: str  # "张明："
    paragraphs: tuple[str, ...]
    legal_basis: tuple[str, ...]  # each provision cited, quoted: "《…》第三十条：……"
    remedies: str  # "" when the letter decides nothing the applicant could contest
    closing: str  # "特此告知。"
    issuer: str
    issued_on: dt.date
    attachments: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # 附注 under the date: who to contact
    application_number: str = ""
    decision: str = ""
    seq: int | None = None  # the number's figure in its series; None in a draft

    @property
    def issued_on_text(self) -> str:
        """二〇二五年十月三十日 (GB/T 9704-2012 7.3.5: the date in Chinese numerals)."""
        return cn_date_upper(self.issued_on)


TITLES: dict[str, str] = {
    LetterKind.RECEIPT: "政府信息公开申请受理回执",
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.CONSULTATION: "政府信息公开征求意见函",
    LetterKind.FEE: "政府信息公开信息处理费收费通知书",
    LetterKind.REPLY: "政府信息公开申请答复告知书",
    LetterKind.CLOSURE: "政府信息公开申请终止办理告知书",
}
CLOSINGS: dict[str, str] = {
    LetterKind.RECEIPT: "特此回执。",
    LetterKind.CORRECTION: "特此告知。",
    LetterKind.EXTENSION: "特此告知。",
    LetterKind.CONSULTATION: "特此函询。",
    LetterKind.FEE: "特此通知。",
    LetterKind.REPLY: "特此告知。",
    LetterKind.CLOSURE: "特此告知。",
}
# What the remedies sentence calls the act contested ("如对本答复不服") and the letter.
CONTESTED: dict[str, tuple[str, str]] = {
    LetterKind.REPLY: ("本答复", "本告知书"),
    LetterKind.FEE: ("本收费决定", "本通知书"),
    LetterKind.CLOSURE: ("终止办理决定", "本告知书"),
}

# Provisions each letter rests on, by kind and (for replies and closures) decision.
D = Decision
BASIS: dict[str, list[str]] = {
    LetterKind.RECEIPT: ["第三十一条", "第三十三条第二款", "第三十三条第三款"],
    LetterKind.CORRECTION: ["第三十条"],
    LetterKind.EXTENSION: ["第三十三条第二款"],
    LetterKind.FEE: ["第四十二条"],
}
REPLY_BASIS: dict[str, list[str]] = {
    D.ALREADY_PUBLIC: ["第三十六条第（一）项"],
    D.DISCLOSE: ["第三十六条第（二）项"],
    D.PARTIAL: ["第三十七条"],
    D.DENY_STATE_SECRET: ["第十四条", "第三十六条第（三）项"],
    D.DENY_LAW_FORBIDS: ["第十四条", "第三十六条第（三）项"],
    D.DENY_FOUR_SECURITIES: ["第十四条", "第三十六条第（三）项"],
    D.DENY_THIRD_PARTY: ["第十五条", "第三十六条第（三）项"],
    D.DENY_INTERNAL_AFFAIRS: ["第十六条第一款", "第三十六条第（三）项"],
    D.DENY_PROCESS_INFO: ["第十六条第二款", "第三十六条第（三）项"],
    D.DENY_ENFORCEMENT_FILE: ["第十六条第二款", "第三十六条第（三）项"],
    D.SPECIAL_LAW_QUERY: ["第三十六条第（七）项"],
    D.NOT_EXIST: ["第三十六条第（四）项"],
    D.NOT_OUR_INFO: ["第十条", "第三十六条第（五）项"],
    D.NEEDS_CREATION: ["第三十八条"],
    D.UNCLEAR_AFTER_CORRECTION: ["第三十条"],
    D.PETITION: ["第三十九条第一款"],
    D.REPEAT: ["第三十六条第（六）项"],
    D.PUBLICATION: ["第三十九条第二款"],
    D.UNREASONABLE_MASS: ["第三十五条"],
    D.CONFIRM_REISSUE: ["第二条", "第三十八条"],
    D.ABANDONED_NO_CORRECTION: ["第三十条"],
    D.ABANDONED_NO_FEE: ["第四十二条"],
    D.WITHDRAWN: [],
}


def build_letter(
    app: Application,
    kind: str,
    issued_on: dt.date,
    consultation: Consultation | None = None,
    *,
    preview: bool = False,
) -> LetterContent:
    """The content of a letter for a case. Takes the next 文书 number of the
    agency's series (call inside the issuing transaction) unless `preview`."""
    from ..letter_templates import effective_template

    if kind not in LetterKind.values:
        raise LetterError(_("未知的文书类型。"))
    facts = facts_from_case(app, consultation)
    check_ready(app, kind, facts, consultation)
    decision = facts.decision if kind in (LetterKind.REPLY, LetterKind.CLOSURE) else ""
    ctx = letter_context(facts, issued_on)
    body = effective_template(app.agency, kind, decision).body
    seq = None if preview else numbering.next_seq(app.agency, issued_on.year, kind)
    recipient = _recipient(kind, facts)
    remedy_text = remedies(kind, ctx)
    cited = citations(kind, facts, ctx) + (law.remedy_laws() if remedy_text else [])
    return LetterContent(
        kind=kind,
        title=TITLES[kind],
        doc_number=numbering.format_number(app.agency, kind, issued_on.year, seq),
        recipient=recipient,
        salutation=f"{recipient}：",
        paragraphs=tuple(sandbox.split_paragraphs(sandbox.render_text(body, ctx))),
        legal_basis=tuple(c.line for c in cited),
        remedies=remedy_text,
        closing=CLOSINGS[kind],
        issuer=app.agency.name,
        issued_on=issued_on,
        attachments=attachments(kind, facts),
        notes=notes(ctx),
        application_number=app.number,
        decision=decision,
        seq=seq,
    )


# -- is the case ready for this letter? ---------------------------------------


def check_ready(
    app: Application, kind: str, facts: CaseFacts, consultation: Consultation | None
) -> None:
    problem = _readiness_problem(app, kind, facts, consultation)
    if problem:
        raise LetterError(problem)


def _readiness_problem(
    app: Application, kind: str, facts: CaseFacts, consultation: Consultation | None
) -> str:
    if kind == LetterKind.RECEIPT and facts.receipt_date is None:
        return _("该申请尚未确认收到（条例第三十一条），不能出具受理回执。")
    if kind == LetterKind.CORRECTION and facts.correction is None:
        return _("该申请没有补正告知记录，不能出具补正告知书。")
    if kind == LetterKind.EXTENSION and not (facts.extension and facts.extension.approved):
        return _("该申请没有经批准的延期，不能出具延期答复告知书。")
    if kind == LetterKind.CONSULTATION and (
        consultation is None or consultation.application_id != app.pk
    ):
        return _("请选择本案的一次征求意见，才能出具征求意见函。")
    if kind == LetterKind.FEE and facts.fee is None:
        return _("该申请没有收费通知记录，不能出具收费通知书。")
    if kind == LetterKind.REPLY:
        return _reply_problem(app)
    if kind == LetterKind.CLOSURE:
        return _closure_problem(app)
    return ""


def _reply_problem(app: Application) -> str:
    if not app.decision or DECISIONS[Decision(app.decision)].closes_without_reply:
        return _("该申请尚未拟定答复，不能出具答复告知书。")
    if app.status not in (Status.REVIEW, Status.REPLIED):
        return _("答复已退回修改，请重新拟定后再出具答复告知书。")
    return ""


def _closure_problem(app: Application) -> str:
    spec = DECISIONS.get(Decision(app.decision)) if app.decision else None
    if app.status != Status.CLOSED or spec is None or not spec.closes_without_reply:
        return _("只有视为放弃或撤回而终止的申请才能出具终止办理告知书。")
    return ""


# -- the parts no agency wording can drop -------------------------------------


def _recipient(kind: str, facts: CaseFacts) -> str:
    if kind == LetterKind.CONSULTATION and facts.consultation:
        return facts.consultation.party
    return facts.applicant_name


def citations(kind: str, facts: CaseFacts, ctx: dict[str, Any]) -> list[law.Citation]:
    """The provisions a letter rests on, in the order the letter relies on them."""
    if kind == LetterKind.CONSULTATION:
        third = facts.consultation and facts.consultation.kind == ConsultationKind.THIRD_PARTY
        return [law.ordinance("第三十二条" if third else "第三十四条")]
    keys = list(BASIS.get(kind, []))
    if kind in (LetterKind.REPLY, LetterKind.CLOSURE):
        keys = list(REPLY_BASIS[Decision(facts.decision)])
    if kind == LetterKind.REPLY:
        keys += _reply_extra(facts, ctx)
    cited = [law.ordinance(k) for k in dict.fromkeys(keys)]
    if kind == LetterKind.FEE or (
        facts.decision == D.ABANDONED_NO_FEE and kind == LetterKind.CLOSURE
    ):
        cited.append(law.fee_measures())
    return cited


def _reply_extra(facts: CaseFacts, ctx: dict[str, Any]) -> list[str]:
    extra: list[str] = []
    if facts.decision == D.PARTIAL:
        extra += [law.GROUNDS[g][1] for g in facts.grounds if g in law.GROUNDS]
    if facts.decision == D.DENY_THIRD_PARTY and facts.third_party_objected:
        extra.append("第三十二条")
    if facts.decision in (D.DISCLOSE, D.PARTIAL) and ctx["form_differs"]:
        extra.append("第四十条")
    return extra


def remedies(kind: str, ctx: dict[str, Any]) -> str:
    """行政复议 within 60 days (行政复议法第二十条) or 行政诉讼 within 6 months
    (行政诉讼法第四十六条) — for every letter that decides against the applicant's wish.
    A withdrawal is the applicant's own act: nothing to contest."""
    if kind not in CONTESTED or ctx["decision"] == D.WITHDRAWN:
        return ""
    review = (
        _("向%(b)s申请行政复议") % {"b": ctx["review_body"]}
        if ctx["review_body"]
        else _("依法申请行政复议")
    )
    court = (
        _("向%(c)s提起行政诉讼") % {"c": ctx["court"]}
        if ctx["court"]
        else _("向有管辖权的人民法院提起行政诉讼")
    )
    act, letter = CONTESTED[kind]
    return _(
        "%(you)s如对%(act)s不服，可以依照%(review_law)s%(review_article)s的规定，"
        "自收到%(letter)s之日起%(days)d日内%(review)s；也可以依照%(lit_law)s%(lit_article)s的规定，"
        "自收到%(letter)s之日起%(months)d个月内%(court)s。"
    ) % {
        "you": ctx["you"],
        "act": act,
        "letter": letter,
        "review_law": law.REVIEW_LAW,
        "review_article": law.REVIEW_ARTICLE.replace("第一款", ""),
        "lit_law": law.LITIGATION_LAW,
        "lit_article": law.LITIGATION_ARTICLE.replace("第一款", ""),
        "days": law.REVIEW_PERIOD_DAYS,
        "review": review,
        "months": law.LITIGATION_PERIOD_MONTHS,
        "court": court,
    }


def attachments(kind: str, facts: CaseFacts) -> tuple[str, ...]:
    """A reply that hands information over lists it as the attachment."""
    if kind != LetterKind.REPLY or facts.provided_form in ("", ProvisionMode.INSPECT):
        return ()
    if facts.decision == D.DISCLOSE:
        return (_("所申请公开的政府信息"),)
    if facts.decision == D.PARTIAL:
        return (_("所申请公开的政府信息（可以公开的部分）"),)
    return ()


def notes(ctx: dict[str, Any]) -> tuple[str, ...]:
    """附注: the work unit to contact (条例第十二条: name, address, phone)."""
    parts = [_("联系单位：%(o)s") % {"o": ctx["agency_office"]}]
    if ctx["agency_phone"]:
        parts.append(_("联系电话：%(p)s") % {"p": ctx["agency_phone"]})
    if ctx["agency_address"]:
        address = ctx["agency_address"]
        if ctx["agency_postcode"]:
            address += _("（邮政编码：%(z)s）") % {"z": ctx["agency_postcode"]}
        parts.append(_("通信地址：%(a)s") % {"a": address})
    return ("；".join(parts),)
