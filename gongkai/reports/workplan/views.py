"""Back-office pages of the work plans: the list, a plan's board, an agency's task report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.catalog.attachments import MAX_BYTES
from gongkai.catalog.models import Item
from gongkai.core.http import client_ip
from gongkai.core.web import apply_errors, staff_view
from gongkai.core.workflow import StepError

from . import services
from .board import board, square
from .forms import PlanForm, ReportForm, TaskForm
from .models import Assignment, EvidenceFile, PlanStatus, WorkPlan


def _supervised(user: Any) -> Any:
    """Agencies where the user may issue a plan (主管部门 / 机关管理员)."""
    roots = Agency.objects.filter(path__in=perm.subtree_paths(user), is_active=True)
    return Agency.objects.filter(pk__in=[a.pk for a in roots if perm.can_supervise(user, a)])


def _reporting(user: Any) -> list[Agency]:
    """Agencies whose tasks the user reports on: the agency's own staff (the predicate
    `services.why_not_report` asks)."""
    return [a for a in perm.visible_agencies(user) if perm.can_edit_annual_report(user, a)]


def _can_see(user: Any, plan: WorkPlan) -> bool:
    if perm.can_supervise(user, plan.agency):
        return True
    return (
        plan.status == PlanStatus.PUBLISHED
        and Assignment.objects.filter(task__plan=plan, agency__in=_reporting(user)).exists()
    )


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    issued = _supervised(user)
    mine = _reporting(user)
    plans = (
        WorkPlan.objects.filter(
            Q(agency__in=issued)
            | Q(status=PlanStatus.PUBLISHED, tasks__assignments__agency__in=mine)
        )
        .select_related("agency")
        .distinct()
    )
    assignments = (
        Assignment.objects.filter(agency__in=mine, task__plan__status=PlanStatus.PUBLISHED)
        .select_related("task__plan", "agency")
        .order_by("-task__plan__year", "task__due_on", "task__position")
    )
    form = PlanForm(agencies=issued) if issued.exists() else None
    if form is not None and request.method == "POST":
        form = PlanForm(request.POST, agencies=issued)
        if form.is_valid():
            try:
                d = form.cleaned_data
                plan = services.create_plan(user, d["agency"], d["year"], d["title"], d["doc_no"])
            except StepError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("工作要点已创建，请填写任务分解表。"))
                return redirect("workplan:plan", pk=plan.pk)
    today = timezone.localdate()
    context = {
        "plans": plans,
        "tasks": [square(a, today) for a in assignments],
        "form": form,
    }
    return render(request, "reports/workplan/index.html", context)


def _plan(request: HttpRequest, pk: int) -> WorkPlan:
    plan = get_object_or_404(WorkPlan.objects.select_related("agency", "item"), pk=pk)
    if not _can_see(request.user, plan):
        raise PermissionDenied(_("您不能查看这份工作要点。"))
    return plan


@staff_view
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    can_manage = services.why_not_manage(request.user, plan) is None
    subtree = Agency.objects.filter(path__startswith=plan.agency.path, is_active=True)
    form = TaskForm(agencies=subtree) if can_manage else None
    if can_manage and request.method == "POST":
        form = TaskForm(request.POST, agencies=subtree)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.add_task(
                    request.user, plan, d["title"], d["due_on"], d["agencies"],
                    section=d["section"], detail=d["detail"], evidence=d["evidence"],
                )  # fmt: skip
            except StepError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("任务已加入任务分解表。"))
                return redirect("workplan:plan", pk=plan.pk)
    the_board = board(plan)
    _attach_evidence(request.user, the_board)
    context = {"plan": plan, "board": the_board, "form": form, "can_manage": can_manage}
    return render(request, "reports/workplan/plan.html", context)


def _attach_evidence(user: Any, the_board: Any) -> None:
    """Each task of the board gets `evidence_files`: the files of the assignments the user
    may see (services.why_not_see_assignment), newest report first."""
    visible = {
        c.assignment.pk
        for _task, cells in the_board.rows
        for c in cells
        if c is not None and services.why_not_see_assignment(user, c.assignment) is None
    }
    files = (
        EvidenceFile.objects.filter(report__assignment__in=visible, removed_at__isnull=True)
        .select_related("report__assignment__agency")
        .order_by("-report__reported_on", "-report__id", "id")
    )
    by_task: dict[int, list[EvidenceFile]] = {}
    for f in files:
        by_task.setdefault(f.report.assignment.task_id, []).append(f)
    for task, _cells in the_board.rows:
        task.evidence_files = by_task.get(task.pk, [])


@staff_view
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if request.method == "POST":
        try:
            services.publish_plan(request.user, plan)
        except StepError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("工作要点已印发，责任单位可以报送进展。"))
    return redirect("workplan:plan", pk=plan.pk)


@staff_view
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.select_related("task__plan__agency", "agency"), pk=pk
    )
    seeing = services.why_not_see_assignment(request.user, assignment)
    if seeing:
        raise PermissionDenied(seeing)
    reason = services.why_not_report(request.user, assignment)
    items = Item.objects.published().filter(agency=assignment.agency).order_by("-published_at")
    form = ReportForm(items=items) if reason is None else None
    if reason is None and request.method == "POST":
        form = ReportForm(request.POST, request.FILES, items=items)
        if form.is_valid():
            d = form.cleaned_data
            files = [(f.name, f.read(MAX_BYTES + 1)) for f in d["evidence_files"]]
            try:
                services.report_progress(
                    request.user, assignment, d["status"], d["text"],
                    link=d["link"] or "", items=d["items"], files=files,
                )  # fmt: skip
            except StepError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("进展已报送。"))
                return redirect("workplan:assignment", pk=assignment.pk)
    context = {
        "assignment": assignment,
        "square": square(assignment, timezone.localdate()),
        "reports": assignment.reports.select_related("reported_by").prefetch_related(
            "items", "files__removed_by"
        ),
        "form": form,
        "reason": reason,
        "can_remove": (
            perm.can_edit_annual_report(request.user, assignment.agency)
            and assignment.status != "done"
        ),
    }
    return render(request, "reports/workplan/assignment.html", context)


def _evidence(pk: int) -> EvidenceFile:
    return get_object_or_404(
        EvidenceFile.objects.select_related("report__assignment__task__plan__agency",
                                            "report__assignment__agency"),
        pk=pk,
    )  # fmt: skip


@staff_view
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = _evidence(pk)
    try:
        handle = services.open_evidence(request.user, evidence, ip=client_ip(request))
    except StepError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(pk)
    assignment = evidence.report.assignment
    if request.method == "POST":
        try:
            services.remove_evidence(request.user, evidence, ip=client_ip(request))
        except StepError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("佐证文件已删除：%(n)s") % {"n": evidence.name})
    return redirect("workplan:assignment", pk=assignment.pk)
