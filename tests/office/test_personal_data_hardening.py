"""Personal data: masked in every list, every download that names a person
audited, private files owner-only on disk, no secret in the server log."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from gongkai.core.mail import RedactingConsoleBackend
from gongkai.core.models import AuditEvent
from gongkai.core.private_files import secure_tree
from tests.conftest import VALID_ID


def _downloads(number):
    return AuditEvent.objects.filter(action="personal_data.downloaded", target=number)


def test_the_api_case_list_masks_identity_and_phone_even_for_the_handling_agency(
    as_user_client, clerk, received_case
):
    body = as_user_client(clerk).get("/api/applications/").json()
    row = body["results"][0]
    assert row["id_number"] != VALID_ID and "*" in row["id_number"]
    assert row["phone"] != received_case.phone
    assert row["personal_data_masked"] is True


def test_the_api_detail_shows_them_in_full_and_is_audited(as_user_client, clerk, received_case):
    body = as_user_client(clerk).get(f"/api/applications/{received_case.pk}/").json()
    assert body["id_number"] == VALID_ID
    assert received_case.events.filter(kind="viewed_personal_data", actor=clerk).exists()


def test_an_identity_scan_download_is_audited(client, clerk, attachment):
    app = attachment.application
    client.force_login(clerk)
    response = client.get(reverse("office:attachment", args=[app.pk, attachment.pk]))
    assert response.status_code == 200
    event = _downloads(app.number).get()
    assert event.actor == clerk and event.detail["file"] == "attachment"


def test_a_letter_download_is_audited_in_the_office_and_the_api(
    client, as_user_client, clerk, replied_case
):
    letter = replied_case.letters.get(kind="reply")
    client.force_login(clerk)
    client.get(reverse("office:letter", args=[replied_case.pk, letter.pk, "pdf"]))
    as_user_client(clerk).get(f"/api/applications/{replied_case.pk}/letters/{letter.pk}.docx")
    assert _downloads(replied_case.number).count() == 2


def test_a_refused_download_writes_no_download_record(client, other_clerk, replied_case):
    letter = replied_case.letters.get(kind="reply")
    client.force_login(other_clerk)
    client.get(reverse("office:letter", args=[replied_case.pk, letter.pk, "pdf"]))
    assert not _downloads(replied_case.number).exists()


def test_identity_scans_are_stored_owner_only(attachment):
    path = Path(settings.PRIVATE_MEDIA_ROOT) / attachment.stored_as
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(Path(settings.PRIVATE_MEDIA_ROOT).stat().st_mode) == 0o700


def test_files_stored_before_the_rule_are_tightened(tmp_path):
    old = tmp_path / "private" / "7" / "2026"
    old.mkdir(parents=True, mode=0o755)
    (old / "scan").write_bytes(b"x")
    os.chmod(old / "scan", 0o644)
    assert secure_tree(tmp_path / "private") == 4
    assert stat.S_IMODE((old / "scan").stat().st_mode) == 0o600
    assert stat.S_IMODE(old.stat().st_mode) == 0o700


def test_the_development_mail_backend_never_prints_an_address_or_a_tracking_code():
    stream = io.StringIO()
    message = EmailMessage(
        "您的申请已提交",
        "申请编号：TCBGS-2026-00011\n查询码：RDVYM2VP9G（请妥善保存）",
        to=["wang@example.com"],
    )
    RedactingConsoleBackend(stream=stream).send_messages([message])
    out = stream.getvalue()
    assert "RDVYM2VP9G" not in out and "wang@example.com" not in out
    assert "TCBGS-2026-00011" in out and "w***@example.com" in out


def test_the_default_mail_backend_is_the_redacting_one():
    source = (Path(__file__).resolve().parents[2] / "gongkai" / "settings.py").read_text()
    assert '"EMAIL_BACKEND", "gongkai.core.mail.RedactingConsoleBackend"' in source


def test_the_gunicorn_access_log_leaves_out_query_strings():
    config = (Path(__file__).resolve().parents[2] / "gunicorn.conf.py").read_text()
    assert "%(U)s" in config and "%(r)s" not in config.split('"""', 2)[2]
