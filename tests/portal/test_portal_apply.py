"""Applying online: the form, its Chinese errors, the upload check, the rate limit."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, Attachment, CaseEvent, EventKind, Status

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a PNG signature: enough for the byte sniffer

APPLY = "/apply/TCBGS/"


def test_home_shows_the_agencies_their_contacts_and_the_notice(client, agencies):
    page = client.get(reverse("portal:home")).content.decode()
    assert "太仓市人民政府办公室" in page
    assert "太仓市人民政府办公室政务公开科" in page  # 工作机构 (第十二条)
    assert "0512-53521001" in page
    assert "工作日 8:30-12:00" in page
    assert "双方确认之日" in page  # 第三十一条
    assert "20个工作日" in page  # 第三十三条
    assert "信息处理费" in page  # 第四十二条
    assert reverse("portal:apply", args=["TCBGS"]) in page


def test_choose_page_links_only_agencies_accepting_online(client, agencies):
    agencies["CS"].accepts_online = False
    agencies["CS"].save()
    page = client.get(reverse("portal:apply_choose")).content.decode()
    assert reverse("portal:apply", args=["TCBGS"]) in page
    assert reverse("portal:apply", args=["CS"]) not in page
    assert "暂不接受网上申请" in page


def test_apply_page_has_labelled_fields_and_a_csrf_token(client, agencies):
    page = client.get(APPLY).content.decode()
    assert "csrfmiddlewaretoken" in page
    for field in ("applicant_name", "id_number", "credit_code", "phone", "description"):
        assert f'<label for="id_{field}">' in page
    assert "统一社会信用代码" in page and "本人承诺" in page


def test_valid_application_shows_number_and_code_once(client, agencies, apply_form):
    response = client.post(APPLY, apply_form, follow=True)
    page = response.content.decode()
    app = Application.objects.get()
    assert app.status == Status.SUBMITTED and app.submitted_online
    assert app.number in page
    code = page.split('id="tracking-code">')[1].split("<")[0]
    assert services.find_by_tracking(app.number, code) == app
    assert "请立即记录或打印" in page and "data-print" in page
    assert "no-store" in response["Cache-Control"]
    assert CaseEvent.objects.filter(application=app, kind=EventKind.SUBMITTED).exists()
    again = client.get(reverse("portal:apply_done")).content.decode()
    assert code not in again and "只显示一次" in again


def test_organisation_applies_with_credit_code_and_contact_person(
    client, agencies, org_applicant_data
):
    client.post(APPLY, {**org_applicant_data, "declaration": "on"})
    app = Application.objects.get()
    assert app.applicant_type == "legal_service"
    assert app.credit_code == org_applicant_data["credit_code"]


def test_invalid_application_shows_chinese_errors_per_field_and_creates_nothing(
    client, agencies, apply_form
):
    bad = {**apply_form, "applicant_name": "", "id_number": "320585198503121027"}
    response = client.post(APPLY, bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "申请未提交" in page
    assert "请填写申请人姓名或名称" in page
    assert "居民身份证号码无效" in page
    assert 'aria-invalid="true"' in page
    assert Application.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_organisation_without_credit_code_is_told_which_fields_are_missing(
    client, agencies, org_applicant_data
):
    bad = {**org_applicant_data, "credit_code": "", "contact_person": "", "declaration": "on"}
    page = client.post(APPLY, bad).content.decode()
    assert "法人或其他组织请填写统一社会信用代码" in page
    assert "请填写联系人" in page
    assert Application.objects.count() == 0


def test_declaration_must_be_ticked(client, agencies, applicant_data):
    page = client.post(APPLY, applicant_data).content.decode()
    assert "请阅读并勾选承诺声明" in page
    assert Application.objects.count() == 0


def test_identity_copy_is_stored_privately_with_the_application(client, agencies, apply_form):
    upload = SimpleUploadedFile("身份证.png", PNG, content_type="image/png")
    client.post(APPLY, {**apply_form, "identity_file": upload})
    att = Attachment.objects.get()
    assert att.application == Application.objects.get()
    assert att.kind == "identity" and att.content_type == "image/png"


def test_upload_with_a_fake_extension_is_refused_and_nothing_is_saved(client, agencies, apply_form):
    fake = SimpleUploadedFile("身份证.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(APPLY, {**apply_form, "identity_file": fake}).content.decode()
    assert "不支持的文件类型" in page
    assert Application.objects.count() == 0 and Attachment.objects.count() == 0


def test_png_renamed_to_pdf_is_refused(client, agencies, apply_form):
    renamed = SimpleUploadedFile("scan.pdf", PNG, content_type="application/pdf")
    page = client.post(APPLY, {**apply_form, "identity_file": renamed}).content.decode()
    assert "文件扩展名与文件内容不符" in page
    assert Application.objects.count() == 0


def test_word_file_is_not_an_identity_copy(client, agencies, apply_form):
    docx = SimpleUploadedFile("id.docx", b"PK\x03\x04word/document.xml", content_type="x")
    page = client.post(APPLY, {**apply_form, "identity_file": docx}).content.decode()
    assert "不支持的文件类型：id.docx（支持PDF、JPG、PNG格式" in page
    assert Application.objects.count() == 0


def test_agency_not_accepting_online_refuses_the_form(client, agencies, apply_form):
    agencies["TCBGS"].accepts_online = False
    agencies["TCBGS"].save()
    response = client.post(APPLY, apply_form)
    assert response.status_code == 404
    assert "暂不接受网上申请" in response.content.decode()
    assert Application.objects.count() == 0


def test_unknown_agency_is_not_found(client, agencies):
    assert client.get("/apply/NOPE/").status_code == 404


def test_submissions_are_rate_limited_per_address(client, agencies, apply_form, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PORTAL_SUBMISSIONS_PER_HOUR": 2}
    client.post(APPLY, {**apply_form, "applicant_name": ""})  # invalid: not counted
    for _ in range(2):
        assert client.post(APPLY, apply_form).status_code == 302
    refused = client.post(APPLY, apply_form)
    assert refused.status_code == 429
    assert "操作过于频繁" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert Application.objects.count() == 2
    other = client.post(APPLY, apply_form, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_posting_without_the_csrf_token_is_refused(agencies, apply_form):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(APPLY, apply_form).status_code == 403
    assert Application.objects.count() == 0


def test_no_personal_data_in_any_portal_url(client, agencies, apply_form):
    response = client.post(APPLY, apply_form)
    assert apply_form["id_number"] not in response["Location"]
    assert apply_form["phone"] not in response["Location"]
