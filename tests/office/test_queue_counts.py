"""Queue tab counts at province scale: the open tabs are counted over the open cases only,
the done tab up to COUNT_CAP (shown "10000+"), and the pager stays within what was counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import dashboards, services, views

URL = reverse("office:queue")
D = dt.date


@pytest.fixture
def withdrawn(agencies, clerk, applicant_data):
    """Three cases withdrawn on 3, 2 and 1 October (the done tab lists the latest first)
    and one case still open."""
    out = []
    for day in (3, 2, 1):
        app, _ = services.register(
            clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 9, 1)
        )
        out.append(services.withdraw(clerk, app, D(2025, 10, day)))
    services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 9, 2))
    return out


@pytest.fixture
def cap_two(monkeypatch):
    monkeypatch.setattr(dashboards, "COUNT_CAP", 2)
    cache.clear()


def _get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_open_tabs_count_only_open_cases_and_done_is_counted_over_a_limited_subquery(
    client, clerk, withdrawn
):
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as queries:
        counts = client.get(URL).context["counts"]
    assert (counts["open"], counts["received"], counts["done"]) == (1, 1, 3)
    sql = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    open_sql, done_sql = [s for s in sql if "applications_application" in s]
    assert "'received'" in open_sql and "'replied'" not in open_sql  # open statuses only
    assert "COUNT(DISTINCT" not in open_sql
    assert f"LIMIT {dashboards.COUNT_CAP + 1}" in done_sql and "ORDER BY" not in done_sql


def test_done_count_under_the_cap_is_exact_and_not_flagged(client, clerk, withdrawn):
    response = _get(client, clerk, tab="done")
    assert response.context["counts"]["done"] == 3
    assert not response.context["counts"]["done"].capped
    assert "count-capped" not in response.content.decode()


def test_done_count_past_the_cap_shows_plus_and_asks_to_narrow(client, clerk, withdrawn, cap_two):
    response = _get(client, clerk, tab="done")
    done = response.context["counts"]["done"]
    assert done == 2 and done.capped and str(done) == "2+"
    html = response.content.decode()
    assert '<span class="count">2+</span>' in html
    assert "超过 2 件，只列出前 2 件：请按年度、机关等条件缩小范围。" in html
    # the open tabs are exact whatever the cap
    assert response.context["counts"]["open"] == 1 and not response.context["counts"]["open"].capped


def test_pages_past_the_cap_end_at_the_last_counted_page(
    client, clerk, withdrawn, cap_two, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first = _get(client, clerk, tab="done", page=1)
    assert [r.app.pk for r in first.context["rows"]] == [withdrawn[0].pk]
    assert first.context["page"].has_next()
    last = _get(client, clerk, tab="done", page=2)
    assert [r.app.pk for r in last.context["rows"]] == [withdrawn[1].pk]
    assert not last.context["page"].has_next()
    beyond = _get(client, clerk, tab="done", page=3)  # beyond the cap: the last counted page
    assert beyond.context["page"].number == 2
    assert [r.app.pk for r in beyond.context["rows"]] == [withdrawn[1].pk]


def test_narrowing_below_the_cap_gives_an_exact_count(client, clerk, withdrawn, cap_two, agencies):
    # the filter form narrows the set; under the cap the count is exact again
    response = _get(client, clerk, tab="done", q=withdrawn[2].number)
    assert response.context["counts"]["done"] == 1
    assert not response.context["counts"]["done"].capped
