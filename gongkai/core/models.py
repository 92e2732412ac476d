"""Core data with no domain nouns: the holiday arrangements and the audit log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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
