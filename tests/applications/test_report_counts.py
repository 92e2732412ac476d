"""Table 三 and table 四 counted from explicit cases driven through the services:
carry-over across 31 December, what is never counted, and appeals as at 31 Dec.
(The balance on a generated year is in test_report_balance.py.)"""

from __future__ import annotations

import datetime as dt

from gongkai.applications import reporting, services

D = dt.date


def test_the_year_picks_its_format():
    assert reporting.count_requests([], 2020).format == "2019"
    assert reporting.count_requests([], 2021).format == "2021"


def test_a_case_open_on_31_december_is_carried_over_and_counted_next_year(
    agencies, clerk, org_applicant_data
):
    agency = agencies["TCBGS"]
    app, _ = services.register(clerk, agency, org_applicant_data, "in_person", D(2025, 12, 22))

    t2025 = reporting.count_requests([agency], 2025)
    assert t2025.value("new_received", "legal_service") == 1
    assert t2025.value("carry_next", "legal_service") == 1
    assert t2025.value("r_total") == 0

    services.withdraw(clerk, app, D(2026, 1, 6), "申请人已通过其他途径获取")
    t2026 = reporting.count_requests([agency], 2026)
    assert t2026.value("new_received") == 0
    assert t2026.value("carried_over", "legal_service") == 1
    assert t2026.value("r_other_other", "legal_service") == 1
    assert t2026.value("carry_next") == 0
    # Counting 2025 again later does not change what 2025 carried out.
    assert reporting.count_requests([agency], 2025).rows == t2025.rows


def test_an_unconfirmed_online_submission_is_counted_nowhere(agencies, applicant_data):
    services.submit_online(agencies["TCBGS"], applicant_data)
    year = services.today().year

    table = reporting.count_requests([agencies["TCBGS"]], year)
    assert table.value("new_received") == 0
    assert table.value("carry_next") == 0


def test_other_agencies_cases_are_not_counted(agencies, clerk, other_clerk, applicant_data):
    services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 3, 3))
    services.register(other_clerk, agencies["CS"], applicant_data, "in_person", D(2025, 3, 3))

    assert reporting.count_requests([agencies["CS"]], 2025).value("new_received") == 1
    both = reporting.count_requests([agencies["CS"], agencies["TCBGS"]], 2025)
    assert both.value("new_received") == 2


# -- table 四 ------------------------------------------------------------------


def appeal(clerk, app, kind, filed, after=None):
    body = "太仓市人民政府" if kind == "review" else "太仓市人民法院"
    return services.record_appeal(clerk, app, kind, body, filed, "（2025）苏0585行初1号", after)


def test_appeals_are_counted_as_at_31_december(agencies, clerk, applicant_data):
    agency = agencies["TCBGS"]
    app, _ = services.register(clerk, agency, applicant_data, "in_person", D(2024, 10, 8))
    # Concluded in 2024: not in 2025's table.
    old = appeal(clerk, app, "review", D(2024, 12, 2))
    services.conclude_appeal(clerk, old, "maintained", D(2024, 12, 30))
    # Filed 2024, concluded 2025: counted in 2025 with its result.
    upheld = appeal(clerk, app, "review", D(2024, 12, 20))
    services.conclude_appeal(clerk, upheld, "corrected", D(2025, 2, 14))
    # Litigation after that review, still pending at the end of 2025.
    appeal(clerk, app, "lit_after", D(2025, 3, 1), after=upheld)
    # Direct litigation filed in 2025, concluded in 2026: pending at 31 Dec 2025.
    direct = appeal(clerk, app, "lit_direct", D(2025, 11, 20))
    services.conclude_appeal(clerk, direct, "other", D(2026, 1, 15))
    # Filed in 2026: not yet in 2025.
    appeal(clerk, app, "review", D(2026, 1, 5))

    t2024 = reporting.count_appeals([agency], 2024)
    t2025 = reporting.count_appeals([agency], 2025)
    t2026 = reporting.count_appeals([agency], 2026)

    assert (t2024.value("review_maintained"), t2024.value("review_pending")) == (1, 1)
    assert t2024.value("review_total") == 2
    assert t2025.value("review_corrected") == 1
    assert t2025.value("review_total") == 1
    assert t2025.value("lit_after_pending") == t2025.value("lit_after_total") == 1
    assert t2025.value("lit_direct_pending") == t2025.value("lit_direct_total") == 1
    assert t2026.value("lit_direct_other") == 1
    assert t2026.value("review_pending") == 1
    assert t2026.value("lit_after_pending") == 1


def test_appeal_columns_total_their_group(agencies, clerk, applicant_data):
    agency = agencies["TCBGS"]
    app, _ = services.register(clerk, agency, applicant_data, "in_person", D(2025, 1, 6))
    for result in ("maintained", "corrected", "other"):
        a = appeal(clerk, app, "lit_direct", D(2025, 3, 3))
        services.conclude_appeal(clerk, a, result, D(2025, 6, 30))
    appeal(clerk, app, "lit_direct", D(2025, 9, 1))

    table = reporting.count_appeals([agency], 2025)
    assert [table.value(f"lit_direct_{r}") for r in ("maintained", "corrected", "other")] == [1] * 3
    assert table.value("lit_direct_pending") == 1
    assert table.value("lit_direct_total") == 4
    assert table.value("review_total") == 0
