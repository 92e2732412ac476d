"""The stored reply deadline of a case, driven through the services, with dates
counted by hand: receipt on a holiday, 补正 restart, consultation and fee pauses,
an extension across 国庆, and a deadline running into an unannounced 2027."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from gongkai.agencies.services import save_holiday_year
from gongkai.applications import services
from gongkai.applications.models import CaseEvent, EventKind, Opinion, Status

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


MONDAY = D(2025, 11, 3)  # an ordinary week: 20 WD end on 2025-12-01


def register(clerk, agency, data, channel="in_person", arrived=MONDAY, **kw):
    app, _code = services.register(clerk, agency, data, channel, arrived, **kw)
    return app


def explanation(app) -> str:
    return "；".join(app.due_explanation)


def test_signed_post_signed_for_on_a_holiday_counts_from_the_next_working_day(
    agencies, clerk, applicant_data
):
    app = register(clerk, agencies["TCBGS"], applicant_data, "post_signed", D(2025, 10, 3))

    assert app.receipt_date == D(2025, 10, 3)  # 条例第三十一条: the signing day
    assert app.due_on == D(2025, 11, 4)
    assert "国庆节、中秋节放假" in explanation(app)
    assert "10-11 调休上班" in explanation(app)


def test_correction_restarts_the_clock_in_full_from_its_receipt(agencies, clerk, applicant_data):
    app = register(clerk, agencies["TCBGS"], applicant_data, arrived=D(2025, 9, 26))
    assert app.due_on == D(2025, 10, 30)

    services.request_correction(clerk, app, "请提供所需文件的文号或形成时间", D(2025, 9, 29))
    app.refresh_from_db()
    assert app.status == Status.CORRECTION
    services.receive_correction(clerk, app, D(2025, 10, 9), "文号：太政发〔2025〕31号")
    app.refresh_from_db()

    # 20 full working days from 10-09, not what was left of the first period.
    assert app.clock_start == D(2025, 10, 9)
    assert app.due_on == D(2025, 11, 5)
    assert "收到补正申请之日 2025-10-09 起重新计算（条例第三十条）" in explanation(app)
    assert app.events.filter(kind=EventKind.DEADLINE_RECOMPUTED).count() == 1


def consult(clerk, app, sent_on):
    return services.start_consultation(
        clerk, app, "third_party", "太仓港鑫物流有限公司", sent_on, matter="拟公开其环评报告"
    )


def test_consultation_answered_early_pauses_only_the_days_it_took(agencies, clerk, applicant_data):
    app = register(clerk, agencies["TCBGS"], applicant_data)  # 2025-11-03 → 12-01
    assert app.due_on == D(2025, 12, 1)

    c = consult(clerk, app, D(2025, 11, 10))
    services.record_opinion(clerk, c, Opinion.CONSENT, D(2025, 11, 14), "同意公开")
    app.refresh_from_db()

    # 11-11..11-14: 4 working days not counted (条例第三十三条第三款).
    assert app.status == Status.RECEIVED
    assert app.due_on == D(2025, 12, 5)
    assert app.due_provisional is False
    assert "4 个工作日不计入答复期限" in explanation(app)


def test_consultation_without_answer_pauses_the_full_fifteen_working_days(
    agencies, clerk, applicant_data
):
    app = register(clerk, agencies["TCBGS"], applicant_data)
    c = consult(clerk, app, D(2025, 11, 10))
    app.refresh_from_db()
    assert c.answer_due == D(2025, 12, 1)
    assert app.status == Status.CONSULTING
    assert app.due_on == D(2025, 12, 22)  # while it runs: counted to its statutory end

    services.record_opinion(clerk, c, Opinion.NO_ANSWER, None)
    app.refresh_from_db()

    assert app.due_on == D(2025, 12, 22)
    assert app.due_provisional is False
    assert "15 个工作日不计入答复期限" in explanation(app)


def issue_fee_and_pay(clerk, app):
    fee = services.issue_fee_notice(
        clerk, app, "per_page", D(2025, 11, 5), D(2025, 11, 6), pages=68
    )
    services.record_payment(clerk, app, D(2025, 11, 12), "苏财票〔2025〕0012345")
    app.refresh_from_db()
    return fee


def test_fee_wait_is_not_counted_when_the_setting_says_so(agencies, clerk, applicant_data):
    app = register(clerk, agencies["TCBGS"], applicant_data)
    fee = issue_fee_and_pay(clerk, app)

    assert fee.pay_due == D(2025, 12, 4)
    assert app.due_on == D(2025, 12, 8)  # 11-06..11-12: 5 working days paused
    assert "等待缴纳信息处理费" in explanation(app)


def test_fee_wait_counts_against_the_reply_period_when_the_setting_is_off(
    settings, agencies, clerk, applicant_data
):
    settings.GONGKAI = {**settings.GONGKAI, "FEE_PAUSES_REPLY_CLOCK": False}
    app = register(clerk, agencies["TCBGS"], applicant_data)
    issue_fee_and_pay(clerk, app)

    assert app.due_on == D(2025, 12, 1)
    assert "等待缴纳信息处理费" not in explanation(app)


def test_extension_across_national_day_moves_the_deadline_by_working_days(
    agencies, clerk, reviewer, applicant_data
):
    app = register(clerk, agencies["TCBGS"], applicant_data, arrived=D(2025, 9, 1))
    assert app.due_on == D(2025, 9, 28)  # a 调休 Sunday

    with time_machine.travel(dt.datetime(2025, 9, 24, 9, 0, tzinfo=SHANGHAI)):
        services.request_extension(clerk, app, 20, "涉及多个部门档案，需调取2019年以来的审批材料")
    services.decide_extension(reviewer, app, True, D(2025, 9, 25), D(2025, 9, 25))
    app.refresh_from_db()

    assert app.extension_days == 20
    assert app.due_on == D(2025, 10, 31)
    assert "经批准延长答复期限 20 个工作日" in explanation(app)
    assert "国庆节、中秋节放假" in explanation(app)
    assert app.events.filter(kind=EventKind.EXTENSION_APPROVED).count() == 1


def test_deadline_into_unannounced_2027_is_provisional_until_2027_is_added(
    agencies, clerk, admin_user, applicant_data
):
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, 30, tzinfo=SHANGHAI), tick=False):
        app = register(clerk, agencies["TCBGS"], applicant_data, arrived=D(2026, 12, 10))

    # 1 January is a statutory holiday (放假办法) even before the notice is out.
    assert app.due_on == D(2027, 1, 8)
    assert app.due_provisional is True
    assert "2027年节假日安排尚未公布，暂按《全国年节及纪念日放假办法》" in explanation(app)
    assert "01-01至01-01 元旦放假" in explanation(app)

    # A (hypothetical) notice: 元旦 bridged to Monday the 4th, made up on Saturday the 9th.
    save_holiday_year(
        admin_user,
        2027,
        "国务院办公厅关于2027年部分节假日安排的通知",
        {
            "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-04"}],
            "makeup_workdays": ["2027-01-09"],
        },
    )
    app.refresh_from_db()

    assert app.due_on == D(2027, 1, 9)  # 01-04 is now a rest day, 01-09 a working day
    assert app.due_provisional is False
    assert "01-01至01-04 元旦放假" in explanation(app)
    assert "01-09 调休上班" in explanation(app)
    event = CaseEvent.objects.get(application=app, kind=EventKind.DEADLINE_RECOMPUTED)
    assert event.data["old"] == "2027-01-08"
    assert event.data["new"] == "2027-01-09"
    assert event.actor == admin_user


def test_recompute_leaves_certain_deadlines_alone(agencies, clerk, admin_user, applicant_data):
    app = register(clerk, agencies["TCBGS"], applicant_data)
    save_holiday_year(
        admin_user,
        2027,
        "国务院办公厅关于2027年部分节假日安排的通知",
        {"holidays": [], "makeup_workdays": []},
    )

    assert not app.events.filter(kind=EventKind.DEADLINE_RECOMPUTED).exists()


@pytest.mark.parametrize("late", [False, True])
def test_correction_notice_deadline_is_seven_working_days(agencies, clerk, applicant_data, late):
    app = register(clerk, agencies["TCBGS"], applicant_data, arrived=D(2025, 9, 26))
    assert app.correction_notice_due == D(2025, 10, 13)  # 7 WD across 国庆

    notice_on = D(2025, 10, 14) if late else D(2025, 10, 13)
    c = services.request_correction(clerk, app, "请明确所需信息的时间范围", notice_on)

    assert c.notice_late is late
