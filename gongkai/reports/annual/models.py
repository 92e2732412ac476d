"""An agency's own annual report: the figures staff enter, the editable draft, the versions.

The tables are built from the records on demand (`build.build_annual_report`); what is stored
is only what the records do not hold (table 二 figures, the narrative sections) and, once
published, a frozen copy of the whole report as a version. A later change to the records
never changes a published version; an amendment is a new version with its diff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class FigureSource(models.TextChoices):
    MANUAL = "manual", _("手工录入")
    IMPORT = "import", _("导入")
    CATALOGUE = "catalogue", _("目录台账")


class ActiveFigure(models.Model):
    """One cell of table 二 that gongkai's records do not hold (yet), with its source."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    row = models.CharField(_("行"), max_length=32)  # formats.ACTIVE_ROWS row id
    column = models.CharField(_("列"), max_length=32)  # formats.Column id
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6)
    unit = models.CharField(_("单位"), max_length=4, blank=True)  # "元" / "万元" as printed
    source = models.CharField(
        _("来源"), max_length=16, choices=FigureSource.choices, default=FigureSource.MANUAL
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("录入人"),
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度报告表二数据")
        verbose_name_plural = _("年度报告表二数据")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "row", "column"], name="unique_active_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.row}.{self.column}={self.value}"


class ReportStatus(models.TextChoices):
    """DRAFT → PUBLISHED; a published report is amended by publishing again (a new version)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


ALLOWED: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.PUBLISHED},
    ReportStatus.PUBLISHED: {ReportStatus.PUBLISHED},  # an amendment: guarded by `version`
}


class AgencyReport(models.Model):
    """The working copy of one agency's report on one year."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="annual_reports", verbose_name=_("机关")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    format = models.CharField(_("格式"), max_length=16, blank=True)  # blank: the year's template
    sections = models.JSONField(_("正文各部分"), default=dict)  # "一" … "六" -> text
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("当前版本"), default=0)  # last published number
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year", "agency__name"]
        verbose_name = _("本机关年度报告")
        verbose_name_plural = _("本机关年度报告")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_agency_report")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year}"


class ReportVersion(models.Model):
    """A published version: the whole report frozen as JSON (`serialization.to_json` + sections)."""

    report = models.ForeignKey(
        AgencyReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("报告")
    )
    number = models.PositiveIntegerField(_("版本号"))
    data = models.JSONField(_("报告内容"))
    failed_rules = models.JSONField(_("未通过的校验"), default=list)
    override_reason = models.TextField(_("带错发布理由"), blank=True)
    amendment_reason = models.TextField(_("更正理由"), blank=True)
    diff = models.JSONField(_("与上一版本的差异"), default=list)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发布人"),
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
