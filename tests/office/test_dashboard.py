"""Dashboard figures equal the database for a known set of cases, per scope."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, DueState

D = dt.date
URL = reverse("office:dashboard")


@pytest.fixture
def known_cases(agencies, clerk, reviewer, applicant_data, django_user_model):
    """Seven cases, 'today' being 2025-11-20:

    TCBGS  A replied on time (disclose)   B replied late (not_exist)   C open, overdue
           G online, unconfirmed
    TCGQ   D open, on track                E open, due soon
    CS     F replied on time (partial)
    """
    from gongkai.agencies.models import Membership

    def staff(name, code, role):
        user = django_user_model.objects.create_user(name, f"{name}@example.gov.cn", "pw-x-12345")
        Membership.objects.create(user=user, agency=agencies[code], role=role)
        return user

    gq, cs, cs_rev = (
        staff("gq", "TCGQ", "clerk"),
        staff("cs", "CS", "clerk"),
        staff("csr", "CS", "reviewer"),
    )
    with time_machine.travel(dt.datetime(2025, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):

        def case(who, code, arrived):
            app, _ = services.register(who, agencies[code], applicant_data, "in_person", arrived)
            return app

        def reply(app, who, approver, decision, on, **kw):
            services.propose_decision(who, app, decision, **kw)
            services.approve_decision(approver, app, on)

        a, b, c = (case(clerk, "TCBGS", D(2025, 9, 26)) for _ in range(3))
        reply(a, clerk, reviewer, "disclose", D(2025, 10, 20), provided_form="electronic")
        reply(b, clerk, reviewer, "not_exist", D(2025, 11, 5))
        d = case(gq, "TCGQ", D(2025, 11, 17))
        e = case(gq, "TCGQ", D(2025, 10, 27))
        f = case(cs, "CS", D(2025, 10, 10))
        reply(
            f,
            cs,
            cs_rev,
            "partial",
            D(2025, 10, 30),
            provided_form="electronic",
            grounds=["third_party"],
            reason="涉及第三方商业秘密",
        )
        g, _code = services.submit_online(agencies["TCBGS"], applicant_data)
        services.sweep()
        yield {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g}


def _dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context


def test_the_known_cases_are_in_the_states_the_figures_assume(known_cases):
    states = {k: Application.objects.get(pk=v.pk).due_state for k, v in known_cases.items()}
    assert states["C"] == DueState.OVERDUE
    assert states["E"] == DueState.DUE_SOON
    assert states["D"] == DueState.ON_TRACK


def test_supervisor_sees_the_whole_tree(client, supervisor, known_cases):
    ctx = _dashboard(client, supervisor, year=2025)
    s = ctx["summary"]
    open_cases = Application.objects.open()
    assert s.open == open_cases.count() == 4
    assert s.due_soon == open_cases.filter(due_state=DueState.DUE_SOON).count() == 1
    assert s.overdue == open_cases.filter(due_state=DueState.OVERDUE).count() == 1
    # New applications are counted as table 三 counts them (by 收到申请之日): G arrived
    # online but its receipt is not confirmed, so it is shown apart, not in the figure.
    assert (s.received, s.awaiting_receipt) == (6, 1)
    assert s.concluded == Application.objects.filter(concluded_on__year=2025).count() == 3
    assert (s.replied_on_time, s.replied) == (2, 3)
    assert dict(ctx["decisions"]) == {
        "予以公开": 1,
        "无法提供：政府信息不存在": 1,
        "部分公开（区分处理）": 1,
    }


def test_supervisor_table_has_one_row_per_agency_with_its_own_cases(
    client, supervisor, agencies, known_cases
):
    rows = {r.agency.code: r for r in _dashboard(client, supervisor, year=2025)["rows"]}
    assert (rows["TCBGS"].open, rows["TCBGS"].overdue) == (2, 1)
    assert (rows["TCBGS"].replied_on_time, rows["TCBGS"].replied) == (1, 2)
    assert (rows["TCGQ"].open, rows["TCGQ"].due_soon) == (2, 1)
    assert (rows["CS"].concluded, rows["CS"].on_time_rate) == (1, 1.0)
    assert rows["TC"].depth == rows["CS"].depth == rows["SZBGS"].depth == 1
    assert rows["TCBGS"].depth == 2


def test_received_and_concluded_by_month(client, supervisor, known_cases):
    months = _dashboard(client, supervisor, year=2025)["months"]
    (_r, received), (_c, concluded) = months["series"]
    keys = [m.isoformat()[:7] for m in months["months"]]
    by_month = dict(zip(keys, zip(received, concluded, strict=True), strict=True))
    assert by_month["2025-09"] == (3, 0)
    assert by_month["2025-10"] == (2, 2)
    assert by_month["2025-11"] == (1, 1)  # G (arrived 11-20) has no receipt date yet
    assert len(months["months"]) == 12


def test_a_clerk_sees_only_their_agency_even_when_asking_for_the_city(
    client, clerk, agencies, known_cases
):
    ctx = _dashboard(client, clerk, agency=agencies["SZ"].pk, year=2025)
    assert ctx["agency"] == agencies["TCBGS"]
    s = ctx["summary"]
    assert (s.open, s.overdue, s.concluded) == (2, 1, 2)
    assert ctx["rows"] == []


def test_another_agency_sees_none_of_ours(client, agencies, known_cases, django_user_model):
    cs = django_user_model.objects.get(username="cs")
    s = _dashboard(client, cs, year=2025)["summary"]
    assert (s.open, s.concluded, s.received) == (0, 1, 1)


def test_the_page_draws_both_charts_with_their_numbers(client, supervisor, known_cases):
    client.force_login(supervisor)
    body = client.get(URL, {"year": 2025}).content.decode()
    assert body.count("<svg") == 2
    assert "部分公开（区分处理）" in body
    assert 'id="n-overdue">1<' in body
    assert "按期答复率" in body and "67%" in body


def test_table_three_counts_the_received_cases_of_the_year(client, supervisor, known_cases):
    table = _dashboard(client, supervisor, year=2025)["table3"]
    rows = {r["label"]: r["values"] for r in table["rows"]}
    assert table["format"] == "2021"
    # G was never confirmed as received (第三十一条): six cases, all natural persons.
    assert rows["一、本年新收政府信息公开申请数量"][0] == 6
    assert rows["一、本年新收政府信息公开申请数量"][-1] == 6
    assert table["imbalances"] == []


def test_the_new_applications_figure_is_table_three_and_says_so(client, supervisor, known_cases):
    ctx = _dashboard(client, supervisor, year=2025)
    table = {r["label"]: r["values"] for r in ctx["table3"]["rows"]}
    assert ctx["summary"].received == table["一、本年新收政府信息公开申请数量"][-1] == 6

    body = client.get(URL, {"year": 2025}).content.decode()
    assert "2025年新收申请" in body and "按收到申请之日计，同年度报告表三" in body
    assert 'id="n-awaiting-receipt">另有1件已到达、尚待确认收到，确认后计入<' in body


def test_figures_are_served_from_the_cache_until_a_case_changes(
    client, supervisor, known_cases, clerk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _dashboard(client, supervisor, year=2025)
    with CaptureQueriesContext(connection) as again:
        assert _dashboard(client, supervisor, year=2025)["summary"].open == 4
    cases_table = '"applications_application"'
    counting = [
        q["sql"] for q in again.captured_queries if cases_table in q["sql"] and "COUNT(" in q["sql"]
    ]
    assert counting == []

    services.confirm_receipt(clerk, known_cases["G"], known_cases["G"].arrived_on)
    s = _dashboard(client, supervisor, year=2025)["summary"]
    assert (s.received, s.awaiting_receipt, s.open) == (7, 0, 4)


def _computed_directly(agency_ids, year, months):
    """The figures as the full-table aggregates computed them before (one per figure)."""
    from django.db.models import Count, F, Q

    from gongkai.applications.models import OPEN_STATUSES, Status

    def in_year(field):
        return Q(**{f"{field}__year": year})

    open_q = Q(status__in=OPEN_STATUSES)
    replied_q = Q(status=Status.REPLIED) & in_year("concluded_on")
    figures = {
        "open": open_q,
        "due_soon": open_q & Q(due_state=DueState.DUE_SOON),
        "overdue": open_q & Q(due_state=DueState.OVERDUE),
        "paused": open_q & Q(due_state=DueState.PAUSED),
        "received": in_year("receipt_date"),
        "awaiting_receipt": Q(receipt_date__isnull=True) & in_year("arrived_on"),
        "concluded": in_year("concluded_on"),
        "replied": replied_q,
        "replied_on_time": replied_q & Q(concluded_on__lte=F("due_on")),
    }
    cases = Application.objects.filter(agency_id__in=agency_ids)
    per_agency = {
        a: cases.filter(agency_id=a).aggregate(
            **{k: Count("pk", filter=q) for k, q in figures.items()}
        )
        for a in agency_ids
    }
    total = cases.aggregate(**{k: Count("pk", filter=q) for k, q in figures.items()})

    def per_month(field):
        return [
            cases.filter(**{f"{field}__year": m.year, f"{field}__month": m.month}).count()
            for m in months
        ]

    decisions = {
        d: cases.filter(in_year("concluded_on"), decision=d).count()
        for d in set(cases.exclude(decision="").values_list("decision", flat=True))
    }
    return total, per_agency, per_month("receipt_date"), per_month("concluded_on"), decisions


@pytest.mark.parametrize(
    ("year", "end"),
    [
        (2025, D(2025, 12, 1)),
        (2025, D(2025, 11, 20)),
        (2026, D(2026, 2, 10)),
        (2024, D(2024, 12, 1)),
    ],
)
def test_figures_from_the_indexed_slices_equal_the_full_table_aggregates(
    agencies, known_cases, year, end
):
    from django.core.cache import cache

    from gongkai.agencies.models import Agency
    from gongkai.applications import dashboards
    from gongkai.applications.decisions import Decision

    cache.clear()
    scope = Agency.objects.filter(path__startswith=agencies["TC"].path)
    got = dashboards.figures(scope, year, end)
    ids = list(scope.values_list("pk", flat=True))
    total, per_agency, received, concluded, decisions = _computed_directly(
        ids, year, got.months["months"]
    )
    assert got.summary == dashboards.Summary(**total)
    assert {
        r.agency.pk: {k: getattr(r, k) for k in dashboards.AGENCY_COUNTS} for r in got.rows
    } == {
        a: {k: v for k, v in counts.items() if k in dashboards.AGENCY_COUNTS}
        for a, counts in per_agency.items()
    }
    assert got.months["series"][0][1] == received and got.months["series"][1][1] == concluded
    assert dict(got.decisions) == {str(Decision(d).label): n for d, n in decisions.items() if n}
    assert got.months["months"][-1] == end.replace(day=1)


def test_the_figures_do_not_aggregate_the_whole_case_table(client, supervisor, known_cases):
    """Only the live counts read the cases, and only the open ones (partial-indexed); the
    12-month chart sums the per-month figures, the year's totals their per-year roll-up."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.agencies.models import Agency
    from gongkai.applications import dashboards

    cache.clear()
    scope = Agency.objects.all()
    with CaptureQueriesContext(connection) as queries:
        dashboards.figures(scope, 2025, D(2025, 11, 20))
    sqls = [q["sql"] for q in queries.captured_queries]
    on_cases = [s for s in sqls if '"applications_application"' in s]
    assert len(on_cases) == 1
    assert "'received'" in on_cases[0]  # the open statuses
    assert len([s for s in sqls if '"applications_monthlyfigure"' in s]) == 1
    assert len([s for s in sqls if '"applications_yearlyfigure"' in s]) == 1


def test_the_agency_table_and_picker_are_rendered_without_a_template_per_row(
    client, supervisor, agencies, known_cases
):
    """Same cells as before (indent, figures, the rate with its fraction), built in Python:
    a template pass per agency row and per <option> cost ~120 ms at 200 agencies."""
    client.force_login(supervisor)
    response = client.get(URL, {"year": 2025, "agency": agencies["SZ"].pk})
    html = response.content.decode()
    tcbgs = agencies["TCBGS"]
    assert (
        f'<tr><td class="indent-2">{tcbgs.name}</td><td class="num">3</td>'
        '<td class="num">2</td><td class="num">0</td><td class="num rate-bad">1</td>'
        '<td class="num">2</td><td class="num"><span class="rate-bad">50%</span> '
        '<span class="muted small">(1/2)</span></td></tr>'
    ) in html
    chosen = agencies["SZ"]
    assert f'<option value="{chosen.pk}" selected>{chosen}</option>' in html
    assert f'<option value="{tcbgs.pk}">{tcbgs}</option>' in html
    used = [t.name for t in response.templates]
    assert "django/forms/widgets/select_option.html" not in used
