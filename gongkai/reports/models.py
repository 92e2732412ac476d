"""Reports uploaded to the back office for review, with what the parser and the audit found.

The parsed report is stored as the full JSON of `serialization.to_json` and read back with
`serialization.from_json`; the ORM keeps only what lists, filters and charts need as columns.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.applications.reportmodel.model import AnnualReport


class IngestedReportQuerySet(models.QuerySet["IngestedReport"]):
    def visible_to(self, agencies: Any) -> IngestedReportQuerySet:
        """Reports uploaded under one of `agencies` (a supervisor's subtree): nothing sideways."""
        return self.filter(scope__in=agencies)


class IngestedReport(models.Model):
    scope = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="reviewed_reports",
        verbose_name=_("审查机关"),
        help_text=_("上传者以其主管部门或机关管理员身份所在的机关；其上级可见。"),
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_reports",
        verbose_name=_("报告机关（平台内）"),
    )
    agency_name = models.CharField(_("报告机关"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True, db_index=True)
    format = models.CharField(_("格式"), max_length=16, blank=True)
    filename = models.CharField(_("文件名"), max_length=255)
    form = models.CharField(_("文件形式"), max_length=32, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    source = models.BinaryField(_("原始文件"))
    data = models.JSONField(_("解析结果"), default=dict)
    errors = models.PositiveIntegerField(_("差错"), default=0)
    undecidable = models.PositiveIntegerField(_("无法判断"), default=0)
    unreadable = models.PositiveIntegerField(_("无法读取的单元格"), default=0)
    findings = models.PositiveIntegerField(_("提示"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_reports",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = IngestedReportQuerySet.as_manager()

    class Meta:
        ordering = ["agency_name", "-year", "-uploaded_at"]
        verbose_name = _("已上传的年度报告")
        verbose_name_plural = _("已上传的年度报告")
        constraints = [
            models.UniqueConstraint(fields=["scope", "sha256"], name="unique_report_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.agency_name or self.filename} {self.year or ''}".strip()

    def report(self) -> AnnualReport:
        from .serialization import from_json

        return from_json(self.data)


# The agency's own annual report (building, versions) lives in its own module.
from .annual.models import ActiveFigure, AgencyReport, ReportVersion  # noqa: E402,F401
from .workplan.models import (  # noqa: E402,F401
    Assignment,
    PlanTask,
    ProgressReport,
    WorkPlan,
)
