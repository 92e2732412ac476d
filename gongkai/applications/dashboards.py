"""Read-only queries behind the work queues and the dashboards.

Counts are computed in the database (one grouped query per figure), over the
agencies a user may see (`permissions.visible_agencies`). Nothing here returns
personal data: rows carry counts, cases are listed by the views with masking.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency, Role
from gongkai.core.pagination import COUNT_CAP

from . import reporting
from .decisions import Decision
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationQuerySet,
    DueState,
    FigureKind,
    MonthlyFigure,
    Status,
    YearlyFigure,
)
from .reportmodel import formats

T = TypeVar("T")

# -- the work queues ---------------------------------------------------------------

CLOSED_STATUSES = [Status.REPLIED, Status.CLOSED]
PENDING_EXTENSION = Q(extension__isnull=False, extension__approved__isnull=True)


@dataclass(frozen=True)
class Tab:
    key: str
    label: Any
    where: Callable[[], Q]
    reviewers_only: bool = False


TABS: tuple[Tab, ...] = (
    Tab("open", _("全部在办"), lambda: Q(status__in=OPEN_STATUSES)),
    Tab("submitted", _("待确认收到"), lambda: Q(status=Status.SUBMITTED)),
    Tab("received", _("办理中"), lambda: Q(status=Status.RECEIVED)),
    Tab(
        "due_soon",
        _("即将到期"),
        lambda: Q(status__in=OPEN_STATUSES, due_state=DueState.DUE_SOON),
    ),
    Tab(
        "overdue",
        _("已逾期"),
        lambda: Q(status__in=OPEN_STATUSES, due_state=DueState.OVERDUE),
    ),
    Tab("correction", _("待补正"), lambda: Q(status=Status.CORRECTION)),
    Tab("consulting", _("征求意见中"), lambda: Q(status=Status.CONSULTING)),
    Tab("fee", _("待缴费"), lambda: Q(status=Status.FEE)),
    Tab(
        "review",
        _("待审核"),
        lambda: Q(status=Status.REVIEW) | (Q(status__in=OPEN_STATUSES) & PENDING_EXTENSION),
        reviewers_only=True,
    ),
    Tab("done", _("已办结"), lambda: Q(status__in=CLOSED_STATUSES)),
)
TABS_BY_KEY = {t.key: t for t in TABS}


def is_reviewer(user: Any) -> bool:
    return any(role == Role.REVIEWER for _path, role in perm.memberships(user))


def tabs_for(user: Any) -> list[Tab]:
    return [t for t in TABS if not t.reviewers_only or is_reviewer(user)]


def visible_cases(user: Any) -> ApplicationQuerySet:
    return Application.objects.filter(agency__in=perm.visible_agencies(user))


class TabCount(int):
    """A tab's count; `capped` when the tab holds more than COUNT_CAP cases, shown "10000+"."""

    capped: bool = False

    def __str__(self) -> str:
        return f"{int(self)}+" if self.capped else super().__str__()


def capped_count(cases: QuerySet[Application]) -> TabCount:
    """Count at most COUNT_CAP + 1 rows (a LIMITed subquery), as the API's list does."""
    seen = cases.order_by()[: COUNT_CAP + 1].count()  # no sort: any COUNT_CAP + 1 rows will do
    count = TabCount(min(seen, COUNT_CAP))
    count.capped = seen > COUNT_CAP
    return count


def tab_counts(cases: QuerySet[Application], tabs: list[Tab]) -> dict[str, TabCount]:
    """Every tab's count, served from the cache until a case changes."""
    return cached_figures(_tab_counts)(cases, tuple(t.key for t in tabs))


def _tab_counts(cases: QuerySet[Application], keys: tuple[str, ...]) -> dict[str, TabCount]:
    """The open tabs in one query over the open cases only (a few percent of the table at
    province scale, partial-indexed); "done" holds nearly every case ever concluded, so it
    is counted only up to COUNT_CAP. No DISTINCT: the only join a tab makes is the
    one-to-one extension, which cannot repeat a case (perf.md: 827 → 282 ms at 500k)."""
    open_keys = [k for k in keys if k != "done"]
    aggregates = {k: Count("pk", filter=TABS_BY_KEY[k].where()) for k in open_keys}
    open_cases = cases.filter(status__in=OPEN_STATUSES)
    counts = {k: TabCount(n) for k, n in open_cases.aggregate(**aggregates).items()}
    if "done" in keys:
        counts["done"] = capped_count(cases.filter(TABS_BY_KEY["done"].where()))
    return {k: counts[k] for k in keys}


def ordered_for_tab(cases: QuerySet[Application], tab: Tab) -> QuerySet[Application]:
    """Open work by the nearest deadline first; concluded cases by the latest conclusion."""
    if tab.key == "done":
        return cases.order_by(F("concluded_on").desc(nulls_last=True), "-pk")
    return cases.order_by(F("due_on").asc(nulls_last=True), "arrived_on", "pk")


# -- the dashboard -----------------------------------------------------------------

# Whole-subtree aggregates are computed once per change of the data, not per request:
# every state change writes a CaseEvent, so the newest event id (a primary-key lookup)
# versions the figures; the day is in the key too (due states and "this year" move).
FIGURES_TTL = 600  # seconds; also bounds how long an agency-tree edit takes to show


def _data_version() -> int:
    from .models import CaseEvent

    return CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _figures_key(name: str, scope: QuerySet, args: tuple) -> str | None:
    try:
        sql = str(scope.query)
    except EmptyResultSet:
        return None
    raw = f"{name}|{sql}|{args!r}|{timezone.localdate()}|{_data_version()}"
    return "gongkai:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_figures(compute: Callable[..., T]) -> Callable[..., T]:
    """Serve `compute(scope, *args)` from the shared cache while no case has changed."""

    @functools.wraps(compute)
    def wrapper(scope: QuerySet, *args: Any) -> T:
        key = _figures_key(compute.__name__, scope, args)
        if key is None:
            return compute(scope, *args)
        hit = cache.get(key)
        if hit is None:
            hit = compute(scope, *args)
            cache.set(key, hit, FIGURES_TTL)
        return hit

    return wrapper


# The dashboard counts received applications as table 三 does (一 本年新收): by the
# 收到申请之日 of 条例第三十一条 (indexed). An application that has arrived but whose
# receipt is not yet confirmed is shown on its own line, not mixed in: a supervisor
# sees the same figure here as in the annual report, and what is still waiting.


def dashboard_scope(user: Any, agency: Agency) -> QuerySet[Agency]:
    """The agency's subtree, limited to what the user may see."""
    return perm.visible_agencies(user).filter(path__startswith=agency.path)


@dataclass(frozen=True)
class Summary:
    open: int
    due_soon: int
    overdue: int
    paused: int
    received: int
    awaiting_receipt: int
    concluded: int
    replied: int
    replied_on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return self.replied_on_time / self.replied if self.replied else None


def last_months(end: dt.date, n: int = 12) -> list[dt.date]:
    """First days of the n months ending with `end`'s month, oldest first."""
    months, y, m = [], end.year, end.month
    for _i in range(n):
        months.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return months[::-1]


def _month_label(month: dt.date, first: bool) -> str:
    """ "5月", with the year underneath on January and on the first bar."""
    label = _("%(month)d月") % {"month": month.month}
    return f"{label}\n{month.year}" if first or month.month == 1 else label


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    depth: int
    received: int
    open: int
    due_soon: int
    overdue: int
    concluded: int
    replied: int
    replied_on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return self.replied_on_time / self.replied if self.replied else None


AGENCY_COUNTS = (
    "received",
    "open",
    "due_soon",
    "overdue",
    "concluded",
    "replied",
    "replied_on_time",
)


@dataclass(frozen=True)
class Figures:
    """Everything the dashboard counts over a scope, from three grouped queries."""

    summary: Summary
    months: dict[str, Any]
    decisions: list[tuple[str, int]]
    rows: list[AgencyRow]


@cached_figures
def figures(agencies: QuerySet[Agency], year: int, end: dt.date) -> Figures:
    """The summary, the 12-month chart ending with `end`, the decisions and one row per
    agency of the scope (its own cases, in tree order), for `year`.

    The live counts (open, due soon, overdue, paused) come from the open cases (a few
    percent of the table, partial-indexed). Everything counted by month comes from the
    per-month figures (`figures.py`, maintained by every case step), the year's totals
    from their per-year roll-up: a year is twelve whole months, so the sums are exact.
    At 500k cases this sums about a thousand rows instead of grouping 62k cases
    (BENCHMARKS.md, `bench/scale.py`)."""
    months = last_months(end)
    per: dict[int, dict[str, int]] = {}

    def add(agency_id: int, key: str, n: int) -> None:
        counts = per.setdefault(agency_id, dict.fromkeys((*AGENCY_COUNTS, "paused"), 0))
        counts[key] += n

    cases = Application.objects.filter(agency__in=agencies).order_by()
    for r in cases.open().values("agency_id", "due_state").annotate(n=Count("*")):
        add(r["agency_id"], "open", r["n"])
        if r["due_state"] in (DueState.DUE_SOON, DueState.OVERDUE, DueState.PAUSED):
            add(r["agency_id"], r["due_state"], r["n"])
    figs = MonthlyFigure.objects.filter(agency__in=agencies).order_by()
    awaiting, decisions = 0, dict[str, int]()
    in_year = YearlyFigure.objects.filter(agency__in=agencies, year=year).order_by()
    for f in (
        in_year.exclude(kind=FigureKind.SETTLED)
        .values("agency_id", "kind", "decision", "replied", "on_time")
        .annotate(n=Sum("count"))
    ):
        if f["kind"] == FigureKind.RECEIVED:
            add(f["agency_id"], "received", f["n"])
        elif f["kind"] == FigureKind.AWAITING:
            awaiting += f["n"]
        else:
            _add_concluded(dict(f), add, decisions)
    tree = list(agencies.order_by("path"))
    top = min((a.depth for a in tree), default=0)
    total = {k: sum(c[k] for c in per.values()) for k in (*AGENCY_COUNTS, "paused")}
    return Figures(
        summary=Summary(awaiting_receipt=awaiting, **total),
        months=_months_chart(figs, months),
        decisions=[
            (str(Decision(d).label), n)
            for d, n in sorted(decisions.items(), key=lambda dn: (-dn[1], dn[0]))
        ],
        rows=[AgencyRow(a, a.depth - top, **_agency_counts(per.get(a.pk))) for a in tree],
    )


def _months_chart(figs: QuerySet[MonthlyFigure], months: list[dt.date]) -> dict[str, Any]:
    """Received (by receipt) and concluded (received or not) per month, oldest first."""
    received, concluded = [0] * len(months), [0] * len(months)
    chart = figs.filter(month__range=(months[0], months[-1])).filter(
        kind__in=[FigureKind.RECEIVED, FigureKind.CONCLUDED, FigureKind.CONCLUDED_UNRECEIVED]
    )
    for r in chart.values("month", "kind").annotate(n=Sum("count")):
        series = received if r["kind"] == FigureKind.RECEIVED else concluded
        series[months.index(r["month"])] += r["n"]
    return {
        "categories": [_month_label(m, i == 0) for i, m in enumerate(months)],
        "series": [(str(_("收到申请")), received), (str(_("办结")), concluded)],
        "months": months,
    }


def _add_concluded(
    r: dict[str, Any], add: Callable[[int, str, int], None], decisions: dict[str, int]
) -> None:
    """One group of cases concluded in the year: the agency's counts and the decisions."""
    add(r["agency_id"], "concluded", r["n"])
    if r["decision"]:
        decisions[r["decision"]] = decisions.get(r["decision"], 0) + r["n"]
    if r["replied"]:
        add(r["agency_id"], "replied", r["n"])
        if r["on_time"]:
            add(r["agency_id"], "replied_on_time", r["n"])


def _agency_counts(row: dict[str, Any] | None) -> dict[str, int]:
    return {k: (row[k] if row else 0) for k in AGENCY_COUNTS}


@cached_figures
def table3(agencies: QuerySet[Agency], year: int) -> dict[str, Any] | None:
    """Table 三 of the annual report for the scope, in the format the registry picks for
    the year, laid out for display (None for a year no format with tables covers)."""
    try:
        fmt = formats.get(formats.format_for_year(year))
    except formats.NoTemplateForYear:
        return None
    table = reporting.count_requests(list(agencies), year, fmt.id)
    return {
        "format": fmt.id,
        "format_name": f"{fmt.name}（{fmt.document}）",
        "title": "三、收到和处理政府信息公开申请情况",
        "columns": [c.label for c in fmt.request_columns],
        "rows": [
            {
                "label": r.label,
                "group": "",
                "subgroup": "",
                "values": [v if v is not None else "" for v in table.values(r.id).values()],
            }
            for r in fmt.request_rows
        ],
        "imbalances": table.imbalances(),
    }
