"""公开年报: a report published in the back office lands on the portal, by agency and year,
with every version readable as HTML, PDF and DOCX; drafts never show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.reports.annual import services
from gongkai.reports.annual.models import AgencyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(agencies, reviewer):
    """太仓市人民政府办公室's 2024 report, published once."""
    return services.publish(reviewer, agencies["TCBGS"], 2024, override_reason="测试发布")


def test_a_published_report_is_listed_by_agency_and_year(client, published):
    html = client.get(reverse("gk:annual_index")).content.decode()
    assert "太仓市人民政府办公室2024年政府信息公开工作年度报告" in html
    assert reverse("gk:annual_file", args=[published.pk, "pdf"]) in html

    other_year = client.get(reverse("gk:annual_index"), {"year": "2023"}).content.decode()
    assert "太仓市人民政府办公室2024年" not in other_year
    agency = published.report.agency_id
    same = client.get(reverse("gk:annual_index"), {"agency": agency, "year": 2024})
    assert "太仓市人民政府办公室2024年" in same.content.decode()


def test_a_draft_report_is_not_on_the_portal(client, agencies):
    report = services.working_copy(agencies["TCBGS"], 2024)
    assert report.status == "draft"
    html = client.get(reverse("gk:annual_index")).content.decode()
    assert "暂无已发布的年度报告" in html
    assert client.get(reverse("gk:annual_report", args=[report.pk])).status_code == 404


def test_the_report_page_opens_html_pdf_and_docx(client, published):
    page = client.get(reverse("gk:annual_report", args=[published.report_id]))
    assert "第1版" in page.content.decode()

    html = client.get(reverse("gk:annual_file", args=[published.pk, "html"]))
    assert html["Content-Type"].startswith("text/html")
    assert "太仓市人民政府办公室2024年政府信息公开工作年度报告" in html.content.decode()

    pdf = client.get(reverse("gk:annual_file", args=[published.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("inline")

    docx = client.get(reverse("gk:annual_file", args=[published.pk, "docx"]))
    assert docx.content.startswith(b"PK")
    assert docx["Content-Disposition"].startswith("attachment")

    assert client.get(reverse("gk:annual_file", args=[published.pk, "exe"])).status_code == 404


def test_an_amendment_keeps_the_first_version_readable(client, published, reviewer, agencies):
    second = services.publish(
        reviewer,
        agencies["TCBGS"],
        2024,
        override_reason="测试发布",
        amendment_reason="更正表格数据",
    )
    page = client.get(reverse("gk:annual_report", args=[published.report_id])).content.decode()
    assert "第2版" in page and "更正表格数据" in page
    assert reverse("gk:annual_file", args=[published.pk, "html"]) in page
    assert reverse("gk:annual_file", args=[second.pk, "html"]) in page
    listing = client.get(reverse("gk:annual_index")).content.decode()
    assert "第2版（已更正）" in listing
    assert AgencyReport.objects.get().version == 2
