"""The 汇总 report of a subtree: tables summed over its agencies, rules checked again."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies.models import Membership
from gongkai.applications import services as cases
from gongkai.reports.annual import services
from gongkai.reports.annual.checks import failed
from gongkai.reports.annual.summary import build_summary_report, check_summary
from gongkai.reports.serialization import to_truth

D = dt.date


def gq_staff(agencies):
    user = get_user_model().objects.create_user("gq", "gq@example.gov.cn", "pw-for-tests-1")
    Membership.objects.create(user=user, agency=agencies["TCGQ"], role="clerk")
    return user


def test_the_summary_sums_the_subtree_and_passes_the_rules(
    agencies, clerk, applicant_data, org_applicant_data
):
    gq = gq_staff(agencies)
    cases.register(clerk, agencies["TCBGS"], applicant_data, "in_person", D(2024, 3, 4))
    cases.register(gq, agencies["TCGQ"], org_applicant_data, "in_person", D(2024, 12, 30))
    services.save_figure(clerk, agencies["TCBGS"], 2024, "licensing", "decisions", "120")
    services.save_figure(gq, agencies["TCGQ"], 2024, "licensing", "decisions", "30")

    report = build_summary_report(agencies["TC"], 2024)
    truth = to_truth(report)

    assert truth["table_requests"][0]["values"] == [1, 0, 0, 0, 1, 0, 2]
    assert truth["table_requests"][-1]["values"] == [1, 0, 0, 0, 1, 0, 2]  # both still open
    assert truth["table_active"]["行政许可"]["本年处理决定数量"] == 150
    assert truth["table_active"]["行政处罚"]["本年处理决定数量"] is None
    assert failed(check_summary(agencies["TC"], report)) == []


def test_other_subtrees_are_not_summed(agencies, clerk, other_clerk, applicant_data):
    cases.register(other_clerk, agencies["CS"], applicant_data, "in_person", D(2024, 3, 4))

    report = build_summary_report(agencies["TC"], 2024)

    assert to_truth(report)["table_requests"][0]["values"][6] == 0


def test_amounts_in_mixed_units_are_summed_in_yuan(agencies, clerk):
    gq = gq_staff(agencies)
    row, column = "central_procurement", "procurement_amount"
    services.save_figure(clerk, agencies["TCBGS"], 2019, row, column, "2", "万元")
    services.save_figure(gq, agencies["TCGQ"], 2019, row, column, "500", "元")

    truth = to_truth(build_summary_report(agencies["TC"], 2019))

    assert truth["table_active"]["政府集中采购"]["采购总金额"] == "20500元"


def test_the_summary_page_is_for_supervisors(client, agencies, clerk, supervisor):
    url = reverse("annual:summary", args=[agencies["TC"].pk, 2024])
    client.force_login(clerk)
    assert client.get(url).status_code == 403

    client.force_login(supervisor)
    page = client.get(url).content.decode()
    assert "太仓市人民政府及所属机关（汇总）" in page and "全部通过" in page
    download = reverse("annual:summary_download", args=[agencies["TC"].pk, 2024, "xlsx"])
    assert client.get(download).content[:2] == b"PK"
