"""Work queues: tabs, filters within the visible subtree, ordering by deadline, pagination."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.agencies.models import Membership
from gongkai.applications import services

URL = reverse("office:queue")
D = dt.date


@pytest.fixture
def spread(agencies, clerk, reviewer, applicant_data, org_applicant_data, django_user_model):
    """TCBGS: an in-person case (received), a fax case awaiting confirmation, an organisation's
    case in correction; TCGQ: one case; CS: one case."""
    gq = django_user_model.objects.create_user("gq", "gq@example.gov.cn", "pw-x-12345")
    Membership.objects.create(user=gq, agency=agencies["TCGQ"], role="clerk")
    cs = django_user_model.objects.create_user("cs", "cs@example.gov.cn", "pw-x-12345")
    Membership.objects.create(user=cs, agency=agencies["CS"], role="clerk")
    a, _ = services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 9, 26))
    b, _ = services.register(clerk, agencies["TCBGS"], applicant_data, "fax", D(2025, 10, 20))
    c, _ = services.register(
        clerk, agencies["TCBGS"], org_applicant_data, "in_person", D(2025, 10, 9)
    )
    services.request_correction(clerk, c, "请写明文号", D(2025, 10, 10))
    d, _ = services.register(gq, agencies["TCGQ"], applicant_data, "post_signed", D(2025, 10, 15))
    e, _ = services.register(cs, agencies["CS"], applicant_data, "in_person", D(2025, 10, 15))
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def _numbers(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return [row.app.number for row in response.context["rows"]]


def test_supervisor_sees_every_agency_of_the_tree(client, supervisor, spread):
    assert len(_numbers(client, supervisor)) == 5


def test_admin_of_taicang_sees_taicang_and_its_zone_but_not_changshu(client, admin_user, spread):
    numbers = _numbers(client, admin_user)
    assert spread["d"].number in numbers and spread["e"].number not in numbers


def test_agency_filter_includes_the_subtree_and_is_limited_to_what_one_may_see(
    client, supervisor, admin_user, agencies, spread
):
    assert len(_numbers(client, supervisor, agency=agencies["TC"].pk)) == 4
    # Changshu is not among the admin's choices: the filter is ignored, nothing leaks.
    assert spread["e"].number not in _numbers(client, admin_user, agency=agencies["CS"].pk)


def test_tabs_split_the_work(client, clerk, spread):
    assert _numbers(client, clerk, tab="submitted") == [spread["b"].number]
    assert _numbers(client, clerk, tab="correction") == [spread["c"].number]
    assert _numbers(client, clerk, tab="received") == [spread["a"].number]
    assert _numbers(client, clerk, tab="done") == []


def test_tab_counts_match_the_rows(client, clerk, spread):
    client.force_login(clerk)
    counts = client.get(URL).context["counts"]
    assert (counts["open"], counts["submitted"], counts["correction"]) == (3, 1, 1)


def test_review_tab_is_for_reviewers_and_holds_drafts_and_pending_extensions(
    client, clerk, reviewer, spread
):
    services.propose_decision(clerk, spread["a"], "not_exist")
    services.request_extension(clerk, spread["c"], 10, "需要查档")
    assert "review" not in [t.key for t in _tabs(client, clerk)]
    assert set(_numbers(client, reviewer, tab="review")) == {spread["a"].number, spread["c"].number}


def _tabs(client, user):
    client.force_login(user)
    return client.get(URL).context["tabs"]


def test_filters_by_status_channel_year_and_decision(client, clerk, spread):
    assert _numbers(client, clerk, status="correction") == [spread["c"].number]
    assert _numbers(client, clerk, channel="fax") == [spread["b"].number]
    assert len(_numbers(client, clerk, year=2025)) == 3
    assert _numbers(client, clerk, year=2024) == []
    services.withdraw(clerk, spread["a"], D(2025, 10, 1))
    assert _numbers(client, clerk, tab="done", decision="withdrawn") == [spread["a"].number]


def test_text_search_on_description_and_document_number(client, clerk, spread):
    assert len(_numbers(client, clerk, q="道路改造")) == 3
    assert _numbers(client, clerk, q="律师事务所") == [spread["c"].number]


def test_open_cases_are_sorted_by_the_nearest_deadline(client, clerk, spread):
    numbers = _numbers(client, clerk)
    assert numbers.index(spread["a"].number) < numbers.index(spread["c"].number)
    assert numbers[-1] == spread["b"].number  # no deadline yet: last


def test_pagination(client, clerk, agencies, applicant_data):
    for _ in range(27):
        services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 10, 9))
    client.force_login(clerk)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 2
    assert "第 1 / 2 页，共 27 件" in first.content.decode()


def test_the_queue_costs_a_fixed_number_of_queries_however_many_rows(
    client, supervisor, agencies, clerk, applicant_data, django_assert_max_num_queries
):
    for _ in range(30):
        services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 10, 9))
    client.force_login(supervisor)
    # A dashboard-count miss in the shared database cache costs 5 of these (read,
    # cull count, and the savepointed write); the tab counts are two queries (the open
    # tabs, and the done tab's capped count); the count does not grow with the rows.
    with django_assert_max_num_queries(15):
        client.get(URL)
