"""Where a work plan stands: tasks × responsible agencies, each 未开始 / 推进中 / 已完成 / 逾期."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency

from .models import Assignment, PlanStatus, PlanTask, ProgressReport, TaskStatus, WorkPlan


@dataclass(frozen=True)
class Square:
    """One task for one agency on the board."""

    assignment: Assignment
    late: bool  # past the due date and not done, or done after it

    @property
    def label(self) -> str:
        base = str(TaskStatus(self.assignment.status).label)
        return base + (_("（逾期）") if self.late else "")

    @property
    def css(self) -> str:
        return "late" if self.late else self.assignment.status


def square(assignment: Assignment, today: dt.date) -> Square:
    due = assignment.task.due_on
    if assignment.status == TaskStatus.DONE:
        late = bool(assignment.done_on and assignment.done_on > due)
    else:
        late = today > due
    return Square(assignment, late)


@dataclass(frozen=True)
class Board:
    plan: WorkPlan
    agencies: list[Agency]
    rows: list[tuple[PlanTask, list[Square | None]]]  # None: the agency is not responsible

    def count(self, css: str) -> int:
        return sum(1 for _t, cells in self.rows for c in cells if c is not None and c.css == css)


def board(plan: WorkPlan, today: dt.date | None = None) -> Board:
    """The plan's 任务分解表 with every responsible agency's progress (three queries)."""
    today = today or timezone.localdate()
    tasks = list(
        plan.tasks.prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("agency", "task"))
        )
    )
    agencies = sorted({a.agency for t in tasks for a in t.assignments.all()}, key=lambda a: a.path)
    rows = []
    for task in tasks:
        mine = {a.agency_id: a for a in task.assignments.all()}
        cells = [square(mine[a.pk], today) if a.pk in mine else None for a in agencies]
        rows.append((task, cells))
    return Board(plan, agencies, rows)


def tasks_by_agency(agency_ids: Iterable[int], year: int) -> dict[int, list[Assignment]]:
    """Every given agency's tasks in the published plans of `year`, with their latest report
    (two queries for any number of agencies)."""
    latest = ProgressReport.objects.order_by("-reported_on", "-id")
    assignments = (
        Assignment.objects.filter(
            agency_id__in=list(agency_ids),
            task__plan__year=year,
            task__plan__status=PlanStatus.PUBLISHED,
        )
        .select_related("task__plan__agency")
        .prefetch_related(Prefetch("reports", queryset=latest))
        .order_by("task__plan__id", "task__position")
    )
    out: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        out[assignment.agency_id].append(assignment)
    return dict(out)


def tasks_of(agency: Agency, year: int) -> list[Assignment]:
    """An agency's tasks in the published plans of `year`, with their latest report."""
    return tasks_by_agency([agency.pk], year).get(agency.pk, [])


def section_six(agency: Agency, year: int) -> str | None:
    """The 落实上级年度政务公开工作要点情况 paragraph drafted from the agency's tasks, or None."""
    return section_six_of(tasks_of(agency, year))


def section_six_of(assignments: list[Assignment]) -> str | None:
    """Section 六's work-plan paragraph from one agency's tasks (`tasks_by_agency`), or None."""
    if not assignments:
        return None
    today = timezone.localdate()
    done = sum(1 for a in assignments if a.status == TaskStatus.DONE)
    plans = []
    for a in assignments:
        plan = a.task.plan
        if plan not in plans:
            plans.append(plan)
    names = "、".join(f"《{p.title}》" + (f"（{p.doc_no}）" if p.doc_no else "") for p in plans)
    lines = [
        _("本年度承担%(plans)s任务%(n)d项，已完成%(done)d项。")
        % {"plans": names, "n": len(assignments), "done": done}
    ]
    for a in assignments:
        reports = list(a.reports.all())
        text = reports[0].text if reports else _("尚未报送落实情况。")
        state = square(a, today).label
        lines.append(f"{a.task.position}. {a.task.title}（{state}）：{text}")
    return "\n".join(lines)
