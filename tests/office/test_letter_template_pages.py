"""Agency admins edit letter wording: preview against a sample case, save, reset."""

from __future__ import annotations

from django.urls import reverse

from gongkai.applications.models import LetterTemplate


def _url(agency, kind="receipt", decision="-"):
    return reverse("office:letter_template_edit", args=[agency.pk, kind, decision])


BODY = "【开头段】\n\n本机关已登记你的申请，将于【答复期限】前答复。"


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


def test_an_unknown_placeholder_is_refused_beside_the_text_and_nothing_saved(
    client, admin_user, agencies
):
    client.force_login(admin_user)
    response = client.post(
        _url(agencies["TCBGS"]), {"body": "【开头段】\n\n将于【答复期线】前答复", "action": "save"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "第3行第3列" in page and "是不是【答复期限】？" in page
    assert "将于<mark>【</mark>答复期线】" in page  # the offending spot, marked
    assert "【开头段】\n\n将于【答复期线】前答复</textarea>" in page  # the draft is kept
    assert not LetterTemplate.objects.exists()


def test_the_editor_lists_every_placeholder_to_insert(client, admin_user, agencies):
    from gongkai.applications.letters.placeholders import PLACEHOLDERS

    client.force_login(admin_user)
    page = client.get(_url(agencies["TCBGS"])).content.decode()
    for p in PLACEHOLDERS:
        assert p.token in page, p.name
    assert "已确定负责公开的机关" in page and "【否则】" in page


# -- the live preview endpoint --------------------------------------------------


def _preview_url(agency, kind="receipt", decision="-"):
    return reverse("office:letter_template_preview", args=[agency.pk, kind, decision])


def test_the_live_preview_renders_a_draft_on_the_sample_case(client, admin_user, agencies):
    client.force_login(admin_user)
    response = client.post(_preview_url(agencies["TCBGS"]), {"body": BODY})
    assert response.status_code == 200
    data = response.json()
    assert data["problems"] == []
    assert data["paragraphs"][1] == "本机关已登记你的申请，将于2025年10月30日前答复。"
    assert not LetterTemplate.objects.exists()


def test_the_live_preview_returns_problems_with_line_and_column(client, admin_user, agencies):
    client.force_login(admin_user)
    response = client.post(_preview_url(agencies["TCBGS"]), {"body": "甲\n{% for x in y %}"})
    problem = response.json()["problems"][0]
    assert (problem["line"], problem["column"]) == (2, 1)
    assert "不支持循环" in problem["message"]


def test_the_live_preview_is_for_editors_only(client, clerk, agencies):
    client.force_login(clerk)
    assert client.post(_preview_url(agencies["TCBGS"]), {"body": BODY}).status_code == 403
    client.logout()
    assert client.post(_preview_url(agencies["TCBGS"]), {"body": BODY}).status_code == 302


def test_an_admin_may_not_preview_a_sideways_agencys_wording(client, admin_user, agencies):
    client.force_login(admin_user)
    response = client.post(_preview_url(agencies["CS"]), {"body": BODY})
    assert response.status_code == 403 and "error" in response.json()


def test_the_live_preview_needs_post_and_a_csrf_token(admin_user, agencies):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.get(_preview_url(agencies["TCBGS"])).status_code == 405
    assert client.post(_preview_url(agencies["TCBGS"]), {"body": BODY}).status_code == 403


def test_the_reviewed_attack_bodies_are_refused_fast_without_rendering(
    client, admin_user, agencies
):
    import time

    client.force_login(admin_user)
    loops = "".join('{% for v in "0123456789" %}' for _ in range(7)) + "x" + "{% endfor %}" * 7
    for body in ('{{ opening|stringformat:"200000000s" }}', loops):
        started = time.monotonic()
        response = client.post(_url(agencies["TCBGS"]), {"body": body, "action": "preview"})
        assert time.monotonic() - started < 2
        assert response.status_code == 400
        assert "不能使用模板写法" in response.content.decode()


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
