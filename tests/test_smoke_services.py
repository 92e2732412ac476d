import datetime as dt

from gongkai.applications import services
from gongkai.applications.models import Status


def test_registration_starts_the_clock_with_an_explained_due_date(received_case):
    app = received_case
    assert app.status == Status.RECEIVED
    assert app.receipt_date == dt.date(2025, 9, 26)
    assert app.due_on == dt.date(2025, 10, 30)
    assert any("国庆" in s for s in app.due_explanation)
    assert app.number == "TCBGS-2025-00001"


def test_correction_restarts_the_clock(received_case, clerk):
    services.request_correction(clerk, received_case, "请说明所需文件的文号", dt.date(2025, 9, 28))
    received_case.refresh_from_db()
    assert received_case.status == Status.CORRECTION
    services.receive_correction(
        clerk, received_case, dt.date(2025, 10, 9), "文号为太政复〔2025〕12号"
    )
    received_case.refresh_from_db()
    assert received_case.clock_start == dt.date(2025, 10, 9)
    assert (
        received_case.due_on
        == services.get_calendar().add_working_days(dt.date(2025, 10, 9), 20).date
    )
