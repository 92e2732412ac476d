"""The per-month figures follow the cases through every step: after each real service
call they equal a recount from the cases, and the sums the dashboard and table 三 make
of them equal direct counts over the cases (the old code path), also across 31 December.
The per-year roll-up (`YearlyFigure`) equals the month rows summed per year, also after
every step."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command

from gongkai.agencies.models import Agency
from gongkai.applications import figures, reporting, services
from gongkai.applications.models import Application, FigureKind, MonthlyFigure, YearlyFigure

D = dt.date


def at(day: dt.date):
    """The clock on `day`, 10:00 in Shanghai (services date their steps by today)."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC))


def stored() -> Counter:
    return Counter(
        {
            (
                r.agency_id,
                r.month,
                r.kind,
                r.applicant_type,
                r.decision,
                r.replied,
                r.on_time,
            ): r.count
            for r in MonthlyFigure.objects.all()
        }
    )


def recounted() -> Counter:
    return figures.tally(Application.objects.values(*figures.FACT_FIELDS))


def stored_years() -> Counter:
    return Counter(
        {
            (r.agency_id, r.year, r.kind, r.applicant_type, r.decision, r.replied, r.on_time): (
                r.count
            )
            for r in YearlyFigure.objects.all()
        }
    )


def recounted_years() -> Counter:
    """The cases counted per calendar year, independently of the month rows."""
    out: Counter = Counter()
    for (agency, month, *rest), n in recounted().items():
        out[(agency, month.year, *rest)] += n
    return out


def assert_in_step(what: str) -> None:
    assert stored() == recounted(), what
    assert stored_years() == recounted_years(), what


def month_sum(agency: Agency, month: dt.date, *kinds: str) -> int:
    rows = MonthlyFigure.objects.filter(agency=agency, month=month, kind__in=kinds)
    return sum(r.count for r in rows)


def assert_direct_counts(agency: Agency, month: dt.date) -> None:
    """Each kind's sum for one agency-month, against a count over the cases."""
    span = (month, month.replace(day=calendar.monthrange(month.year, month.month)[1]))
    cases = Application.objects.filter(agency=agency)
    assert (
        month_sum(agency, month, FigureKind.RECEIVED)
        == cases.filter(receipt_date__range=span).count()
    )
    assert (
        month_sum(agency, month, FigureKind.AWAITING)
        == cases.filter(receipt_date__isnull=True, arrived_on__range=span).count()
    )
    assert (
        month_sum(agency, month, FigureKind.CONCLUDED, FigureKind.CONCLUDED_UNRECEIVED)
        == cases.filter(concluded_on__range=span).count()
    )


def reply(clerk, reviewer, app, decision, on, **kw):
    services.propose_decision(clerk, app, decision, **kw)
    services.approve_decision(reviewer, app, on)


@pytest.fixture
def story(agencies, clerk, reviewer, other_clerk, applicant_data, org_applicant_data):
    """Cases of two agencies driven across the end of 2025, checking after every step."""
    tcbgs, cs = agencies["TCBGS"], agencies["CS"]
    a, _ = services.register(clerk, tcbgs, applicant_data, "in_person", D(2025, 12, 22))
    assert_in_step("register")
    b, _ = services.register(clerk, tcbgs, org_applicant_data, "in_person", D(2025, 11, 28))
    reply(clerk, reviewer, b, "not_exist", D(2025, 12, 15))
    assert_in_step("reply in December")
    with at(D(2025, 12, 30)):
        c, _ = services.submit_online(tcbgs, applicant_data)
        d, _ = services.submit_online(tcbgs, org_applicant_data)
    assert_in_step("online, awaiting receipt")
    with at(D(2026, 1, 6)):
        services.confirm_receipt(clerk, c, D(2026, 1, 5))  # leaves December for January
        assert_in_step("receipt confirmed in the next year")
        services.withdraw_online(d, "不再需要")  # withdrawn before it was ever received
        assert_in_step("withdrawn before receipt")
    services.request_correction(clerk, a, "请写明所需信息的文号", D(2025, 12, 24))
    services.receive_correction(clerk, a, D(2026, 1, 7), "补正：文号为太政办〔2025〕8号")
    assert_in_step("correction over the year end")
    reply(clerk, reviewer, a, "disclose", D(2026, 1, 20), provided_form="electronic")
    assert_in_step("reply in January")
    e, _ = services.register(other_clerk, cs, applicant_data, "in_person", D(2025, 12, 1))
    services.withdraw(other_clerk, e, D(2026, 1, 3), "申请人书面撤回")
    assert_in_step("other agency, withdrawn in January")
    f, _ = services.register(clerk, tcbgs, org_applicant_data, "in_person", D(2025, 10, 9))
    services.request_correction(clerk, f, "请补充申请内容描述", D(2025, 10, 13))
    services.abandon(clerk, f, D(2025, 11, 28))
    assert_in_step("abandoned after no correction")
    g, _ = services.register(clerk, tcbgs, applicant_data, "in_person", D(2025, 12, 31))
    assert_in_step("open on 31 December")
    return {"tcbgs": tcbgs, "cs": cs, "cases": [a, b, c, d, e, f, g]}


def test_figures_equal_the_cases_after_every_step_and_per_month(story):
    months = [D(2025, m, 1) for m in range(10, 13)] + [D(2026, 1, 1), D(2026, 2, 1)]
    for agency in (story["tcbgs"], story["cs"]):
        for month in months:
            assert_direct_counts(agency, month)
    # The story really moved figures between months and kinds.
    # c left December's "awaiting" for January's "received"; d, withdrawn unreceived, stays.
    assert month_sum(story["tcbgs"], D(2025, 12, 1), FigureKind.AWAITING) == 1
    assert month_sum(story["tcbgs"], D(2026, 1, 1), FigureKind.RECEIVED) == 1
    assert month_sum(story["tcbgs"], D(2026, 1, 1), FigureKind.CONCLUDED_UNRECEIVED) == 1


@pytest.mark.parametrize("year", [2024, 2025, 2026])
@pytest.mark.parametrize("report_format", ["2019", "2021"])
def test_table_3_from_the_figures_equals_table_3_from_the_cases(story, year, report_format):
    for scope in ([story["tcbgs"]], [story["cs"]], [story["tcbgs"], story["cs"]]):
        fast = reporting.count_requests(scope, year, report_format)
        slow = reporting.count_requests_from_cases(scope, year, report_format)
        assert fast.rows == slow.rows, (scope, year)
    both = reporting.count_requests([story["tcbgs"], story["cs"]], 2026, report_format)
    assert both.value("carried_over") == 3  # a, e and g were open on 31 Dec 2025
    assert both.imbalances() == []


def test_a_step_that_changes_no_figure_recomputes_nothing(
    story, clerk, django_assert_max_num_queries
):
    g = Application.objects.get(pk=story["cases"][-1].pk)
    before = stored()
    with django_assert_max_num_queries(30) as queries:
        services.request_correction(clerk, g, "请写明所需信息的文号", D(2025, 12, 31))
    assert not [q for q in queries.captured_queries if "monthlyfigure" in q["sql"].lower()]
    assert stored() == before


def test_rebuild_figures_repairs_a_corrupted_row(story):
    row = MonthlyFigure.objects.filter(agency=story["tcbgs"], kind=FigureKind.RECEIVED).first()
    row.count += 5
    row.save()
    MonthlyFigure.objects.filter(agency=story["cs"]).delete()
    assert stored() != recounted()

    out = __import__("io").StringIO()
    call_command("rebuild_figures", agency=story["tcbgs"].code, stdout=out)
    assert "更正 1 行" in out.getvalue()
    assert not MonthlyFigure.objects.filter(agency=story["cs"]).exists()  # not asked

    call_command("rebuild_figures", stdout=out)
    assert stored() == recounted()


def test_the_year_rows_moved_across_the_year_end_with_their_cases(story):
    """c arrived in December 2025 and was received in January 2026: its year rows say so."""
    tcbgs = story["tcbgs"]
    awaiting_2025 = YearlyFigure.objects.get(agency=tcbgs, year=2025, kind=FigureKind.AWAITING)
    assert awaiting_2025.count == 1  # d, withdrawn before receipt
    received_2026 = YearlyFigure.objects.filter(agency=tcbgs, year=2026, kind=FigureKind.RECEIVED)
    assert sum(r.count for r in received_2026) == 1  # c


def test_rebuild_figures_repairs_a_corrupted_year_row(story):
    row = YearlyFigure.objects.filter(agency=story["tcbgs"], kind=FigureKind.SETTLED).first()
    row.count += 2
    row.save()
    YearlyFigure.objects.filter(agency=story["cs"]).delete()
    assert stored_years() != recounted_years()

    out = __import__("io").StringIO()
    call_command("rebuild_figures", stdout=out)
    assert "更正 " in out.getvalue() and "更正 0 行" not in out.getvalue()
    assert stored_years() == recounted_years()
    assert stored() == recounted()


def test_rebuild_figures_refuses_an_unknown_agency(story):
    from django.core.management.base import CommandError

    before = stored()
    with pytest.raises(CommandError, match="没有机关代码为 NOPE 的机关"):
        call_command("rebuild_figures", agency="NOPE")
    assert stored() == before
