"""The case list counts at most COUNT_CAP cases per page request and says so,
instead of a COUNT(*) over every visible case."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.applications import services
from gongkai.core.pagination import CappedCountPaginator

D = dt.date


def register(n, agencies, clerk, applicant_data):
    for _ in range(n):
        services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 10, 9))


def test_below_the_cap_the_count_is_exact(as_user, clerk, agencies, applicant_data):
    register(3, agencies, clerk, applicant_data)
    data = as_user(clerk).get("/api/applications/").json()
    assert (data["count"], data["count_capped"], len(data["results"])) == (3, False, 3)


def test_above_the_cap_the_count_stops_and_says_so(
    as_user, clerk, agencies, applicant_data, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "cap", 2)
    register(3, agencies, clerk, applicant_data)
    client = as_user(clerk)

    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/applications/").json()

    assert (data["count"], data["count_capped"]) == (2, True)
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and "applications_application" in q["sql"]
    ]  # the database cache counts its own table when it stores a throttle figure
    assert len(counts) == 1 and "LIMIT 3" in counts[0]


def test_the_list_is_newest_number_first(as_user, clerk, agencies, applicant_data):
    register(3, agencies, clerk, applicant_data)
    numbers = [r["number"] for r in as_user(clerk).get("/api/applications/").json()["results"]]
    assert numbers == sorted(numbers, reverse=True)
