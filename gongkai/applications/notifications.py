"""Mail to applicants and staff, sent by a background job after the transaction commits.

The backend is Django's EMAIL_BACKEND (console by default). Each mail is a job
(core/jobs.py) queued only once the step has committed, so a mail server outage
never undoes the step: the send fails as a job, visible to the agency's admins
on the 后台任务 page with its error, and can be retried there. The one exception is
the mail carrying a new 查询码, whose job never holds the code (see `mail_tracking_code`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Membership, Role
from gongkai.core import jobs

from .codes import new_tracking_code, store_mailed_code
from .models import Application

if TYPE_CHECKING:
    from .models import Correction, Extension, Fee


def _send(subject: str, body: str, to: list[str], scope: str = "") -> None:
    to = [a for a in to if a]
    if not to:
        return
    title = _("发送邮件：%(subject)s") % {"subject": subject}

    def queue() -> None:
        jobs.enqueue(deliver_mail, title=title, scope=scope, subject=subject, body=body, to=to)

    transaction.on_commit(queue)


def deliver_mail(run: jobs.JobRun, subject: str, body: str, to: list[str]) -> dict[str, str]:
    """Job handler: one mail; an error fails the job (shown, retryable), never the case."""
    run.progress(0, 1, _("正在发送"))
    send_mail(subject, body, None, to)
    run.progress(1, 1, _("已发送"))
    return {}


class Mail(TypedDict):
    subject: str
    body: str
    to: list[str]


def send_all(mails: Iterable[Mail], title: str, scope: str = "") -> None:
    """Many mails as one job after commit (the deadline sweep's reminders): a sweep that
    changes a thousand cases queues one job per agency, not a thousand."""
    batch = [
        Mail(subject=m["subject"], body=m["body"], to=[a for a in m["to"] if a]) for m in mails
    ]
    batch = [m for m in batch if m["to"]]
    if not batch:
        return

    def queue() -> None:
        jobs.enqueue(deliver_mails, title=title, scope=scope, mails=batch)

    transaction.on_commit(queue)


def deliver_mails(run: jobs.JobRun, mails: list[Mail], sent: int = 0) -> dict[str, str]:
    """Job handler for a batch over one connection. The count already sent is remembered
    on the job before an error fails it, so a retry goes on from there and sends no mail twice."""
    total = len(mails)
    run.progress(sent, total, _("正在发送"))
    with get_connection() as connection:
        for i in range(sent, total):
            mail = mails[i]
            try:
                EmailMessage(
                    mail["subject"], mail["body"], None, mail["to"], connection=connection
                ).send()
            except Exception:
                run.remember(sent=i)
                raise
    run.progress(total, total, _("已发送 %(n)d 封") % {"n": total})
    return {}


def _applicant(app: Application, subject: str, body: str) -> None:
    _send(
        f"[{app.agency.name}] {subject}",
        body + "\n\n" + _("申请编号：%(n)s") % {"n": app.number},
        [app.email],
        app.agency.path,
    )


def _staff(
    app: Application, subject: str, body: str, roles: tuple[str, ...] = (Role.CLERK, Role.REVIEWER)
) -> None:
    emails = list(
        Membership.objects.filter(agency=app.agency, role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    link = _("办理页面：%(url)s") % {"url": case_url(app)}
    _send(f"[{app.number}] {subject}", f"{body}\n\n{link}", emails, app.agency.path)


def case_url(app: Application) -> str:
    """The absolute address of the case page in the office (settings.GONGKAI_SITE_URL)."""
    base = str(settings.GONGKAI_SITE_URL).rstrip("/")
    return base + reverse("office:case", args=[app.pk])


def on_submitted(app: Application, code: str) -> None:
    _code_mail(app, SUBMITTED, code)
    _staff(app, _("新的网上申请待确认"), _("请确认收到申请并登记。"))


def on_registered(app: Application, code: str) -> None:
    _code_mail(app, REGISTERED, code)


# -- the mail that carries the 查询码 ------------------------------------------------------
#
# The code exists in clear only in the request that made it (only its hash is stored). So
# this mail is not queued with its text like the others — the text would sit in the job's
# arguments (the jobs table, Redis) for good. The job keeps the case id alone and runs in
# the request's process right after commit, with the code handed over in memory
# (jobs.run_after_commit). A run without the code (a retry after the mail server failed, or
# the request died first) cannot recover it: it makes a new code, mails it, and only then
# stores its hash, so the code shown on screen stops working and the mail says so.

SUBMITTED, REGISTERED = "submitted", "registered"
# A code mail is sent while the applicant's page waits: a hung mail server must not hold it.
CODE_MAIL_TIMEOUT = 10


def _code_mail(app: Application, occasion: str, code: str) -> None:
    if not app.email:
        return
    jobs.run_after_commit(
        mail_tracking_code,
        title=_("发送查询码：%(n)s") % {"n": app.number},
        scope=app.agency.path,
        transient={"code": code},
        application_id=app.pk,
        occasion=occasion,
    )


def mail_tracking_code(
    run: jobs.JobRun, application_id: int, occasion: str, code: str | None = None
) -> dict[str, str]:
    """Job handler: the applicant's 查询码 by mail (see above); an error fails the job."""
    app = Application.objects.select_related("agency").get(pk=application_id)
    if not app.email:
        return {}
    run.progress(0, 1, _("正在发送"))
    replaced = code is None
    code = code or new_tracking_code()
    subject, body = _code_mail_text(app, occasion, code, replaced)
    with get_connection(timeout=CODE_MAIL_TIMEOUT) as connection:
        EmailMessage(subject, body, None, [app.email], connection=connection).send()
    if replaced:
        store_mailed_code(app, code, _("首次邮件未能送达，重新发送时生成了新的查询码"))
    run.progress(1, 1, _("已发送"))
    return {}


def _code_mail_text(app: Application, occasion: str, code: str, replaced: bool) -> tuple[str, str]:
    if occasion == SUBMITTED:
        subject = _("已收到您的政府信息公开申请")
        lead = _("您的申请已提交，工作机构将与您确认收到申请的日期。")
    else:
        subject = _("您的政府信息公开申请已登记")
        lead = _("您的申请已登记。")
    keep = _("查询码：%(code)s（请妥善保存，凭申请编号和查询码查询办理进度）。") % {"code": code}
    lines = [lead, keep]
    if replaced:
        lines.append(_("此前的邮件未能发出，系统已为您重新生成查询码，原查询码已失效。"))
    lines.append(_("申请编号：%(n)s") % {"n": app.number})
    return f"[{app.agency.name}] {subject}", "\n".join(lines)


def on_received(app: Application) -> None:
    _applicant(
        app,
        _("确认收到申请"),
        _("收到申请之日：%(r)s；答复期限：%(d)s。") % {"r": app.receipt_date, "d": app.due_on},
    )


def on_correction_requested(app: Application, c: Correction) -> None:
    _applicant(
        app, _("补正告知"), _("请于%(d)s前补正：\n%(items)s") % {"d": c.deadline, "items": c.items}
    )


def on_correction_submitted(app: Application) -> None:
    _staff(
        app,
        _("申请人已网上提交补正材料"),
        _("申请人已通过门户网站提交补正材料，答复期限自今日起重新计算（条例第三十条）。")
        + "\n"
        + _("办理页面：%(url)s") % {"url": case_url(app)},
    )


def on_withdrawn_online(app: Application, reason: str) -> None:
    lines = [_("申请人已通过门户网站撤回申请，本案已终止办理。")]
    if reason:
        lines.append(_("撤回理由：%(r)s") % {"r": reason})
    lines.append(_("办理页面：%(url)s") % {"url": case_url(app)})
    _staff(app, _("申请人已网上撤回申请"), "\n".join(lines))


def on_code_reissued(app: Application) -> None:
    """Tell the applicant (without the code) that a new one was handed out."""
    _applicant(
        app,
        _("查询码已重新发放"),
        _(
            "工作人员已核实身份并为您的申请重新发放查询码，原查询码已失效。如非本人申请，请立即联系%(a)s的政府信息公开工作机构。"
        )
        % {"a": app.agency.name},
    )


def on_extension_requested(app: Application, ext: Extension) -> None:
    _staff(app, _("延期申请待审批"), ext.reason, roles=(Role.REVIEWER,))


def on_extension_approved(app: Application, ext: Extension) -> None:
    _applicant(
        app,
        _("延期答复告知"),
        _("答复期限延长%(n)d个工作日，至%(d)s。") % {"n": ext.days, "d": app.due_on},
    )


def on_fee_noticed(app: Application, fee: Fee) -> None:
    _applicant(
        app,
        _("收费通知"),
        _("信息处理费%(a)d元，请于%(d)s前缴纳。") % {"a": fee.amount, "d": fee.pay_due},
    )


def on_replied(app: Application) -> None:
    _applicant(app, _("您的申请已答复"), _("请凭申请编号和查询码在门户网站下载答复告知书。"))


def on_due_state(app: Application) -> None:
    label = app.get_due_state_display()
    _staff(
        app,
        _("期限提醒：%(s)s") % {"s": label},
        _("答复期限：%(d)s\n%(why)s") % {"d": app.due_on, "why": "\n".join(app.due_explanation)},
        roles=(Role.CLERK, Role.REVIEWER, Role.ADMIN),
    )
