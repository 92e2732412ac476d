"""Agency admins edit letter wording: preview against a sample case, save, reset."""

from __future__ import annotations

from django.urls import reverse

from gongkai.applications.models import LetterTemplate


def _url(agency, kind="receipt", decision="-"):
    return reverse("office:letter_template_edit", args=[agency.pk, kind, decision])


BODY = "{{ opening }}\n\n本机关已登记你的申请，将于{{ due_on }}前答复。"


def test_the_list_shows_every_letter_and_where_its_wording_comes_from(client, admin_user, agencies):
    client.force_login(admin_user)
    body = client.get(
        reverse("office:letter_templates", args=[agencies["TCBGS"].pk])
    ).content.decode()
    assert "受理回执" in body and "部分公开（区分处理）" in body
    assert "系统默认" in body


def test_the_editor_previews_the_current_wording_on_a_sample_case(client, admin_user, agencies):
    client.force_login(admin_user)
    page = client.get(_url(agencies["TCBGS"], "reply", "partial"))
    assert page.status_code == 200
    assert page.context["preview"]
    assert "第三十七条" in page.content.decode()


def test_a_clerk_may_not_edit_templates(client, clerk, agencies):
    client.force_login(clerk)
    response = client.post(_url(agencies["TCBGS"]), {"body": BODY, "action": "save"})
    assert response.status_code == 403
    assert not LetterTemplate.objects.exists()


def test_an_admin_may_not_edit_a_sideways_agencys_templates(client, admin_user, agencies):
    client.force_login(admin_user)
    response = client.post(_url(agencies["CS"]), {"body": BODY, "action": "save"})
    assert response.status_code == 403
    assert not LetterTemplate.objects.exists()


def test_an_unknown_variable_is_refused_in_chinese_and_nothing_saved(client, admin_user, agencies):
    client.force_login(admin_user)
    response = client.post(
        _url(agencies["TCBGS"]), {"body": "{{ opening }}\n\n{{ no_such_thing }}", "action": "save"}
    )
    assert response.status_code == 400
    assert "不存在的变量" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_preview_renders_the_draft_without_saving(client, admin_user, agencies):
    client.force_login(admin_user)
    response = client.post(_url(agencies["TCBGS"]), {"body": BODY, "action": "preview"})
    assert response.status_code == 200
    assert any("将于" in p for p in response.context["preview"])
    assert not LetterTemplate.objects.exists()


def test_save_then_reset(client, admin_user, agencies):
    client.force_login(admin_user)
    url = _url(agencies["TCBGS"])
    assert client.post(url, {"body": BODY, "action": "save"}).status_code == 302
    saved = LetterTemplate.objects.get(agency=agencies["TCBGS"], kind="receipt")
    assert "将于" in saved.body
    assert client.post(url, {"action": "reset"}).status_code == 302
    assert not LetterTemplate.objects.exists()


def test_an_unknown_letter_kind_is_not_found(client, admin_user, agencies):
    client.force_login(admin_user)
    assert client.get(_url(agencies["TCBGS"], "bogus")).status_code == 404
