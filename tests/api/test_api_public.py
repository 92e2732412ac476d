"""The anonymous endpoints: submit, track, the agency list."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import services
from gongkai.applications.models import Application, Attachment, Status

SUBMIT = "/api/public/applications/"
TRACK = "/api/public/track/"


def test_anonymous_submission_returns_number_and_code(api, agencies, applicant_data):
    response = api.post(SUBMIT, {**applicant_data, "agency": "TCBGS"}, format="json")
    assert response.status_code == 201
    data = response.json()
    app = Application.objects.get()
    assert data["number"] == app.number and app.status == Status.SUBMITTED
    assert services.find_by_tracking(data["number"], data["tracking_code"]) == app
    assert app.submitted_online


def test_invalid_submission_gets_chinese_field_errors_and_creates_nothing(
    api, agencies, applicant_data
):
    body = {**applicant_data, "agency": "TCBGS", "id_number": "123", "description": "短"}
    response = api.post(SUBMIT, body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "居民身份证号码无效" in errors["id_number"][0]
    assert "至少5个字" in errors["description"][0]
    assert Application.objects.count() == 0


def test_unknown_agency_is_a_field_error(api, agencies, applicant_data):
    response = api.post(SUBMIT, {**applicant_data, "agency": "NOPE"}, format="json")
    assert response.status_code == 400 and "agency" in response.json()["errors"]


def test_identity_copy_by_multipart_is_checked_by_its_bytes(api, agencies, applicant_data):
    fake = SimpleUploadedFile("id.jpg", b"GIF89a not a jpeg", content_type="image/jpeg")
    refused = api.post(SUBMIT, {**applicant_data, "agency": "TCBGS", "identity_file": fake})
    assert refused.status_code == 400 and "identity_file" in refused.json()["errors"]
    assert Application.objects.count() == 0
    real = SimpleUploadedFile(
        "id.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, content_type="image/jpeg"
    )
    accepted = api.post(SUBMIT, {**applicant_data, "agency": "TCBGS", "identity_file": real})
    assert accepted.status_code == 201
    assert Attachment.objects.get().kind == "identity"


def test_rate_limit_is_shared_with_the_portal(api, client, agencies, applicant_data, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PORTAL_SUBMISSIONS_PER_HOUR": 2}
    assert client.post("/apply/TCBGS/", {**applicant_data, "declaration": "on"}).status_code == 302
    assert api.post(SUBMIT, {**applicant_data, "agency": "TCBGS"}, format="json").status_code == 201
    refused = api.post(SUBMIT, {**applicant_data, "agency": "TCBGS"}, format="json")
    assert refused.status_code == 429
    assert "操作过于频繁" in refused.json()["detail"] and int(refused["Retry-After"]) > 0
    assert Application.objects.count() == 2


def test_tracking_with_the_right_pair_shows_the_public_status(api, agencies, applicant_data, clerk):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    services.confirm_receipt(clerk, app, services.today())
    response = api.post(TRACK, {"number": app.number, "code": code}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["status_label"] == "办理中"
    assert data["id_number"] == "3205**********1026" and data["applicant_name"] == "张*"
    assert [m["kind"] for m in data["milestones"]] == ["submitted", "receipt_confirmed"]
    assert applicant_data["id_number"] not in response.content.decode()


def test_tracking_with_a_wrong_pair_is_one_generic_404(api, agencies, applicant_data):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    wrong = api.post(TRACK, {"number": app.number, "code": "AAAAAAAAAA"}, format="json")
    missing = api.post(TRACK, {"number": "TCBGS-2099-00001", "code": code}, format="json")
    assert wrong.status_code == missing.status_code == 404
    assert (
        wrong.json() == missing.json() == {"detail": "申请编号或查询码不正确，请核对后重新输入。"}
    )


def test_tracking_guesses_are_throttled(api, agencies, applicant_data, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PORTAL_TRACK_FAILURES_PER_HOUR": 2}
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    for _ in range(2):
        api.post(TRACK, {"number": app.number, "code": "AAAAAAAAAA"}, format="json")
    assert api.post(TRACK, {"number": app.number, "code": code}, format="json").status_code == 429


def test_public_agency_list_gives_the_guide_contacts(api, agencies):
    data = api.get("/api/public/agencies/").json()
    tcbgs = next(a for a in data if a["code"] == "TCBGS")
    assert tcbgs["office_name"] == "太仓市人民政府办公室政务公开科"
    assert tcbgs["accepts_online"] is True and "roles" not in tcbgs


def test_applicant_downloads_public_letters_with_number_and_code(
    api, agencies, applicant_data, clerk
):
    from django.utils import timezone

    from gongkai.applications.models import Letter, LetterKind

    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    other, other_code = services.submit_online(agencies["TCBGS"], applicant_data)

    def letter(case, kind):
        return Letter.objects.create(
            application=case,
            kind=kind,
            title=str(LetterKind(kind).label),
            doc_number="太政办〔2025〕1号",
            issued_on=timezone.localdate(),
            docx=b"PK\x03\x04" + kind.encode(),
            pdf=b"%PDF-" + kind.encode(),
        )

    receipt, consult, others = (
        letter(app, LetterKind.RECEIPT),
        letter(app, LetterKind.CONSULTATION),
        letter(other, LetterKind.RECEIPT),
    )
    url = "/api/public/track/letters/"
    ok = api.post(
        url, {"number": app.number, "code": code, "letter_id": receipt.pk, "format": "pdf"}
    )
    assert ok.status_code == 200 and ok.content == b"%PDF-receipt"
    assert ok["Content-Disposition"].startswith("attachment;")
    internal = {"number": app.number, "code": code, "letter_id": consult.pk, "format": "pdf"}
    assert api.post(url, internal).status_code == 404
    foreign = {"number": app.number, "code": code, "letter_id": others.pk, "format": "docx"}
    assert api.post(url, foreign).status_code == 404
    wrong = {"number": app.number, "code": other_code, "letter_id": receipt.pk, "format": "pdf"}
    assert api.post(url, wrong).json()["detail"].startswith("申请编号或查询码不正确")
