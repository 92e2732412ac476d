"""Work plans (工作要点), their tasks, each responsible agency's assignment and its reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已印发")


PLAN_ALLOWED: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.PUBLISHED},
    PlanStatus.PUBLISHED: set(),  # a published plan is a published document: never withdrawn
}


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class WorkPlan(models.Model):
    """One year's 政务公开工作要点 of a supervising agency, for its subtree."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="work_plans", verbose_name=_("印发机关")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    doc_no = models.CharField(_("文号"), max_length=60, blank=True)
    item = models.ForeignKey(
        "catalog.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公开目录中的原文"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    published_on = models.DateField(_("印发日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "agency__path", "id"]
        verbose_name = _("政务公开工作要点")
        verbose_name_plural = _("政务公开工作要点")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class PlanTask(models.Model):
    """A row of the 任务分解表: what, by when, with what evidence."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("序号"))
    section = models.CharField(_("所属部分"), max_length=100, blank=True)
    title = models.CharField(_("任务"), max_length=200)
    detail = models.TextField(_("任务内容"), blank=True)
    due_on = models.DateField(_("完成时限"))
    evidence = models.CharField(_("应提供的佐证材料"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="workplan_task_position")
        ]
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A task as one responsible agency carries it out."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="work_tasks", verbose_name=_("责任单位")
    )
    status = models.CharField(
        _("进展"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task__position", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["task", "agency"], name="workplan_one_assignment")
        ]
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")

    def __str__(self) -> str:
        return f"{self.task} / {self.agency}"


class ProgressReport(models.Model):
    """What an agency reported on a task: text, evidence, the status it reported."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("进展"), max_length=16, choices=TaskStatus.choices)
    text = models.TextField(_("落实情况"))
    link = models.URLField(_("佐证链接"), blank=True)
    items = models.ManyToManyField(
        "catalog.Item", blank=True, related_name="+", verbose_name=_("佐证：公开目录条目")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("报送日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")

    def __str__(self) -> str:
        return f"{self.assignment} {self.reported_on}"


class EvidenceFile(models.Model):
    """A file (PDF, DOCX, XLSX, image) attached to a progress report, stored privately.

    Removing it (allowed to the reporting agency until the task is done) deletes the bytes and
    keeps this row with who removed it and when: the report shows that a file was withdrawn.
    """

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("佐证文件")
        verbose_name_plural = _("佐证文件")

    def __str__(self) -> str:
        return self.name
