"""The 汇总 on a fresh demo site: every cell equals the sum of that cell over the subtree's own
reports, and every rule passes on the sum. (Its own module: the demo site is built once per
module in a transaction the other summary tests must not run inside.)"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from test_annual_summary_sum import assert_summary_is_the_sum, positions

from gongkai.agencies.models import Agency
from gongkai.reports.annual.checks import failed
from gongkai.reports.annual.summary import build_summary_report, check_summary

# --- the demo site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield {a.code: a for a in Agency.objects.all()}
        transaction.set_rollback(True)


@pytest.mark.parametrize("year", [2019, 2025])
def test_on_the_demo_site_every_summary_cell_is_the_sum_of_the_reports(demo, db, year):
    roots = [a for a in demo.values() if a.parent_id is None]
    for root in [*roots, demo["TC"]]:
        assert assert_summary_is_the_sum(root, year) > 0 or year != 2019
        assert failed(check_summary(root, build_summary_report(root, year))) == []


def test_the_demo_summary_of_2019_counts_the_seed_ledger(demo, db):
    truth_cells = positions(build_summary_report(demo["TC"], 2019))
    # 太仓市's seed report has cases: the 汇总 of its subtree counts them in table 三.
    assert truth_cells[("三", "new_received", 6)].value > 0
