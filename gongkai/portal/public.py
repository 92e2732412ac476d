"""What an applicant may see of their own case, once number and code matched.

Shared by the tracking page and the public API. Only milestones that concern
the applicant are shown, with the dates the 条例 attaches to them; internal
steps (drafts, reviews, who did what) and third parties' names stay inside.
Personal data is shown masked even here: the page may be open on a shared screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.applications import deadlines
from gongkai.applications import preconditions as pre
from gongkai.applications.decisions import Decision
from gongkai.applications.models import (
    ApplicantType,
    Application,
    CaseEvent,
    Channel,
    DeliveryMethod,
    EventKind,
    Letter,
    Status,
)
from gongkai.core.masking import mask_id, mask_name, mask_phone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PUBLIC_STATUS = {
    Status.SUBMITTED: gettext_lazy("已提交，待工作机构确认收到"),
    Status.RECEIVED: gettext_lazy("办理中"),
    Status.CORRECTION: gettext_lazy("待补正"),
    Status.CONSULTING: gettext_lazy("办理中（征求意见）"),
    Status.FEE: gettext_lazy("待缴纳信息处理费"),
    Status.REVIEW: gettext_lazy("办理中"),
    Status.REPLIED: gettext_lazy("已答复"),
    Status.CLOSED: gettext_lazy("已终止"),
}


@dataclass(frozen=True)
class Milestone:
    on: dt.date
    kind: str
    title: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicLetter:
    id: int
    kind: str
    title: str
    doc_number: str
    issued_on: dt.date
    # 作废: listed (the applicant may hold a copy and must learn it no longer stands) with
    # the day it was voided and its replacement, but never offered for download.
    voided: bool = False
    voided_on: dt.date | None = None
    replaced_by: str = ""  # the replacement's 文号, if the letter was re-issued

    @property
    def downloadable(self) -> bool:
        return not self.voided


@dataclass
class PublicCase:
    id: int
    number: str
    agency: str
    status: str
    status_label: str
    submitted_on: dt.date
    receipt_date: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    clock_paused: bool
    clock: deadlines.ClockState
    decision_label: str
    concluded_on: dt.date | None
    applicant_name: str
    id_number: str
    phone: str
    description: str
    next_step: str
    can_correct: bool = False
    can_withdraw: bool = False
    milestones: list[Milestone] = field(default_factory=list)
    letters: list[PublicLetter] = field(default_factory=list)


def public_case(app: Application) -> PublicCase:
    natural = app.applicant_type == ApplicantType.NATURAL
    clock = deadlines.clock_state(app)
    return PublicCase(
        id=app.pk,
        number=app.number,
        agency=app.agency.name,
        status=app.status,
        status_label=str(PUBLIC_STATUS[Status(app.status)]),
        submitted_on=app.arrived_on,
        receipt_date=app.receipt_date,
        due_on=clock.due_on if app.is_open else None,
        due_provisional=clock.provisional and app.is_open,
        clock_paused=clock.paused,
        clock=clock,
        decision_label=app.get_decision_display() if app.decision else "",
        concluded_on=app.concluded_on,
        applicant_name=mask_name(app.applicant_name) if natural else app.applicant_name,
        id_number=mask_id(app.id_number) if app.id_number else "",
        phone=mask_phone(app.phone),
        description=app.description,
        next_step=next_step(app),
        can_correct=pre.why_not_receive_correction(app) is None,
        can_withdraw=pre.why_not_withdraw(app) is None,
        milestones=milestones(app),
        letters=public_letters(app),
    )


def public_letters(app: Application) -> list[PublicLetter]:
    rows = (
        app.letters.select_related("replaced_by")
        .defer("docx", "pdf", "replaced_by__docx", "replaced_by__pdf")
        .order_by("issued_on", "id")
    )
    return [_public_letter(lt) for lt in rows if lt.public]


def _public_letter(lt: Letter) -> PublicLetter:
    voided_on = timezone.localdate(lt.voided_at) if lt.voided_at else None
    replaced_by = lt.replaced_by.doc_number if lt.replaced_by else ""
    return PublicLetter(
        lt.pk, lt.kind, lt.title, lt.doc_number, lt.issued_on, lt.voided, voided_on, replaced_by
    )


def public_letter(app: Application, letter_id: int) -> Letter | None:
    """A letter of this case addressed to the applicant (voided or not), or None."""
    letter = app.letters.filter(pk=letter_id).first()
    return letter if letter is not None and letter.public else None


def voided_notice(letter: Letter) -> str:
    """Why a voided letter is not handed out, and which letter stands in its place."""
    if letter.voided_at is None:
        return ""
    text = _("文书%(n)s已于 %(d)s 作废，不再提供下载，不能作为有效文书使用。") % {
        "n": letter.doc_number,
        "d": timezone.localdate(letter.voided_at).isoformat(),
    }
    if letter.replaced_by_id:
        replacement = Letter.objects.only("doc_number").get(pk=letter.replaced_by_id)
        text += _("请以%(r)s为准。") % {"r": replacement.doc_number}
    return text


def next_step(app: Application) -> str:
    """What the applicant should do or expect now."""
    if app.status == Status.SUBMITTED:
        return _(
            "工作机构将与您确认收到申请的日期；答复期限自双方确认之日起计算（条例第三十一条）。"
        )
    if app.status == Status.CORRECTION:
        c = deadlines.open_correction(app)
        if c is not None:
            return _(
                "请于 %(d)s 前按补正告知书提交补正材料；无正当理由逾期不补正的，视为放弃申请（条例第三十条）。"
            ) % {"d": c.deadline.isoformat()}
    if app.status == Status.FEE:
        fee = deadlines.unpaid_fee(app)
        if fee is not None:
            return _(
                "请于 %(d)s 前缴纳信息处理费 %(a)d 元；逾期未缴纳的，视为放弃申请（国办函〔2020〕109号）。"
            ) % {"d": fee.pay_due.isoformat(), "a": fee.amount}
    if app.status == Status.REPLIED:
        return _("已作出答复，可在下方下载答复告知书。")
    if app.status == Status.CLOSED and app.decision == Decision.WITHDRAWN:
        return _("您已于 %(d)s 撤回本申请，本申请终止办理。如仍需获取信息，可以重新提出申请。") % {
            "d": _iso(app.concluded_on)
        }
    if app.status == Status.CLOSED:
        return _("本申请已终止办理。")
    return _("工作机构正在办理，将在答复期限内作出答复。")


# -- milestones -------------------------------------------------------------


def milestones(app: Application) -> list[Milestone]:
    out: list[Milestone] = []
    for event in app.events.filter(kind__in=list(_DESCRIBE)).order_by("at", "id"):
        m = _DESCRIBE[event.kind](app, event)
        if m is not None:
            out.append(m)
    return out


def _day(event: CaseEvent, key: str = "") -> dt.date:
    value = event.data.get(key) if key else None
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            pass
    return timezone.localdate(event.at)


def _iso(value: Any) -> str:
    return str(value) if value else _("（待定）")


def _submitted(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(_day(e), e.kind, _("网上提交申请"))


def _registered(app: Application, e: CaseEvent) -> Milestone:
    channel = Channel(e.data.get("channel", app.channel)).label
    return Milestone(_day(e, "arrived_on"), e.kind, _("登记申请（%(c)s）") % {"c": channel})


def _received(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(
        _day(e, "receipt_date"),
        e.kind,
        _("确认收到申请"),
        (
            _("收到申请之日：%(d)s（条例第三十一条）") % {"d": _iso(e.data.get("receipt_date"))},
            _("答复期限：%(d)s") % {"d": _iso(e.data.get("due_on"))},
        ),
    )


def _correction(app: Application, e: CaseEvent) -> Milestone:
    c = app.corrections.order_by("id").first()
    details = [_("补正期限：%(d)s") % {"d": _iso(e.data.get("deadline"))}]
    if c is not None:
        details.insert(0, _("需补正的事项：%(i)s") % {"i": c.items})
    details.append(_("补正期间答复期限暂停计算，自收到补正材料之日起重新计算（条例第三十条）。"))
    return Milestone(_day(e, "notice_on"), e.kind, _("补正告知"), tuple(details))


def _correction_received(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(
        _day(e, "received_on"),
        e.kind,
        _("收到补正材料"),
        (
            *((_("申请人网上提交"),) if e.data.get("channel") == Channel.ONLINE else ()),
            _("重新计算的答复期限：%(d)s") % {"d": _iso(e.data.get("due_on"))},
        ),
    )


def _consultation(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(
        _day(e, "sent_on"),
        e.kind,
        _("征求意见"),
        (_("征求第三方或其他机关意见所需时间不计入答复期限（条例第三十三条第三款）。"),),
    )


def _extension(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(
        _day(e, "notified_on"),
        e.kind,
        _("延长答复期限"),
        (
            _("延长 %(n)s 个工作日（条例第三十三条第二款）") % {"n": e.data.get("days", "")},
            _("新的答复期限：%(d)s") % {"d": _iso(e.data.get("due_on"))},
        ),
    )


def _fee(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(
        _day(e),
        e.kind,
        _("收费通知"),
        (
            _("信息处理费：%(a)s 元") % {"a": e.data.get("amount", "")},
            _("缴费期限：%(d)s") % {"d": _iso(e.data.get("pay_due"))},
        ),
    )


def _fee_paid(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(_day(e, "paid_on"), e.kind, _("已缴纳信息处理费"))


def _replied(app: Application, e: CaseEvent) -> Milestone:
    return Milestone(
        _day(e, "replied_on"),
        e.kind,
        _("作出答复"),
        (_("答复类型：%(d)s") % {"d": app.get_decision_display()},),
    )


def _closed(title: StrOrPromise) -> Callable[[Application, CaseEvent], Milestone]:
    def describe(app: Application, e: CaseEvent) -> Milestone:
        details: tuple[str, ...] = (app.get_decision_display(),) if app.decision else ()
        if e.data.get("channel") == Channel.ONLINE:
            details = (_("申请人通过本网站撤回"),)  # the title already says what ended it
        on = app.concluded_on or _day(e, "decided_on")
        return Milestone(on, e.kind, str(title), details)

    return describe


def _delivered(app: Application, e: CaseEvent) -> Milestone:
    method = e.data.get("method", "")
    label = DeliveryMethod(method).label if method in DeliveryMethod.values else ""
    return Milestone(_day(e, "delivered_on"), e.kind, _("文书送达"), (str(label),) if label else ())


_DESCRIBE: dict[str, Callable[[Application, CaseEvent], Milestone | None]] = {
    EventKind.SUBMITTED: _submitted,
    EventKind.REGISTERED: _registered,
    EventKind.RECEIPT_CONFIRMED: _received,
    EventKind.CORRECTION_REQUESTED: _correction,
    EventKind.CORRECTION_RECEIVED: _correction_received,
    EventKind.CONSULTATION_STARTED: _consultation,
    EventKind.EXTENSION_APPROVED: _extension,
    EventKind.FEE_NOTICED: _fee,
    EventKind.FEE_PAID: _fee_paid,
    EventKind.DECISION_APPROVED: _replied,
    EventKind.ABANDONED: _closed(gettext_lazy("视为放弃申请")),
    EventKind.WITHDRAWN: _closed(gettext_lazy("撤回申请")),
    EventKind.DELIVERED: _delivered,
}
