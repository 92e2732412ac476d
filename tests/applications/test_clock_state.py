"""The reply clock's state (deadlines.clock_state): one answer for the office, the portal
and the API — running, paused (since when, why, what happens next), not started, done.
Dates counted by hand; the case is received in person on 2025-09-26 (due 2025-10-30)."""

from __future__ import annotations

import datetime as dt

from gongkai.applications import deadlines, services
from gongkai.applications.deadlines import ClockRun

D = dt.date
ITEMS = "请写明所需文件的文号或形成时间"


def test_a_received_case_runs_towards_its_stored_deadline(received_case):
    clock = deadlines.clock_state(received_case)

    assert clock.state == ClockRun.RUNNING and not clock.paused
    assert clock.due_on == D(2025, 10, 30)
    assert clock.explanation == tuple(received_case.due_explanation)


def test_an_open_correction_pauses_the_clock_and_voids_the_old_deadline(received_case, clerk):
    services.request_correction(clerk, received_case, ITEMS, D(2025, 9, 29), period_days=10)
    received_case.refresh_from_db()

    clock = deadlines.clock_state(received_case)

    assert clock.paused and clock.label == "已暂停"
    assert clock.since == D(2025, 9, 29)
    assert clock.due_on is None  # 条例第三十条: the period runs afresh from the correction
    assert clock.basis == "条例第三十条"
    assert "重新计算20个工作日" in clock.resumes
    assert clock.awaited_by == D(2025, 10, 20)  # 10 WD after 09-29, skipping 国庆
    assert clock.awaited_label == "补正期限"
    assert "视为放弃申请" in clock.lapses
    assert not any("2025-10-30" in line for line in clock.explanation)
    assert "2025-09-29 发出补正告知，答复期限暂停计算（条例第三十条）" in clock.explanation


def test_the_correction_received_restarts_the_clock(received_case, clerk):
    services.request_correction(clerk, received_case, ITEMS, D(2025, 9, 29))
    services.receive_correction(clerk, received_case, D(2025, 10, 9), "文号：太政发〔2025〕31号")
    received_case.refresh_from_db()

    clock = deadlines.clock_state(received_case)

    assert clock.state == ClockRun.RUNNING
    assert clock.due_on == D(2025, 11, 5)


def test_a_pending_consultation_pauses_the_clock_with_a_provisional_deadline(received_case, clerk):
    services.start_consultation(clerk, received_case, "third_party", "太仓某公司", D(2025, 10, 9))
    received_case.refresh_from_db()

    clock = deadlines.clock_state(received_case)

    assert clock.paused and clock.since == D(2025, 10, 9)
    assert clock.basis == "条例第三十三条第三款"
    assert "太仓某公司" in clock.reason
    assert clock.awaited_by == D(2025, 10, 29)  # 15 WD after 10-09, with 10-11 调休上班
    assert clock.due_on == received_case.due_on and clock.provisional


def test_the_fee_wait_pauses_the_clock_and_cites_the_fee_measures(received_case, clerk):
    services.issue_fee_notice(
        clerk, received_case, "per_page", D(2025, 10, 9), D(2025, 10, 10), pages=40
    )
    received_case.refresh_from_db()

    clock = deadlines.clock_state(received_case)

    assert clock.paused and clock.since == D(2025, 10, 9)
    assert clock.basis == "国办函〔2020〕109号"
    assert clock.awaited_label == "缴费期限" and clock.awaited_by is not None
    # The explanation cites the fee measures for the fee pause, not 第三十三条第三款 (m16).
    fee_line = next(line for line in clock.explanation if "等待缴纳信息处理费" in line)
    assert "国办函〔2020〕109号" in fee_line and "第三十三条第三款" not in fee_line


def test_an_unconfirmed_online_application_has_not_started(agencies, applicant_data):
    app, _code = services.submit_online(agencies["TCBGS"], applicant_data, "192.0.2.1")

    clock = deadlines.clock_state(app)

    assert clock.state == ClockRun.NOT_STARTED and clock.due_on is None
    assert "确认收到后计算" in clock.resumes


def test_a_concluded_case_keeps_its_deadline_as_history(received_case, clerk):
    services.withdraw(clerk, received_case, D(2025, 10, 9), "申请人书面撤回")
    received_case.refresh_from_db()

    clock = deadlines.clock_state(received_case)

    assert clock.state == ClockRun.CONCLUDED and clock.due_on == D(2025, 10, 30)
