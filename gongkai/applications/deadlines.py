"""The 条例's clock: pure functions over the working-day calendar, then the facts of a case.

The first part touches no database: services gather the facts of a case into a
`ClockFacts` (`clock_facts`), call `reply_due`, and store the date and its explanation.
The last part reads a stored case: what the clock waits for (an open 补正, an unpaid fee,
a pending extension) and the warnings the office shows — one place for the office, the
portal, the letters and the step rules (preconditions.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.calendar import WorkCalendar
from gongkai.core.workcalendar import get_calendar

from .models import (
    CLOCK_STOPPED,
    Application,
    Consultation,
    Correction,
    Extension,
    Fee,
    Opinion,
    Status,
)

REPLY_DAYS = 20  # 条例第三十三条第二款: reply within 20 working days of receipt
MAX_EXTENSION_DAYS = 20  # 条例第三十三条第二款: one extension of at most 20 working days
CORRECTION_NOTICE_DAYS = 7  # 条例第三十条: 补正 notice within 7 working days of receipt
CONSULTATION_DAYS = 15  # 条例第三十二、三十四条: the consulted party answers within 15 working days
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号: pay within 20 working days of receiving the notice

# Why a pause is not counted. Consultation time is excluded by the 条例 itself; the fee
# wait only by the 办法 on fees (a configurable pause, see FEE_PAUSES_REPLY_CLOCK).
CONSULTATION_BASIS = "条例第三十三条第三款"
FEE_BASIS = "国办函〔2020〕109号"
CORRECTION_BASIS = "条例第三十条"


@dataclass(frozen=True)
class Pause:
    """An interval during which the reply clock does not run: days in (start, end]."""

    start: dt.date
    end: dt.date
    reason: str
    open: bool = False  # still running: `end` is its statutory end, not a fact
    basis: str = ""  # why the interval is not counted; 条例第三十三条第三款 when blank


@dataclass(frozen=True)
class ClockFacts:
    clock_start: dt.date  # receipt date (第三十一条) or the correction's receipt (第三十条)
    restarted_by_correction: bool = False
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0


@dataclass(frozen=True)
class Due:
    date: dt.date
    provisional: bool
    steps: tuple[str, ...] = field(default_factory=tuple)


def reply_due(cal: WorkCalendar, facts: ClockFacts) -> Due:
    """The reply deadline: start + 20 WD + approved extension + working days paused."""
    if not 0 <= facts.extension_days <= MAX_EXTENSION_DAYS:
        raise ValueError("extension out of range")
    steps = [_start_step(facts)]
    steps.append(_("答复期限 %(n)d 个工作日（条例第三十三条第二款）") % {"n": REPLY_DAYS})
    paused = 0
    for p in facts.pauses:
        if p.end <= facts.clock_start:
            continue  # before the (re)started clock: irrelevant
        days = cal.working_days_between(max(p.start, facts.clock_start), p.end)
        paused += days
        tail = _("（进行中，暂按法定答复期限计）") if p.open else ""
        steps.append(
            _("%(reason)s %(a)s 至 %(b)s，%(n)d 个工作日不计入答复期限（%(basis)s）%(tail)s")
            % {
                "reason": p.reason,
                "basis": p.basis or CONSULTATION_BASIS,
                "a": p.start.isoformat(),
                "b": p.end.isoformat(),
                "n": days,
                "tail": tail,
            }
        )
    if facts.extension_days:
        steps.append(
            _("经批准延长答复期限 %(n)d 个工作日（条例第三十三条第二款）")
            % {"n": facts.extension_days}
        )
    result = cal.add_working_days(facts.clock_start, REPLY_DAYS + facts.extension_days + paused)
    steps.append(result.explain())
    return Due(result.date, result.provisional or any(p.open for p in facts.pauses), tuple(steps))


def _start_step(facts: ClockFacts) -> str:
    if facts.restarted_by_correction:
        return _("收到补正申请之日 %(d)s 起重新计算（条例第三十条）") % {
            "d": facts.clock_start.isoformat()
        }
    return _("收到申请之日 %(d)s（条例第三十一条）") % {"d": facts.clock_start.isoformat()}


def correction_notice_due(cal: WorkCalendar, receipt: dt.date) -> dt.date:
    """Last day to send the one-time 补正 notice (条例第三十条)."""
    return cal.add_working_days(receipt, CORRECTION_NOTICE_DAYS).date


def consultation_answer_due(cal: WorkCalendar, sent_on: dt.date) -> dt.date:
    """The consulted party's last day to answer (条例第三十二、三十四条)."""
    return cal.add_working_days(sent_on, CONSULTATION_DAYS).date


def fee_payment_due(cal: WorkCalendar, notice_received_on: dt.date) -> dt.date:
    """Last day to pay: 20 WD counted from the day after the notice is received (109号)."""
    return cal.add_working_days(notice_received_on, FEE_PAYMENT_DAYS).date


def correction_deadline(cal: WorkCalendar, notice_on: dt.date, days: int) -> dt.date:
    """The applicant's reasonable correction period; the 条例 sets no number (configurable)."""
    return cal.add_working_days(notice_on, days).date


def due_state(cal: WorkCalendar, due: dt.date, today: dt.date, soon_days: int) -> str:
    """on_track / due_soon (≤ soon_days working days left) / overdue."""
    if today > due:
        return "overdue"
    return "due_soon" if cal.working_days_between(today, due) <= soon_days else "on_track"


# -- fees (国办函〔2020〕109号 第三条至第五条) ------------------------------------


def per_piece_fee(pieces_before: int, pieces: int) -> int:
    """按件计收: cumulative per applicant and calendar month, progressive.
    1–10 free; 11–30 100元/件; from 31 in bands of 10, each band +100元/件 [I: reading of the open band]."""
    total = 0
    for i in range(pieces_before + 1, pieces_before + pieces + 1):
        if i <= 10:
            rate = 0
        elif i <= 30:
            rate = 100
        else:
            rate = 100 * (2 + (i - 31) // 10)
        total += rate
    return total


PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # 按量计收: (upper page, 元/页)


def per_page_fee(pages: int) -> int:
    """按量计收: ≤30 free, 31–100 10元/页, 101–200 20元/页, >200 40元/页 (progressive)."""
    total, lower = 0, 0
    for upper, rate in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * rate
        if upper is None or pages <= upper:
            break
        lower = upper
    return total


# -- the facts of a stored case ----------------------------------------------------------


def open_correction(app: Application) -> Correction | None:
    """The 补正 notice still waiting for the applicant's material."""
    return app.corrections.filter(received_on__isnull=True).last()


def unpaid_fee(app: Application) -> Fee | None:
    return Fee.objects.filter(application=app, paid_on__isnull=True).first()


def pending_extension(app: Application) -> Extension | None:
    return Extension.objects.filter(application=app, approved__isnull=True).first()


def clock_facts(app: Application) -> ClockFacts | None:
    """Gather the facts the reply deadline depends on."""
    if app.clock_start is None:
        return None
    pauses: list[Pause] = []
    for c in app.consultations.all():
        end = c.answered_on or c.answer_due
        pauses.append(
            Pause(c.sent_on, end, _("征求%(p)s意见") % {"p": c.party}, open=c.answered_on is None)
        )
    fee = Fee.objects.filter(application=app).first()
    if fee and settings.GONGKAI["FEE_PAUSES_REPLY_CLOCK"]:
        end = fee.paid_on or fee.pay_due
        wait = _("等待缴纳信息处理费")
        pauses.append(Pause(fee.notice_on, end, wait, open=fee.paid_on is None, basis=FEE_BASIS))
    restarted = app.corrections.filter(received_on=app.clock_start).exists()
    return ClockFacts(app.clock_start, restarted, tuple(pauses), app.extension_days)


def provisional_reasons(app: Application) -> list[str]:
    """Why the reply deadline is not yet certain (each reason its own line)."""
    if not app.due_provisional or not app.due_on or app.status in CLOCK_STOPPED:
        return []  # while 补正 is awaited there is no deadline to be uncertain about
    out = []
    if app.status == Status.CONSULTING:
        out.append(
            _(
                "征求意见尚未结束：征求意见期间不计入答复期限，暂按15个工作日届满计算，记录意见后重新计算。"
            )
        )
    elif app.status == Status.FEE and settings.GONGKAI["FEE_PAUSES_REPLY_CLOCK"]:
        out.append(
            _("申请人尚未缴费：等待缴费期间不计入答复期限，暂按缴费期限届满计算，缴费后重新计算。")
        )
    start = app.clock_start or app.due_on
    cal = get_calendar()
    missing = [y for y in range(start.year, app.due_on.year + 1) if not cal.is_announced(y)]
    if missing:
        out.append(
            _(
                "答复期限跨入尚未公布节假日安排的%(y)s年，暂按法定节假日和周末计算；录入该年安排后将自动重新计算。"
            )
            % {"y": "、".join(map(str, missing))}
        )
    return out


def lapsed_waits(app: Application, today: dt.date) -> list[str]:
    """Waits on others whose statutory time has run out: the clerk should act."""
    out = []
    for c in app.consultations.filter(opinion=Opinion.PENDING, answer_due__lt=today):
        out.append(
            _(
                "征求“%(p)s”意见的答复期限（%(d)s）已过，可记录为“逾期未答复”后继续办理（条例第三十二条）。"
            )
            % {"p": c.party, "d": c.answer_due.isoformat()}
        )
    correction = app.corrections.filter(received_on__isnull=True).last()
    if app.status == Status.CORRECTION and correction and correction.deadline < today:
        out.append(
            _("补正期限（%(d)s）已过，申请人未补正的，可视为放弃申请（条例第三十条）。")
            % {"d": correction.deadline.isoformat()}
        )
    fee = Fee.objects.filter(application=app, paid_on__isnull=True).first()
    if app.status == Status.FEE and fee and fee.pay_due < today:
        out.append(
            _("缴费期限（%(d)s）已过，申请人未缴费的，可视为放弃申请（国办函〔2020〕109号）。")
            % {"d": fee.pay_due.isoformat()}
        )
    return out


def clock_warnings(app: Application) -> list[str]:
    out = []
    today = timezone.localdate()
    out += provisional_reasons(app)
    if (
        app.status == Status.RECEIVED
        and not app.corrections.exists()
        and app.correction_notice_due
        and today > app.correction_notice_due
    ):
        out.append(
            _(
                "补正告知期限（%(d)s，收到申请之日起7个工作日，条例第三十条）已过；如需补正，告知将被记为逾期。"
            )
            % {"d": app.correction_notice_due.isoformat()}
        )
    # While 补正 is awaited the stored date is void (条例第三十条): nothing is overdue.
    if app.is_open and app.status not in CLOCK_STOPPED and app.due_on and today > app.due_on:
        out.append(_("已超过答复期限 %(d)s。") % {"d": app.due_on.isoformat()})
    out += lapsed_waits(app, today)
    replied, due = app.concluded_on, app.due_on
    if app.status == Status.REPLIED and replied and due and replied > due:
        out.append(
            _("本案于 %(c)s 答复，超过答复期限 %(d)s。")
            % {"c": replied.isoformat(), "d": due.isoformat()}
        )
    return out


# -- the state of the clock, as every surface shows it -----------------------------------


class ClockRun(models.TextChoices):
    """What the reply clock is doing: the values of `ClockState.state` (the API's
    ClockStateEnum)."""

    NOT_STARTED = "not_started", gettext_lazy("尚未起算")  # receipt not confirmed (条例第三十一条)
    RUNNING = "running", gettext_lazy("计时中")
    PAUSED = "paused", gettext_lazy("已暂停")  # 补正, consultation, fee wait
    CONCLUDED = "concluded", gettext_lazy("已办结")


@dataclass(frozen=True)
class ClockState:
    """The reply clock of one case now: the one answer the office, the portal, the API and
    the deadline's explanation all render (templates/applications/_clock.html)."""

    state: str  # a ClockRun value
    label: str
    due_on: dt.date | None  # the reply deadline in force; None while none applies
    provisional: bool = False
    since: dt.date | None = None  # the day the pause began
    reason: str = ""  # why the clock is paused or not started
    basis: str = ""  # the rule that stops it
    resumes: str = ""  # what happens when the awaited step arrives
    awaited_by: dt.date | None = None  # the day by which it must arrive
    awaited_label: str = ""  # what that day is called (补正期限, 缴费期限, …)
    lapses: str = ""  # what happens if it does not arrive in time
    explanation: tuple[str, ...] = ()

    @property
    def paused(self) -> bool:
        return self.state == ClockRun.PAUSED


def clock_state(app: Application) -> ClockState:
    """Running, paused (since when, why, what happens next), not started or concluded."""
    if not app.is_open:
        return ClockState(ClockRun.CONCLUDED, _("已办结"), app.due_on, explanation=_steps(app))
    if app.status == Status.SUBMITTED:
        return _not_started()
    if app.status == Status.CORRECTION and (c := open_correction(app)) is not None:
        return _paused_for_correction(app, c)
    if app.status == Status.CONSULTING:
        waiting = list(app.consultations.filter(opinion=Opinion.PENDING).order_by("sent_on"))
        if waiting:
            return _paused_for_consultation(app, waiting)
    fee = unpaid_fee(app) if app.status == Status.FEE else None
    if fee is not None and settings.GONGKAI["FEE_PAUSES_REPLY_CLOCK"]:
        return _paused_for_fee(app, fee)
    label = _("计时中")
    return ClockState(
        ClockRun.RUNNING, label, app.due_on, app.due_provisional, explanation=_steps(app)
    )


def _steps(app: Application) -> tuple[str, ...]:
    return tuple(str(line) for line in app.due_explanation or ())


def _not_started() -> ClockState:
    return ClockState(
        ClockRun.NOT_STARTED,
        _("尚未起算"),
        None,
        reason=_("工作机构尚未确认收到申请。"),
        basis="条例第三十一条",
        resumes=_(
            "答复期限确认收到后计算：确认之日为收到申请之日，自次日起算%(n)d个工作日（条例第三十一条、第三十三条）。"
        )
        % {"n": REPLY_DAYS},
    )


def _paused_for_correction(app: Application, c: Correction) -> ClockState:
    # 条例第三十条: the period runs afresh from the correction's receipt, so the date
    # computed from the original receipt no longer applies at all.
    reason = _("%(d)s 发出补正告知，等待申请人补正。") % {"d": c.notice_on.isoformat()}
    resumes = _(
        "收到补正材料之日起重新计算%(n)d个工作日的答复期限（条例第三十条），原答复期限不再适用。"
    ) % {"n": REPLY_DAYS}
    lapses = _("申请人无正当理由逾期不补正的，视为放弃申请（条例第三十条）。")
    awaited = _("补正期限")
    steps = (
        _("收到申请之日 %(d)s（条例第三十一条）") % {"d": _iso(app.receipt_date)},
        _("%(d)s 发出补正告知，答复期限暂停计算（条例第三十条）") % {"d": c.notice_on.isoformat()},
        resumes,
        _("补正期限：%(d)s") % {"d": c.deadline.isoformat()},
    )
    return ClockState(
        ClockRun.PAUSED, _("已暂停"), None, False, c.notice_on, reason, CORRECTION_BASIS,
        resumes, c.deadline, str(awaited), lapses, tuple(str(s) for s in steps),
    )  # fmt: skip


def _paused_for_consultation(app: Application, waiting: list[Consultation]) -> ClockState:
    parties = "、".join(c.party for c in waiting)
    last = max(c.answer_due for c in waiting)
    reason = _("正在征求“%(p)s”的意见，征求意见期间不计入答复期限。") % {"p": parties}
    resumes = _(
        "收到意见或征求意见期限届满后恢复计时，答复期限顺延征求意见所用的工作日；目前暂按征求意见期限届满计算。"
    )
    lapses = _(
        "被征求意见方逾期未提出意见的，本机关依照条例规定决定，恢复计时（条例第三十二条、第三十四条）。"
    )
    return ClockState(
        ClockRun.PAUSED, _("已暂停"), app.due_on, True, waiting[0].sent_on, reason,
        CONSULTATION_BASIS, resumes, last, str(_("征求意见期限")), lapses, _steps(app),
    )  # fmt: skip


def _paused_for_fee(app: Application, fee: Fee) -> ClockState:
    reason = _("%(d)s 发出收费通知，等待申请人缴纳信息处理费 %(a)d 元。") % {
        "d": fee.notice_on.isoformat(),
        "a": fee.amount,
    }
    resumes = _("缴费后恢复计时，等待缴费期间不计入答复期限；目前暂按缴费期限届满计算。")
    lapses = _("申请人逾期未缴纳的，视为放弃申请（国办函〔2020〕109号）。")
    return ClockState(
        ClockRun.PAUSED, _("已暂停"), app.due_on, True, fee.notice_on, reason, FEE_BASIS,
        resumes, fee.pay_due, str(_("缴费期限")), lapses, _steps(app),
    )  # fmt: skip


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"
