"""The staff Excel export's 答复期限 column while the clock is paused: 暂停（自YYYY-MM-DD）,
never the stored date the 补正 voided (条例第三十条); a running case shows its date."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gongkai.applications import exports, services
from gongkai.applications.models import Application

NOTICE = dt.date(2025, 9, 28)
DEADLINE_COLUMN = [str(label) for label, _w in exports.COLUMNS].index("答复期限")

pytestmark = pytest.mark.django_db


def _deadline_cell(app):
    # Read the case as the office export does: only the export's columns.
    row = exports.Case._make(Application.objects.values_list(*exports.FIELDS).get(pk=app.pk))
    book = load_workbook(io.BytesIO(b"".join(exports.cases_xlsx([(row, "张明", "")]))))
    return list(book.active.values)[1][DEADLINE_COLUMN]


def test_a_case_waiting_for_correction_shows_the_pause_and_its_start(received_case, clerk):
    services.request_correction(clerk, received_case, "请写明所需文件的文号", NOTICE)
    assert _deadline_cell(received_case) == "暂停（自2025-09-28）"


def test_a_running_case_shows_its_reply_deadline(received_case):
    cell = _deadline_cell(received_case)
    assert cell is not None and cell.date() == received_case.due_on


def test_the_office_export_shows_the_pause(client, clerk, received_case):
    services.request_correction(clerk, received_case, "请写明所需文件的文号", NOTICE)
    client.force_login(clerk)
    response = client.get("/office/queue/export.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert rows[1][0] == received_case.number
    assert rows[1][DEADLINE_COLUMN] == "暂停（自2025-09-28）"
