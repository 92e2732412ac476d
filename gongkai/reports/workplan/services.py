"""The only code that changes a work plan, its tasks and the agencies' progress.

Each verb checks permission (agencies.permissions), validates, writes and records an audit
event. A supervisor (主管部门 or 机关管理员 of the plan's agency) drafts the plan, adds tasks
for agencies of its subtree and publishes it; once published, the responsible agencies' staff
report progress. Tasks can still be added after publication (a 任务分解表 grows), but a
published plan is not withdrawn: it is a published document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.catalog import attachments as uploads  # the catalogue's checks: types by bytes, size
from gongkai.catalog.models import Item
from gongkai.core import audit
from gongkai.core.limits import LONG_TEXT_MAX, too_long_message
from gongkai.core.private_files import write_private
from gongkai.core.workflow import StepError, move

from .models import (
    PLAN_ALLOWED,
    Assignment,
    EvidenceFile,
    PlanStatus,
    PlanTask,
    ProgressReport,
    TaskStatus,
    WorkPlan,
)

FIRST_YEAR = 2019  # the 2019 条例 took effect on 2019-05-15; earlier plans are history
MAX_FILES = 10  # evidence files per progress report


def _text(value: str, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise StepError(_("请填写%(f)s。") % {"f": label})
    if len(value) > limit:
        raise StepError(too_long_message(label, len(value), limit))
    return value


def why_not_manage(actor: Any, plan: WorkPlan) -> str | None:
    if not perm.can_supervise(actor, plan.agency):
        return _("只有印发机关的主管部门或机关管理员可以编辑工作要点。")
    return None


@transaction.atomic
def create_plan(
    actor: Any, agency: Agency, year: int, title: str, doc_no: str = "", item: Item | None = None
) -> WorkPlan:
    perm.require(perm.can_supervise(actor, agency), _("只有主管部门或机关管理员可以印发工作要点。"))
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise StepError(_("年度须在 %(a)d 年至明年之间。") % {"a": FIRST_YEAR})
    if item is not None and not Item.objects.published().filter(pk=item.pk).exists():
        raise StepError(_("关联的原文须是公开目录中已发布的条目。"))
    plan = WorkPlan.objects.create(
        agency=agency,
        year=year,
        title=_text(title, _("标题"), 200),
        doc_no=_text(doc_no, _("文号"), 60, required=False),
        item=item,
        created_by=actor,
    )
    audit.record(actor, "workplan.create", plan, agency=agency.code, year=year)
    return plan


def _responsible(plan: WorkPlan, agencies: Iterable[Agency]) -> list[Agency]:
    chosen = list(agencies)
    if not chosen:
        raise StepError(_("请至少选择一个责任单位。"))
    outside = [a.name for a in chosen if not a.path.startswith(plan.agency.path)]
    if outside:
        raise StepError(_("责任单位须是本机关或所属机关：%(a)s。") % {"a": "、".join(outside)})
    return chosen


@transaction.atomic
def add_task(
    actor: Any,
    plan: WorkPlan,
    title: str,
    due_on: dt.date,
    agencies: Iterable[Agency],
    *,
    section: str = "",
    detail: str = "",
    evidence: str = "",
) -> PlanTask:
    perm.require(why_not_manage(actor, plan) is None, why_not_manage(actor, plan))
    if due_on.year not in (plan.year, plan.year + 1):
        raise StepError(_("完成时限须在 %(y)d 年或次年。") % {"y": plan.year})
    responsible = _responsible(plan, agencies)
    last = plan.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    task = PlanTask.objects.create(
        plan=plan,
        position=last + 1,
        section=_text(section, _("所属部分"), 100, required=False),
        title=_text(title, _("任务"), 200),
        detail=_text(detail, _("任务内容"), LONG_TEXT_MAX, required=False),
        due_on=due_on,
        evidence=_text(evidence, _("应提供的佐证材料"), 300, required=False),
    )
    Assignment.objects.bulk_create([Assignment(task=task, agency=a) for a in responsible])
    audit.record(actor, "workplan.task", task, plan=plan.pk, agencies=[a.code for a in responsible])
    return task


@transaction.atomic
def publish_plan(actor: Any, plan: WorkPlan, on: dt.date | None = None) -> WorkPlan:
    perm.require(why_not_manage(actor, plan) is None, why_not_manage(actor, plan))
    if not plan.tasks.exists():
        raise StepError(_("工作要点还没有任务，请先填写任务分解表。"))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise StepError(_("印发日期不能晚于今天。"))
    move(plan, PlanStatus.PUBLISHED, PLAN_ALLOWED, published_on=on)
    audit.record(actor, "workplan.publish", plan, published_on=on.isoformat())
    return plan


def why_not_report(actor: Any, assignment: Assignment) -> str | None:
    if not perm.can_edit_annual_report(actor, assignment.agency):
        return _("只有责任单位的工作人员可以报送进展。")
    if assignment.task.plan.status != PlanStatus.PUBLISHED:
        return _("工作要点尚未印发。")
    return None


@transaction.atomic
def report_progress(
    actor: Any,
    assignment: Assignment,
    status: str,
    text: str,
    *,
    link: str = "",
    items: Iterable[Item] = (),
    files: Iterable[tuple[str, bytes]] = (),
    on: dt.date | None = None,
) -> ProgressReport:
    """An agency reports how a task stands, with its evidence; the assignment takes the status.

    `files` are (name, bytes) pairs: each is checked before anything is written, so a refused
    file leaves no report and no stored bytes."""
    reason = why_not_report(actor, assignment)
    perm.require(reason is None, reason)
    if status not in TaskStatus.values or status == TaskStatus.NOT_STARTED:
        raise StepError(_("请选择进展：推进中或已完成。"))
    evidence = list(items)
    foreign = [
        i for i in evidence if i.agency_id != assignment.agency_id or i.status != "published"
    ]
    if foreign:
        raise StepError(_("佐证条目须是本单位在公开目录中已发布的条目。"))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise StepError(_("报送日期不能晚于今天。"))
    checked = _checked_files(files)
    report = ProgressReport.objects.create(
        assignment=assignment,
        status=status,
        text=_text(text, _("落实情况"), LONG_TEXT_MAX),
        link=link.strip(),
        reported_by=actor,
        reported_on=on,
    )
    report.items.set(evidence)
    stored = _store_files(actor, report, checked)
    done_on = on if status == TaskStatus.DONE else None
    Assignment.objects.filter(pk=assignment.pk).update(
        status=status, done_on=done_on, updated_at=timezone.now()
    )
    assignment.status, assignment.done_on = status, done_on
    audit.record(
        actor, "workplan.report", assignment, status=status, report=report.pk,
        files=[{"id": f.pk, "name": f.name, "sha256": f.sha256} for f in stored],
    )  # fmt: skip
    return report


# -- evidence files ---------------------------------------------------------------------


def why_not_see_assignment(actor: Any, assignment: Assignment) -> str | None:
    """The plan's supervisors and the responsible agency's staff see a task and its files."""
    if perm.can_supervise(actor, assignment.task.plan.agency):
        return None
    if perm.can_edit_annual_report(actor, assignment.agency):
        return None
    return _("您不能查看这项任务。")


def _evidence_path(stored_name: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "workplan" / stored_name


def _checked_files(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes, str]]:
    checked = []
    for name, data in files:
        name = Path(name).name.replace("\x00", "")[:200] or "file"
        try:
            kind = uploads.validate(name, data)
        except ValidationError as exc:
            message = _("佐证文件“%(n)s”：%(e)s") % {"n": name, "e": " ".join(exc.messages)}
            raise StepError({"evidence_files": [message]}) from exc
        checked.append((name, data, kind))
    if len(checked) > MAX_FILES:
        raise StepError({"evidence_files": [_("佐证文件每次最多 %(n)d 个。") % {"n": MAX_FILES}]})
    return checked


def _store_files(
    actor: Any, report: ProgressReport, checked: list[tuple[str, bytes, str]]
) -> list[EvidenceFile]:
    written: list[Path] = []
    stored: list[EvidenceFile] = []
    try:
        for name, data, kind in checked:
            stored_name = secrets.token_hex(16) + sorted(uploads.EXTENSIONS[kind])[0]
            path = _evidence_path(stored_name)
            write_private(path, data)  # 0600 in 0700 folders, like identity scans
            written.append(path)
            stored.append(
                EvidenceFile.objects.create(
                    report=report,
                    name=name,
                    content_type=kind,
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    stored_name=stored_name,
                    uploaded_by=actor,
                )
            )
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)  # nothing refused is kept
        raise
    return stored


def open_evidence(actor: Any, evidence: EvidenceFile, ip: str | None = None) -> IO[bytes]:
    """The file's bytes for someone who may see its task; every download is audited."""
    assignment = evidence.report.assignment
    reason = why_not_see_assignment(actor, assignment)
    perm.require(reason is None, reason)
    if evidence.removed_at is not None:
        raise StepError(_("该佐证文件已被删除。"))
    handle = _evidence_path(evidence.stored_name).open("rb")
    audit.record(
        actor, "workplan.evidence_download", assignment, ip=ip,
        file=evidence.pk, name=evidence.name, sha256=evidence.sha256,
    )  # fmt: skip
    return handle


def why_not_remove_evidence(actor: Any, evidence: EvidenceFile) -> str | None:
    assignment = evidence.report.assignment
    if not perm.can_edit_annual_report(actor, assignment.agency):
        return _("只有责任单位的工作人员可以删除佐证文件。")
    if evidence.removed_at is not None:
        return _("该佐证文件已被删除。")
    if assignment.status == TaskStatus.DONE:
        return _("任务已完成，佐证文件不能再删除。")
    return None


@transaction.atomic
def remove_evidence(actor: Any, evidence: EvidenceFile, ip: str | None = None) -> EvidenceFile:
    """The reporting agency withdraws a file while the task is not done: the bytes go, the
    row stays with who removed it and when."""
    evidence = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
    assignment = Assignment.objects.select_related("agency").get(pk=evidence.report.assignment_id)
    perm.require(perm.can_edit_annual_report(actor, assignment.agency),
                 _("只有责任单位的工作人员可以删除佐证文件。"))  # fmt: skip
    reason = why_not_remove_evidence(actor, evidence)
    if reason:
        raise StepError(reason)
    evidence.removed_by = actor
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_by", "removed_at"])
    audit.record(
        actor, "workplan.evidence_remove", assignment, ip=ip,
        file=evidence.pk, name=evidence.name, sha256=evidence.sha256, report=evidence.report_id,
    )  # fmt: skip
    path = _evidence_path(evidence.stored_name)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return evidence
