"""Every mail to staff carries the absolute address of the case page (issue 9, m19)."""

from __future__ import annotations

from gongkai.applications import services


def test_the_new_submission_mail_links_to_the_case_page(
    agencies,
    applicant_data,
    clerk,
    reviewer,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.GONGKAI_SITE_URL = "https://gongkai.example.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        app, _code = services.submit_online(agencies["TCBGS"], applicant_data, "192.0.2.1")
    staff = [m for m in mailoutbox if clerk.email in m.to]
    assert staff, "no mail to the clerk"
    assert f"https://gongkai.example.gov.cn/office/cases/{app.pk}/" in staff[0].body
    applicant = [m for m in mailoutbox if app.email in m.to]
    assert "/office/" not in applicant[0].body  # the applicant is not sent to the office


def test_the_extension_request_mail_links_to_the_case_page(
    received_case, clerk, reviewer, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_SITE_URL = "http://127.0.0.1:8000"
    with django_capture_on_commit_callbacks(execute=True):
        services.request_extension(clerk, received_case, 10, "需要调取档案室存档材料")
    assert [m.to for m in mailoutbox] == [[reviewer.email]]
    assert f"http://127.0.0.1:8000/office/cases/{received_case.pk}/" in mailoutbox[0].body
