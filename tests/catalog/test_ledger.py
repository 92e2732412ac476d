"""The 规章 / 行政规范性文件 ledger the annual report's table 二 reads."""

from __future__ import annotations

import datetime as dt

from catalogdocs import draft_fields

from gongkai.catalog import services
from gongkai.catalog.ledger import build_ledger
from gongkai.catalog.models import Validity


def _published(agency, clerk, reviewer, chief, **fields):
    item = services.create_draft(clerk, agency, **draft_fields(category="20-01", **fields))
    services.submit(clerk, item)
    services.first_review(reviewer, item, approve=True)
    services.second_review(chief, item, approve=True)
    services.publish(chief, item)
    return item


def test_ledger_counts_made_repealed_and_in_force(agencies, clerk, reviewer, chief):
    agency = agencies["TCBGS"]
    old = _published(agency, clerk, reviewer, chief, written_on=dt.date(2018, 5, 1))
    _published(agency, clerk, reviewer, chief, written_on=dt.date(2019, 3, 1))
    _published(agency, clerk, reviewer, chief, written_on=dt.date(2019, 9, 1), genre="命令（令）")
    services.mark_invalid(chief, old, Validity.REPEALED, dt.date(2019, 10, 1), "被新文件废止")
    ledger = build_ledger(agency, 2019)
    assert (ledger.normative.made, ledger.normative.repealed, ledger.normative.in_force) == (
        1,
        1,
        1,
    )
    assert (ledger.rules.made, ledger.rules.repealed, ledger.rules.in_force) == (1, 0, 1)
    earlier = build_ledger(agency, 2018)
    assert earlier.normative.in_force == 1  # repealed only in 2019


def _published_on(item, day):
    """Back-date a publication (the ledger reads 发布日期; services publish today)."""
    from django.utils import timezone

    when = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    type(item).objects.filter(pk=item.pk).update(published_at=when)


def test_table_two_counts_regulations_from_the_ledger_in_the_2021_template(
    agencies, clerk, reviewer, chief
):
    from gongkai.reports.annual.build import build_annual_report

    agency = agencies["TCBGS"]
    old = _published(agency, clerk, reviewer, chief, written_on=dt.date(2020, 5, 1))
    _published(agency, clerk, reviewer, chief, written_on=dt.date(2021, 3, 1))
    _published(agency, clerk, reviewer, chief, written_on=dt.date(2021, 4, 1), genre="命令（令）")
    services.mark_invalid(chief, old, Validity.REPEALED, dt.date(2021, 10, 1), "被新文件废止")

    active = build_annual_report(agency, 2021).active

    normative = [active.cell("normative_docs", c).value for c in ("issued", "repealed", "in_force")]
    rules = [active.cell("regulations", c).value for c in ("issued", "repealed", "in_force")]
    assert (normative, rules) == ([1, 1, 1], [1, 0, 1])
    assert active.cell("regulations", "issued").provenance.locator == "目录台账"
    assert active.cell("licensing", "decisions").value is None  # not the catalogue's to count


def test_a_figure_staff_entered_wins_over_the_ledger_and_the_page_shows_both(
    agencies, clerk, reviewer, chief, client
):
    from django.urls import reverse

    from gongkai.reports.annual import services as annual
    from gongkai.reports.annual.build import build_annual_report

    agency = agencies["TCBGS"]
    _published(agency, clerk, reviewer, chief, written_on=dt.date(2021, 3, 1))
    annual.save_figure(chief, agency, 2021, "normative_docs", "in_force", "57")

    cell = build_annual_report(agency, 2021).active.cell("normative_docs", "in_force")
    assert (cell.value, cell.provenance.locator) == (57, "手工录入")

    client.force_login(chief)
    page = client.get(reverse("annual:detail", args=[agency.pk, 2021])).content.decode()
    assert "目录台账：1" in page


def test_the_2019_template_counts_made_published_in_the_year_and_in_all(
    agencies, clerk, reviewer, chief
):
    from gongkai.reports.annual.build import build_annual_report

    agency = agencies["TCBGS"]
    earlier = _published(agency, clerk, reviewer, chief, written_on=dt.date(2018, 6, 1))
    _published_on(earlier, dt.date(2018, 6, 8))
    current = _published(agency, clerk, reviewer, chief, written_on=dt.date(2019, 2, 1))
    _published_on(current, dt.date(2019, 2, 15))

    active = build_annual_report(agency, 2019).active

    columns = ("new_made", "new_published", "total_published")
    assert [active.cell("normative_docs", c).value for c in columns] == [1, 1, 2]


def test_an_agency_that_keeps_no_regulations_in_the_catalogue_enters_them(agencies):
    from gongkai.reports.annual.build import build_annual_report

    active = build_annual_report(agencies["TCBGS"], 2021).active
    assert active.cell("regulations", "in_force").value is None  # blank, never 0
