"""The queue exports to Excel with the same filters, personal data masked, and an audit entry."""

import io

from openpyxl import load_workbook

from gongkai.core.models import AuditEvent


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


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
