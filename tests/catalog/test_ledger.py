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
