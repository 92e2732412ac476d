"""The report's agency is matched to the tree beyond exact spelling, and confirmed by a person:
a ladder (anonymous → wrong role → other agency → bad input → success + audit event)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reportcorpus import require_corpus, source_path

from gongkai.core.models import AuditEvent
from gongkai.reports import services
from gongkai.reports.agency_names import candidates, name_key
from gongkai.reports.models import IngestedReport


@pytest.fixture
def report(client, supervisor, agencies) -> IngestedReport:
    """seed-003 as its title would read with 管委会 written out in full."""
    require_corpus()
    text = source_path("seed-003").read_text(encoding="utf-8")
    text = text.replace("太仓港经济技术开发区2019年", "太仓港经济技术开发区管理委员会2019年")
    client.force_login(supervisor)
    response = client.post(reverse("reports:upload"), {"scope": agencies["SZ"].pk, "text": text})
    assert response.status_code == 302
    client.logout()
    return IngestedReport.objects.get()


def _confirm(client, report, agency_pk):
    return client.post(reverse("reports:confirm_agency", args=[report.pk]), {"agency": agency_pk})


def test_names_match_beyond_exact_spelling(agencies) -> None:
    tree = list(agencies.values())
    assert name_key("太仓港经济技术开发区管委会") == "太仓港经济技术开发区管理委员会"
    assert [a.code for a, _w in candidates("太仓市", tree)] == ["TC"]  # the place alone
    assert [a.code for a, _w in candidates("太仓港经济技术开发区管理委员会", tree)] == ["TCGQ"]
    assert candidates("昆山市人民政府", tree) == []


def test_a_renamed_agency_is_a_candidate_under_its_new_name() -> None:
    class Named:
        def __init__(self, name: str) -> None:
            self.name, self.short_name = name, ""

    [(agency, why)] = candidates("太仓市国土资源局", [Named("太仓市自然资源局")])
    assert agency.name == "太仓市自然资源局" and "更名" in why


def test_the_page_asks_to_confirm_an_inexact_match(client, supervisor, agencies, report) -> None:
    assert report.agency is None and report.agency_name == "太仓港经济技术开发区管理委员会"
    client.force_login(supervisor)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "确认报告机关" in page and "太仓港经济技术开发区管委会" in page


def test_anonymous_cannot_confirm(client, agencies, report) -> None:
    response = _confirm(client, report, agencies["TCGQ"].pk)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_clerk_cannot_confirm(client, clerk, agencies, report) -> None:
    client.force_login(clerk)
    assert _confirm(client, report, agencies["TCGQ"].pk).status_code == 403


def test_an_admin_of_another_agency_does_not_see_the_report(client, agencies, report) -> None:
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    other = get_user_model().objects.create_user("csadmin", "cs@example.gov.cn", "pw-for-tests-1")
    Membership.objects.create(user=other, agency=agencies["CS"], role="admin")
    client.force_login(other)
    assert _confirm(client, report, agencies["TCGQ"].pk).status_code == 404
    report.refresh_from_db()
    assert report.agency is None


def test_an_agency_that_is_not_a_candidate_is_refused(client, supervisor, agencies, report) -> None:
    client.force_login(supervisor)
    response = _confirm(client, report, agencies["TC"].pk)
    page = client.get(response["Location"]).content.decode()
    assert "请从列出的机关中选择一个" in page
    report.refresh_from_db()
    assert report.agency is None
    assert not AuditEvent.objects.filter(action="reports.confirm_agency").exists()


def test_the_supervisor_confirms_and_it_is_audited(client, supervisor, agencies, report) -> None:
    client.force_login(supervisor)
    response = _confirm(client, report, agencies["TCGQ"].pk)
    report.refresh_from_db()
    assert report.agency == agencies["TCGQ"]
    event = AuditEvent.objects.get(action="reports.confirm_agency")
    assert event.detail["printed"] == "太仓港经济技术开发区管理委员会" and event.actor == supervisor
    page = client.get(response["Location"]).content.decode()
    assert "已确认报告机关" in page and "确认报告机关</h2>" not in page
    with pytest.raises(ValueError):  # once only
        services.confirm_agency(supervisor, report, agencies["TCGQ"])
