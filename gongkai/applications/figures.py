"""Figures per agency and month (`MonthlyFigure`), kept equal to the cases by construction.

The dashboard and table 三 used to group tens of thousands of cases per request
(BENCHMARKS.md, `bench/scale.py`: 0.8–1.4 s cold at 500k cases). They now sum a few
hundred rows of this table instead. The rows are never incremented: every case event
(`events.record`, the one place every step writes) recomputes the rows of the
agency-months the case left or entered from the cases of that one agency-month, in the
same transaction, so no sequence of steps can make them drift. `rebuild` recomputes
everything (the data migration, `manage.py rebuild_figures`, the benchmark's build).

`YearlyFigure` holds the same rows summed per calendar year (`year_rows`), rolled up
from the month rows of each agency-year a refresh touched, in the same transaction: the
reads that span years (table 三's carried-over figure) sum one row per year, not twelve.

`case_keys` is the single definition of what a case counts for; it is pure, so the
migration uses it too.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from gongkai.agencies.models import Agency

from .models import (
    FIGURE_FACTS,
    Application,
    FigureKind,
    MonthlyFigure,
    Status,
    YearlyFigure,
)

# Everything `case_keys` reads; `Application.from_db` keeps these as loaded.
FACT_FIELDS = FIGURE_FACTS

# (agency id, month, kind, applicant type, decision, replied, on time)
Key = tuple[int, dt.date, str, str, str, bool, bool]
AgencyMonth = tuple[int, dt.date]
# (agency id, year, kind, applicant type, decision, replied, on time)
YearKey = tuple[int, int, str, str, str, bool, bool]
BREAKDOWN = ("kind", "applicant_type", "decision", "replied", "on_time")


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def case_keys(facts: Mapping[str, Any]) -> list[Key]:
    """The figure rows one case adds 1 to. A case never received (第三十一条) counts as
    awaiting receipt by its arrival and, once concluded, apart from the received ones:
    table 三 does not count it, the dashboard's "办结" does."""
    agency, kind_of = facts["agency_id"], facts["applicant_type"]
    receipt, concluded = facts["receipt_date"], facts["concluded_on"]
    keys: list[Key] = []
    if receipt:
        keys.append((agency, month_of(receipt), FigureKind.RECEIVED, kind_of, "", False, False))
    else:
        arrived = month_of(facts["arrived_on"])
        keys.append((agency, arrived, FigureKind.AWAITING, kind_of, "", False, False))
    if concluded:
        replied = facts["status"] == Status.REPLIED
        due = facts["due_on"]
        on_time = replied and due is not None and concluded <= due
        kind = FigureKind.CONCLUDED if receipt else FigureKind.CONCLUDED_UNRECEIVED
        decision = facts["decision"] or ""
        keys.append((agency, month_of(concluded), kind, kind_of, decision, replied, on_time))
        if receipt:
            settled = month_of(max(receipt, concluded))
            keys.append((agency, settled, FigureKind.SETTLED, kind_of, "", False, False))
    return keys


def tally(cases: Iterable[Mapping[str, Any]]) -> Counter[Key]:
    return Counter(key for facts in cases for key in case_keys(facts))


def by_year(counts: Mapping[Key, int]) -> Counter[YearKey]:
    """The month counts summed per calendar year (what `YearlyFigure` holds)."""
    out: Counter[YearKey] = Counter()
    for (agency, month, kind, applicant_type, decision, replied, on_time), n in counts.items():
        out[(agency, month.year, kind, applicant_type, decision, replied, on_time)] += n
    return out


def year_rows(model: Any, counts: Mapping[YearKey, int]) -> list[Any]:
    """Unsaved rows of `model` (`YearlyFigure`, or the migration's historical one)."""
    return figure_rows(model, counts, period="year")


def figure_rows(
    model: Any, counts: Mapping[Key, int] | Mapping[YearKey, int], period: str = "month"
) -> list[Any]:
    """Unsaved rows of `model` (the real one, or the migration's historical one); `period`
    names the field the key's second part goes to (`month`, or `year` for `YearlyFigure`)."""
    return [
        model(
            agency_id=k[0],
            kind=k[2],
            applicant_type=k[3],
            decision=k[4],
            replied=k[5],
            on_time=k[6],
            count=n,
            **{period: k[1]},
        )
        for k, n in counts.items()
        if n
    ]


# -- keeping them current ------------------------------------------------------------


def refresh_case(app: Application) -> None:
    """After a step on `app`: recompute the agency-months it left and entered, if any of
    its figures changed. Called by `events.record`, inside the step's transaction. A case
    created in this step (or loaded with a fact column deferred) has no old facts: only
    the months it is in now are refreshed."""
    facts = Application.objects.filter(pk=app.pk).values(*FACT_FIELDS).first()
    new = case_keys(facts) if facts else []
    old = case_keys(app._loaded_facts) if app._loaded_facts else None
    if old is not None and sorted(old) == sorted(new):
        return
    refresh({(k[0], k[1]) for k in (old or []) + new})
    app._loaded_facts = facts


def refresh(agency_months: Collection[AgencyMonth]) -> None:
    """Recompute these agency-months from their cases: one indexed query each.

    Two steps of one agency committing at once could each recompute the same month
    without the other's case (READ COMMITTED); locking the agency row first makes the
    second wait and then see the first's commit. `no_key`: the lock does not block new
    cases referring to the agency. Agencies are locked in id order (no deadlock)."""
    if not agency_months:
        return
    with transaction.atomic():
        agency_ids = sorted({a for a, _m in agency_months})
        list(
            Agency.objects.select_for_update(no_key=True)
            .filter(pk__in=agency_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for agency_id, month in sorted(agency_months):
            _refresh_one(agency_id, month)
        for agency_id, year in sorted({(a, m.year) for a, m in agency_months}):
            _roll_up(agency_id, year)


def _refresh_one(agency_id: int, month: dt.date) -> None:
    span = (month, month_end(month))
    touching = Application.objects.filter(agency_id=agency_id).filter(
        Q(receipt_date__range=span)
        | Q(concluded_on__range=span)
        | Q(receipt_date__isnull=True, arrived_on__range=span)
    )
    counts = Counter(
        {k: n for k, n in tally(touching.values(*FACT_FIELDS)).items() if k[1] == month}
    )
    MonthlyFigure.objects.filter(agency_id=agency_id, month=month).delete()
    MonthlyFigure.objects.bulk_create(figure_rows(MonthlyFigure, counts))


def _roll_up(agency_id: int, year: int) -> None:
    """The agency-year's rows from its (just refreshed) month rows: one grouped query."""
    months = MonthlyFigure.objects.filter(
        agency_id=agency_id, month__range=(dt.date(year, 1, 1), dt.date(year, 12, 1))
    )
    sums = months.order_by().values(*BREAKDOWN).annotate(n=Sum("count"))
    counts = {(agency_id, year, *(r[f] for f in BREAKDOWN)): r["n"] for r in sums}
    YearlyFigure.objects.filter(agency_id=agency_id, year=year).delete()
    YearlyFigure.objects.bulk_create(year_rows(YearlyFigure, counts))


def rebuild(agency_ids: Collection[int] | None = None) -> int:
    """Recompute every figure, month and year rows (of these agencies); returns how many
    rows were wrong, missing or superfluous. One pass over the cases, in Python
    (`case_keys`)."""
    cases = Application.objects.order_by()
    stored = MonthlyFigure.objects.all()
    yearly = YearlyFigure.objects.all()
    if agency_ids is not None:
        cases, stored, yearly = (
            cases.filter(agency_id__in=agency_ids),
            stored.filter(agency_id__in=agency_ids),
            yearly.filter(agency_id__in=agency_ids),
        )
    with transaction.atomic():
        counts = tally(cases.values(*FACT_FIELDS).iterator(chunk_size=5000))
        before = {r.key(): r.count for r in stored.iterator(chunk_size=5000)}
        stored.delete()
        MonthlyFigure.objects.bulk_create(figure_rows(MonthlyFigure, counts), batch_size=5000)
        years = by_year(counts)
        before_years = {r.key(): r.count for r in yearly.iterator(chunk_size=5000)}
        yearly.delete()
        YearlyFigure.objects.bulk_create(year_rows(YearlyFigure, years), batch_size=5000)
    return _differing(before, counts) + _differing(before_years, years)


def _differing(before: Mapping[Any, int], after: Mapping[Any, int]) -> int:
    return sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))
