"""Core data with no domain nouns: the holiday arrangements, the audit log, background jobs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_arrangement(data: dict) -> None:
    """A year's arrangement: {"holidays": [{"name","start","end"}...], "makeup_workdays": [...]}."""
    if not isinstance(data, dict) or "holidays" not in data or "makeup_workdays" not in data:
        raise ValidationError(_("节假日安排须包含 holidays 与 makeup_workdays 两项。"))
    try:
        for h in data["holidays"]:
            start, end = dt.date.fromisoformat(h["start"]), dt.date.fromisoformat(h["end"])
            if end < start or not h.get("name"):
                raise ValidationError(
                    _("放假区间“%(n)s”的起止日期无效。") % {"n": h.get("name", "")}
                )
        for d in data["makeup_workdays"]:
            if dt.date.fromisoformat(d).weekday() < 5:
                raise ValidationError(_("调休上班日 %(d)s 不是周末。") % {"d": d})
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("节假日安排格式错误：%(e)s") % {"e": exc}) from exc


class HolidayYear(models.Model):
    """One year's 国务院办公厅 holiday notice, as data. Adding a year makes
    provisional deadlines that reach into it certain (they are recomputed)."""

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    notice = models.CharField(_("通知名称"), max_length=200)
    doc_no = models.CharField(_("文号"), max_length=100, blank=True)
    arrangement = models.JSONField(_("放假与调休安排"), validators=[validate_arrangement])
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.year} {self.notice}"


class AuditEvent(models.Model):
    """Every state change outside a case (cases keep their own CaseEvent log)."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class JobState(models.TextChoices):
    """A background job's life (core/jobs.py moves it, by compare-and-set):

    QUEUED → RUNNING → DONE
                     → FAILED → QUEUED (retry)
             RUNNING → QUEUED (its worker died: picked up again)
    """

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


JOB_MOVES: dict[str, set[str]] = {
    JobState.QUEUED: {JobState.RUNNING},
    JobState.RUNNING: {JobState.DONE, JobState.FAILED, JobState.QUEUED},
    JobState.FAILED: {JobState.QUEUED},
    JobState.DONE: set(),
}


class Job(models.Model):
    """Work done outside the request (letters, mail, report parsing), as its owner sees it.

    The queue (django-tasks: the database, or RQ on Redis) only carries the job's id;
    this row holds what to run, its progress, its result and its error, so a job
    survives a lost worker and a failed one can be run again."""

    title = models.CharField(_("任务"), max_length=200)
    handler = models.CharField(max_length=200)  # dotted path of the function that does the work
    arguments = models.JSONField(default=dict, blank=True)
    payload = models.BinaryField(default=b"", blank=True)  # input bytes, e.g. an uploaded file
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # The agency path the job belongs to: an agency's admins see its jobs (core knows no Agency).
    scope = models.CharField(max_length=255, blank=True, db_index=True)
    state = models.CharField(
        _("状态"), max_length=8, choices=JobState.choices, default=JobState.QUEUED, db_index=True
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)  # {"url": …, "label": …} to show at the end
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def failures(self) -> list[dict[str, str]]:
        """Items a batch job could not handle, each {"name": …, "reason": …}: the final list
        once it is done, the list so far (its last checkpoint) while it runs."""
        found = self.result.get("failures") or self.arguments.get("failures") or []
        return list(found)
