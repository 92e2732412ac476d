"""Back-office pages of the agency's own report: ladders for figures, sections and publishing
(anonymous → wrong role → other agency → bad input → success + event), preview, versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications import services as cases
from gongkai.core.models import AuditEvent
from gongkai.reports.annual import services
from gongkai.reports.annual.models import ActiveFigure, AgencyReport, ReportVersion

YEAR = 2024


def url(name, agency, *extra):
    return reverse(f"annual:{name}", args=[agency.pk, YEAR, *extra])


@pytest.fixture
def agency(agencies):
    return agencies["TCBGS"]


def test_anonymous_is_sent_to_login(client, agency):
    for name in ("detail", "figures", "sections", "publish"):
        response = (
            client.post(url(name, agency)) if name != "detail" else client.get(url(name, agency))
        )
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_index_lists_own_agencies_with_their_status(client, agency, reviewer):
    services.publish(reviewer, agency, YEAR)
    client.force_login(reviewer)

    page = client.get(reverse("annual:index")).content.decode()

    assert "太仓市人民政府办公室" in page and "已发布 第1版" in page
    assert "常熟市人民政府" not in page
    chosen = client.get(reverse("annual:index"), {"agency": agency.pk, "year": 2020})
    assert chosen["Location"] == reverse("annual:detail", args=[agency.pk, 2020])


def test_the_preview_shows_the_tables_the_checks_and_the_editors(
    client, agency, clerk, applicant_data
):
    cases.register(clerk, agency, applicant_data, "in_person", dt.date(YEAR, 5, 6))
    client.force_login(clerk)

    page = client.get(url("detail", agency)).content.decode()

    assert "本列数据的勾稽关系为" in page and "第二十条第（一）项" in page
    assert "全部通过" in page
    assert "表二有 10 格未填写" in page and "正文仍有 10 处“【待补充】”" in page
    assert 'name="section-六"' in page and 'name="licensing.decisions"' in page
    assert "发布年度报告" not in page  # a clerk drafts; a reviewer publishes


def test_other_agencies_staff_may_not_see_or_change_the_report(client, agency, other_clerk):
    client.force_login(other_clerk)

    assert client.get(url("detail", agency)).status_code == 403
    response = client.post(url("figures", agency), {"licensing.decisions": "3"})
    assert response.status_code == 403
    assert not ActiveFigure.objects.exists()


def test_a_supervisor_may_look_but_not_edit(client, agency, supervisor):
    client.force_login(supervisor)

    assert client.get(url("detail", agency)).status_code == 200
    assert client.post(url("sections", agency), {"section-五": "x"}).status_code == 403
    assert client.post(url("publish", agency)).status_code == 403


def test_figures_ladder_bad_input_changes_nothing(client, agency, clerk):
    client.force_login(clerk)

    response = client.post(
        url("figures", agency),
        {"licensing.decisions": "12", "penalty.decisions": "很多"},
        follow=True,
    )

    assert "表二数据未保存" in response.content.decode()
    assert not ActiveFigure.objects.exists()  # the valid one is not kept either
    response = client.post(
        url("figures", agency),
        {"licensing.decisions": "12", "admin_fees.fee_amount": "3.5", "source": "import"},
        follow=True,
    )
    assert "已保存（2 项）" in response.content.decode()
    assert ActiveFigure.objects.get(row="licensing").source == "import"
    assert AuditEvent.objects.filter(action="annual_report.figure", actor=clerk).count() == 2


def test_sections_are_saved_and_shown(client, agency, clerk):
    client.force_login(clerk)

    client.post(url("sections", agency), {"section-五": "答复时限仍需压缩。"})

    assert AgencyReport.objects.get(agency=agency, year=YEAR).sections["五"] == "答复时限仍需压缩。"
    assert "答复时限仍需压缩。" in client.get(url("detail", agency)).content.decode()


def test_publish_ladder(client, agency, clerk, reviewer, applicant_data):
    client.force_login(clerk)
    assert client.post(url("publish", agency)).status_code == 403  # wrong role

    client.force_login(reviewer)
    first = client.post(url("publish", agency))
    version = ReportVersion.objects.get()
    assert first["Location"] == reverse("annual:version", args=[version.pk])

    cases.register(clerk, agency, applicant_data, "in_person", dt.date(YEAR, 6, 3))
    bad = client.post(url("publish", agency), follow=True)  # an amendment without a reason
    assert "更正理由" in bad.content.decode() and ReportVersion.objects.count() == 1

    client.post(url("publish", agency), {"amendment_reason": "补录漏登申请一件"})
    second = ReportVersion.objects.get(number=2)
    page = client.get(reverse("annual:version", args=[second.pk])).content.decode()
    assert "补录漏登申请一件" in page and "一、本年新收政府信息公开申请数量 总计" in page
    assert AuditEvent.objects.filter(action="annual_report.publish").count() == 2


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "html"])
def test_the_draft_and_a_version_download(client, agency, reviewer, fmt):
    version = services.publish(reviewer, agency, YEAR)
    client.force_login(reviewer)

    draft = client.get(url("download", agency, fmt))
    frozen = client.get(reverse("annual:version_download", args=[version.pk, fmt]))

    assert draft.status_code == frozen.status_code == 200
    assert len(draft.content) > 1000 and len(frozen.content) > 1000


def test_a_year_before_the_tables_is_not_found(client, agency, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("annual:detail", args=[agency.pk, 2017])).status_code == 404


def test_format_ladder(client, agency, clerk, reviewer):
    client.force_login(clerk)
    assert client.post(url("format", agency), {"format": "2019"}).status_code == 403

    client.force_login(reviewer)
    bad = client.post(url("format", agency), {"format": "2026"}, follow=True)
    assert "没有这种报告格式" in bad.content.decode()
    client.post(url("format", agency), {"format": "2019"})

    page = client.get(url("detail", agency)).content.decode()
    assert "格式：2019 年版" in page
    assert AuditEvent.objects.filter(action="annual_report.format").count() == 1
    services.publish(reviewer, agency, YEAR)
    late = client.post(url("format", agency), {"format": ""}, follow=True)
    assert "不能再更换格式" in late.content.decode()
