"""Queue search on the maintained search columns: by number, applicant name and
description, case-insensitive, with a natural person's name found only inside
the user's own agencies; tab counts without DISTINCT."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.agencies.models import Membership
from gongkai.applications import services

URL = reverse("office:queue")
D = dt.date


@pytest.fixture
def cases(agencies, clerk, applicant_data, org_applicant_data, django_user_model):
    gq = django_user_model.objects.create_user("gq", "gq@example.gov.cn", "pw-x-12345")
    Membership.objects.create(user=gq, agency=agencies["TCGQ"], role="clerk")
    person, _ = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 9, 26)
    )
    org, _ = services.register(
        clerk,
        agencies["TCBGS"],
        {
            **org_applicant_data,
            "description": "Road project EIA report",
            "doc_number_sought": "太政发〔2025〕12号",
        },
        "in_person",
        D(2025, 10, 9),
    )
    other, _ = services.register(
        gq,
        agencies["TCGQ"],
        {**applicant_data, "applicant_name": "王芳"},
        "in_person",
        D(2025, 10, 15),
    )
    return {"person": person, "org": org, "other": other, "gq": gq}


def found(client, user, q):
    client.force_login(user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return {row.app.number for row in response.context["rows"]}


def test_search_finds_by_full_number_and_by_sequence(client, clerk, cases):
    assert found(client, clerk, cases["org"].number) == {cases["org"].number}
    assert found(client, clerk, cases["org"].number.lower()) == {cases["org"].number}
    assert cases["org"].number in found(client, clerk, str(cases["org"].seq))


def test_search_finds_by_description_document_number_and_organisation_name(client, clerk, cases):
    org = cases["org"].number
    assert found(client, clerk, "road PROJECT") == {org}  # latin text is case-insensitive
    assert found(client, clerk, "〔2025〕12") == {org}
    assert found(client, clerk, "律师事务所") == {org}
    assert found(client, clerk, "道路改造") == {cases["person"].number}


def test_a_persons_name_is_found_only_in_ones_own_agency(client, clerk, supervisor, cases):
    assert found(client, clerk, "张明") == {cases["person"].number}
    assert found(client, cases["gq"], "王芳") == {cases["other"].number}
    assert found(client, clerk, "王芳") == set()  # TCGQ's applicant, not visible by name here
    assert found(client, supervisor, "张明") == set()  # supervisors search cases, not people


def test_tab_counts_do_not_count_distinct(client, supervisor, cases):
    client.force_login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.context["counts"]["open"] == 3
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(DISTINCT" in q["sql"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm indexes are PostgreSQL's")
def test_on_postgresql_search_and_the_done_tab_have_their_indexes(db):
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'applications_application'")
        names = {r[0] for r in cur.fetchall()}
        cur.execute("SET enable_seqscan = off")
        cur.execute(
            "EXPLAIN SELECT id FROM applications_application WHERE search_text LIKE '%污水处理厂%'"
        )
        plan = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("RESET enable_seqscan")
    assert {"application_search_text_trgm", "application_search_name_trgm"} <= names
    assert {"application_done_order", "application_number_desc"} <= names
    assert "application_search_text_trgm" in plan
