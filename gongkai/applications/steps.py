"""Every staff step on a case, declared once.

A step is one entry of ``STEPS``: its typed input (a frozen dataclass, the *command*),
the office form that fills it, who may take it (a predicate of ``agencies/permissions.py``),
when (its ``why_not_*`` in ``preconditions.py``), and the one service verb that takes it
(``run(actor, app, command)``). The office's case page and action pages
(``views.case_action``) and the REST API's action endpoints (``api/views/cases.py``) are both
generated from this table, so a new step is one entry here plus its service verb, its form
and its API serializer — ``tests/applications/test_step_registry.py`` fails while one is
missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies import permissions as perm
from gongkai.core.actors import Actor
from gongkai.core.workcalendar import get_calendar

from . import attachments, deadlines, forms, services
from . import preconditions as pre
from .decisions import DECISIONS, Decision, Ground
from .letters.build import LetterError, build_letter
from .letters.issue import current_letters
from .models import Appeal, Application, Consultation, LetterKind
from .services.common import check_date

# -- the commands: one typed input per step --------------------------------------------


@dataclass(frozen=True)
class ConfirmReceipt:
    confirmed_on: dt.date


@dataclass(frozen=True)
class RequestCorrection:
    items: str
    notice_on: dt.date
    period_days: int | None = None


@dataclass(frozen=True)
class ReceiveCorrection:
    received_on: dt.date
    content: str = ""


@dataclass(frozen=True)
class StartConsultation:
    kind: str
    party: str
    sent_on: dt.date
    matter: str = ""
    party_address: str = ""


@dataclass(frozen=True)
class RecordOpinion:
    consultation: Consultation
    opinion: str
    answered_on: dt.date | None = None
    text: str = ""


@dataclass(frozen=True)
class RequestExtension:
    days: int
    reason: str


@dataclass(frozen=True)
class DecideExtension:
    approve: bool
    decided_on: dt.date
    notified_on: dt.date | None = None


@dataclass(frozen=True)
class IssueFeeNotice:
    method: str
    notice_on: dt.date
    notice_received_on: dt.date
    pieces_before: int = 0
    pieces: int = 1
    pages: int = 0


@dataclass(frozen=True)
class RecordPayment:
    paid_on: dt.date
    receipt_no: str = ""


@dataclass(frozen=True)
class ProposeDecision:
    decision: str
    reason: str = ""
    grounds: list[str] = field(default_factory=list)
    responsible_organ: str = ""
    provided_form: str = ""
    provided_form_reason: str = ""


@dataclass(frozen=True)
class ApproveDecision:
    replied_on: dt.date


@dataclass(frozen=True)
class ReturnDecision:
    note: str


@dataclass(frozen=True)
class Deliver:
    method: str
    delivered_on: dt.date
    proof: str = ""
    letter_id: int | None = None


@dataclass(frozen=True)
class IssueLetter:
    kind: str
    issued_on: dt.date | None = None
    consultation: Consultation | None = None
    reason: str = ""  # why a letter of a kind the case has is issued again (the old one is voided)
    token: str = ""  # the form's idempotency token: a double click takes one number


@dataclass(frozen=True)
class SaveAttachment:
    kind: str
    file: Any  # an uploaded file (Django's UploadedFile)


@dataclass(frozen=True)
class RecordAppeal:
    kind: str
    body: str
    filed_on: dt.date
    case_number: str = ""
    after_review: Appeal | None = None


@dataclass(frozen=True)
class ConcludeAppeal:
    appeal: Appeal
    result: str
    concluded_on: dt.date
    note: str = ""


@dataclass(frozen=True)
class Abandon:
    decided_on: dt.date


@dataclass(frozen=True)
class Withdraw:
    on: dt.date
    note: str = ""


def build(command: type[Any], data: Mapping[str, Any]) -> Any:
    """The command from a form's or a serializer's cleaned data: its own fields only; a
    missing or empty (``None``) optional field takes the command's default."""
    return command(
        **{x.name: data[x.name] for x in fields(command) if data.get(x.name) is not None}
    )


def arguments(command: Any) -> dict[str, Any]:
    """The command's fields as keyword arguments (not ``asdict``: records stay records)."""
    return {x.name: getattr(command, x.name) for x in fields(command)}


def verb(service: Callable[..., Any]) -> Callable[[Any, Application, Any], Any]:
    """Run a service verb whose parameters are (actor, app, *the command's fields*)."""

    def run(actor: Actor, app: Application, command: Any) -> Any:
        return service(actor, app, **arguments(command))

    run.__name__ = service.__name__
    return run


def _record_opinion(actor: Actor, app: Application, c: RecordOpinion) -> Any:
    _own(app, c.consultation)
    return services.record_opinion(actor, c.consultation, c.opinion, c.answered_on, c.text)


def _conclude_appeal(actor: Actor, app: Application, c: ConcludeAppeal) -> Any:
    _own(app, c.appeal)
    return services.conclude_appeal(actor, c.appeal, c.result, c.concluded_on, c.note)


def _save_attachment(actor: Actor, app: Application, c: SaveAttachment) -> Any:
    return attachments.save_attachment(actor, app, c.kind, c.file)


def _own(app: Application, record: Consultation | Appeal) -> None:
    """A sub-record named by a command belongs to the case the step is taken on."""
    if record.application_id != app.pk:
        raise services.CaseError(_("该记录不属于本案。"))


def fee_preview(app: Application, data: Mapping[str, Any]) -> dict[str, Any]:
    """The figures the clerk confirms before the fee notice goes out."""
    c = build(IssueFeeNotice, data)
    amount = services.fee_amount(c.method, c.pieces_before, c.pieces, c.pages)
    pay_due = deadlines.fee_payment_due(get_calendar(), c.notice_received_on)
    return {"amount": amount, "pay_due": pay_due}


def reply_preview(app: Application, data: Mapping[str, Any]) -> dict[str, Any]:
    """The 答复告知书 the reviewer approves, as it will be issued but for its number:
    审核 is reading the letter, so approval is confirmed against this draft."""
    c = build(ApproveDecision, data)
    check_date(c.replied_on, "replied_on", app.clock_start)  # the letter's date: as approval checks
    spec = DECISIONS[Decision(app.decision)] if app.decision else None
    return {
        "article": spec.article if spec else "",
        "grounds": [Ground(g).label for g in app.decision_grounds if g in Ground.values],
        **_draft(app, LetterKind.REPLY, c.replied_on, None),
    }


def letter_preview(app: Application, data: Mapping[str, Any]) -> dict[str, Any]:
    """The letter about to be issued, with the letters it would void: a 文号 is taken
    only after the clerk has seen this."""
    c = build(IssueLetter, data)
    on = c.issued_on or services.today()
    # A letter this very form already issued (a double click) is not an earlier one.
    earlier = [
        x
        for x in current_letters(app, c.kind, c.consultation)
        if not c.token or x.request_token != c.token
    ]
    return {"earlier": [x.doc_number for x in earlier], **_draft(app, c.kind, on, c.consultation)}


def _draft(
    app: Application, kind: str, on: dt.date, consultation: Consultation | None
) -> dict[str, Any]:
    try:
        return {"draft": build_letter(app, kind, on, consultation, preview=True), "error": ""}
    except LetterError as exc:
        return {"draft": None, "error": " ".join(exc.messages)}


# -- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One staff step: its input, form, permission, precondition and service verb."""

    name: str
    label: Promise
    command: type[Any]
    form: type[forms.CaseForm]
    why_not: Callable[..., str | None]
    run: Callable[[Any, Application, Any], Any]
    permitted: Callable[[Any, Application], bool] = perm.can_handle_case
    api: str = ""  # the API action: POST /api/applications/<pk>/<api>/ ("" = office only)
    done: Promise = gettext_lazy("已办理。")
    hint: Promise | str = ""
    style: str = ""
    # A step whose first POST only shows what the step will do (the fee, the draft letter);
    # the second POST confirms exactly what was shown (views._preview_confirmed).
    preview: Callable[[Application, Mapping[str, Any]], dict[str, Any]] | None = None
    preview_template: str = ""
    preview_button: Promise | str = ""  # the first button: 计算费用, 预览……
    confirm_button: Promise | str = ""  # the button under the preview
    preview_first: bool = False  # the action page opens on the preview (the draft reply)

    def offered(self, app: Application, today: dt.date | None = None) -> bool:
        return self.why_not(app, today) is None

    def available(self, user: Any, app: Application) -> bool:
        return self.permitted(user, app) and self.offered(app)

    def command_from(self, data: Mapping[str, Any]) -> Any:
        return build(self.command, data)

    def take(self, actor: Actor, app: Application, data: Mapping[str, Any]) -> Any:
        """Run the service verb on the cleaned data of this step's form or serializer."""
        return self.run(actor, app, self.command_from(data))


APPROVE = perm.can_approve

STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "confirm",
            gettext_lazy("确认收到申请"),
            ConfirmReceipt,
            forms.ConfirmReceiptForm,
            pre.why_not_confirm_receipt,
            verb(services.confirm_receipt),
            api="confirm-receipt",
            done=gettext_lazy("已确认收到申请，开始计算答复期限。"),
            hint=gettext_lazy("条例第三十一条：以双方确认之日为收到申请之日，答复期限自次日起算。"),
            style="primary",
        ),
        Step(
            "correction",
            gettext_lazy("一次性告知补正"),
            RequestCorrection,
            forms.RequestCorrectionForm,
            pre.why_not_request_correction,
            verb(services.request_correction),
            api="correction",
            done=gettext_lazy("已发出补正告知，答复期限暂停计算。"),
            hint=gettext_lazy(
                "条例第三十条：收到申请之日起7个工作日内一次性告知；答复期限自收到补正之日起重新计算。"
            ),
        ),
        Step(
            "receive_correction",
            gettext_lazy("收到补正材料"),
            ReceiveCorrection,
            forms.ReceiveCorrectionForm,
            pre.why_not_receive_correction,
            verb(services.receive_correction),
            api="correction-received",
            done=gettext_lazy("已记录补正，答复期限重新计算。"),
            style="primary",
        ),
        Step(
            "consult",
            gettext_lazy("征求意见"),
            StartConsultation,
            forms.StartConsultationForm,
            pre.why_not_start_consultation,
            verb(services.start_consultation),
            api="consultations",
            done=gettext_lazy("已记录征求意见，征求意见期间不计入答复期限。"),
            hint=gettext_lazy(
                "条例第三十二、三十四条：被征求意见方15个工作日内答复；所需时间不计算在答复期限内。"
            ),
        ),
        Step(
            "opinion",
            gettext_lazy("记录征求意见结果"),
            RecordOpinion,
            forms.RecordOpinionForm,
            pre.why_not_record_opinion,
            _record_opinion,
            api="opinions",
            done=gettext_lazy("已记录征求意见结果。"),
        ),
        Step(
            "extension",
            gettext_lazy("申请延期"),
            RequestExtension,
            forms.RequestExtensionForm,
            pre.why_not_request_extension,
            verb(services.request_extension),
            api="extension",
            done=gettext_lazy("延期申请已提交审核人审批。"),
        ),
        Step(
            "decide_extension",
            gettext_lazy("审批延期"),
            DecideExtension,
            forms.DecideExtensionForm,
            pre.why_not_decide_extension,
            verb(services.decide_extension),
            permitted=APPROVE,
            api="extension-decision",
            done=gettext_lazy("已审批延期申请。"),
            style="primary",
        ),
        Step(
            "fee",
            gettext_lazy("发出收费通知"),
            IssueFeeNotice,
            forms.FeeNoticeForm,
            pre.why_not_issue_fee_notice,
            verb(services.issue_fee_notice),
            api="fee-notice",
            done=gettext_lazy("已发出收费通知。"),
            preview=fee_preview,
            preview_template="office/_preview_fee.html",
            preview_button=gettext_lazy("计算费用"),
            confirm_button=gettext_lazy("确认发出收费通知"),
            hint=gettext_lazy(
                "国办函〔2020〕109号：申请人应在收到通知之日起20个工作日内缴费，逾期视为放弃申请。"
            ),
        ),
        Step(
            "payment",
            gettext_lazy("记录缴费"),
            RecordPayment,
            forms.RecordPaymentForm,
            pre.why_not_record_payment,
            verb(services.record_payment),
            api="payment",
            done=gettext_lazy("已记录缴费。"),
            style="primary",
        ),
        Step(
            "propose",
            gettext_lazy("拟定答复"),
            ProposeDecision,
            forms.ProposeDecisionForm,
            pre.why_not_propose_decision,
            verb(services.propose_decision),
            api="decision",
            done=gettext_lazy("答复已提交审核。"),
            style="primary",
        ),
        Step(
            "approve",
            gettext_lazy("审核通过并答复"),
            ApproveDecision,
            forms.ApproveDecisionForm,
            pre.why_not_approve_decision,
            verb(services.approve_decision),
            permitted=APPROVE,
            api="decision-approve",
            done=gettext_lazy("已审核通过，答复告知书已生成。"),
            style="primary",
            preview=reply_preview,
            preview_template="office/_preview_reply.html",
            preview_button=gettext_lazy("阅看答复告知书草稿"),
            confirm_button=gettext_lazy("确认无误，审核通过并答复"),
            preview_first=True,
        ),
        Step(
            "return",
            gettext_lazy("退回修改"),
            ReturnDecision,
            forms.ReturnDecisionForm,
            pre.why_not_return_decision,
            verb(services.return_decision),
            permitted=APPROVE,
            api="decision-return",
            done=gettext_lazy("已退回拟稿人修改。"),
        ),
        Step(
            "deliver",
            gettext_lazy("记录送达"),
            Deliver,
            forms.DeliverForm,
            pre.why_not_deliver,
            verb(services.deliver),
            api="deliveries",
            done=gettext_lazy("已记录送达。"),
        ),
        Step(
            "letter",
            gettext_lazy("生成文书"),
            IssueLetter,
            forms.IssueLetterForm,
            pre.why_not_issue_letter,
            verb(services.issue_letter),
            api="letters",
            done=gettext_lazy("文书已生成。"),
            preview=letter_preview,
            preview_template="office/_preview_letter.html",
            preview_button=gettext_lazy("预览文书"),
            confirm_button=gettext_lazy("确认生成并编号"),
        ),
        Step(
            "upload",
            gettext_lazy("上传材料"),
            SaveAttachment,
            forms.AttachmentForm,
            pre.why_not_save_attachment,
            _save_attachment,
            api="attachments",
            done=gettext_lazy("材料已上传。"),
        ),
        Step(
            "appeal",
            gettext_lazy("记录复议/诉讼"),
            RecordAppeal,
            forms.RecordAppealForm,
            pre.why_not_record_appeal,
            verb(services.record_appeal),
            api="appeals",
            done=gettext_lazy("已记录行政复议/行政诉讼。"),
        ),
        Step(
            "conclude_appeal",
            gettext_lazy("记录复议/诉讼结果"),
            ConcludeAppeal,
            forms.ConcludeAppealForm,
            pre.why_not_conclude_appeal,
            _conclude_appeal,
            api="appeal-result",
            done=gettext_lazy("已记录审结结果。"),
        ),
        Step(
            "abandon",
            gettext_lazy("视为放弃申请"),
            Abandon,
            forms.AbandonForm,
            pre.why_not_abandon,
            verb(services.abandon),
            api="abandon",
            done=gettext_lazy("已按视为放弃申请办结。"),
            style="danger",
        ),
        Step(
            "withdraw",
            gettext_lazy("申请人撤回"),
            Withdraw,
            forms.WithdrawForm,
            pre.why_not_withdraw,
            verb(services.withdraw),
            api="withdraw",
            done=gettext_lazy("已记录申请人撤回申请。"),
            style="danger",
        ),
    ]
}
