"""The queue exports to Excel with the same filters, personal data masked, and an audit entry."""

import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.applications.models import Application
from gongkai.applications.views import EXPORT_LIMIT
from gongkai.core.masking import mask_phone
from gongkai.core.models import AuditEvent


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.streaming  # made while sent, not built in memory first
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_clerk_exports_the_queue_with_masked_phone_and_no_identity_number(
    client, clerk, received_case
):
    client.force_login(clerk)
    rows = list(_sheet(client.get("/office/queue/export.xlsx")).values)
    assert rows[0][0] == "申请编号"
    assert rows[1][0] == received_case.number
    flat = " ".join(str(v) for row in rows for v in row)
    assert received_case.phone not in flat
    assert received_case.id_number not in flat
    assert received_case.applicant_name in flat  # the handling agency sees the name
    assert AuditEvent.objects.filter(action="cases.exported", actor=clerk).exists()


def test_supervisor_export_masks_natural_persons_names(client, supervisor, received_case):
    client.force_login(supervisor)
    flat = " ".join(
        str(v) for row in _sheet(client.get("/office/queue/export.xlsx")).values for v in row
    )
    assert received_case.number in flat
    assert received_case.applicant_name not in flat


def test_other_agency_export_does_not_contain_the_case(client, other_clerk, received_case):
    client.force_login(other_clerk)
    flat = " ".join(
        str(v) for row in _sheet(client.get("/office/queue/export.xlsx")).values for v in row
    )
    assert received_case.number not in flat


def test_anonymous_export_is_sent_to_login(client, received_case):
    response = client.get("/office/queue/export.xlsx")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_full_export_of_20000_rows_reads_back_row_for_row(client, clerk, received_case):
    """The cap is one workbook of 20,000 cases; every row arrives with typed cells."""
    template = Application.objects.get(pk=received_case.pk)
    clones = []
    for seq in range(received_case.seq + 1, received_case.seq + EXPORT_LIMIT + 1):
        template.pk, template.seq = None, seq
        clones.append(Application(**{
            f.attname: getattr(template, f.attname)
            for f in Application._meta.concrete_fields if not f.generated
        }))  # fmt: skip
    Application.objects.bulk_create(clones, batch_size=2000)
    client.force_login(clerk)
    sheet = load_workbook(
        io.BytesIO(
            b"".join(client.get("/office/queue/export.xlsx", {"tab": "all"}).streaming_content)
        ),
        read_only=True,
    ).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == EXPORT_LIMIT  # 20,001 cases: capped
    numbers = {r[0] for r in rows}
    assert len(numbers) == EXPORT_LIMIT and all(n.startswith("TCBGS") for n in numbers)
    first = rows[0]
    assert first[2] == received_case.applicant_name and first[4] == mask_phone(received_case.phone)
    assert first[6] == dt.datetime(2025, 9, 26)  # a date cell, not text  # noqa: DTZ001  a spreadsheet's wall-clock time
    assert (
        AuditEvent.objects.get(action="cases.exported", actor=clerk).detail["rows"] == EXPORT_LIMIT
    )


def test_the_export_reads_a_constant_number_of_queries_whatever_its_rows(
    client, supervisor, received_case
):
    """The masking of each row (is the reader staff of the case's agency?) reads the agency's
    path from the row's own join: with it deferred, every row cost one more query (6,240
    queries for 6,240 overdue cases at 500k, bench/scale.py)."""
    client.force_login(supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as q:
            response = client.get("/office/queue/export.xlsx", {"tab": "all"})
            b"".join(response.streaming_content)
        return len(q.captured_queries)

    one = queries()
    template = Application.objects.get(pk=received_case.pk)
    for seq in range(received_case.seq + 1, received_case.seq + 11):
        template.pk, template.seq = None, seq
        template.save()
    assert Application.objects.count() == 11
    assert queries() == one
