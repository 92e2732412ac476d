"""The ladder for every staff action on the catalogue's review page:

anonymous → login page; wrong role → error, nothing changed; another agency's clerk → 404;
bad input → the Chinese error and nothing changed; success → the status moved and an
ItemEvent written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Item, ItemEvent


def _docx() -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    document.add_paragraph("附表内容")
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("附表.docx", out.getvalue())


@dataclass
class Step:
    action: str
    item: str  # fixture giving an item in which the action is offered
    actor: str
    wrong_role: str  # sees the item, may not do this
    valid: Callable[[], dict[str, Any]]
    invalid: Callable[[], dict[str, Any]]
    error: str
    event: str
    done: Callable[[Item], bool]


STEPS = [
    Step("submit", "draft", "clerk", "supervisor", dict, dict, "", "submitted",
         lambda i: i.status == "first_review"),
    Step("first_review", "submitted", "reviewer", "clerk",
         lambda: {"decision": "approve", "comment": ""},
         lambda: {"decision": "reject", "comment": ""}, "退回时请写明修改意见", "first_approved",
         lambda i: i.status == "second_review"),
    Step("second_review", "first_reviewed", "chief", "clerk",
         lambda: {"decision": "approve"}, lambda: {"decision": "maybe"}, "选择一个有效的选项",
         "second_approved", lambda i: i.status == "approved"),
    Step("publish", "approved", "chief", "clerk", dict, lambda: {"at": "明天"}, "输入一个有效的日期",
         "published", lambda i: i.status == "published"),
    Step("withdraw", "published", "chief", "clerk", lambda: {"reason": "内容有误"},
         lambda: {"reason": ""}, "该字段是必填项", "withdrawn", lambda i: i.status == "withdrawn"),
    Step("validity", "published", "chief", "clerk",
         lambda: {"validity": "repealed", "on": "2021-01-01", "reason": "被太政办〔2020〕1号废止"},
         lambda: {"validity": "valid", "on": "2021-01-01", "reason": "x"}, "选择一个有效的选项",
         "validity", lambda i: i.validity == "repealed"),
    Step("attach", "draft", "clerk", "supervisor", lambda: {"file": _docx()},
         lambda: {"file": SimpleUploadedFile("a.pdf", b"not a pdf")}, "支持PDF、DOCX", "attached",
         lambda i: i.attachments.count() == 1),
]  # fmt: skip


@pytest.fixture
def submitted(draft, clerk):
    services.submit(clerk, draft)
    return draft


@pytest.fixture
def first_reviewed(submitted, reviewer):
    services.first_review(reviewer, submitted, approve=True)
    return submitted


def _post(client, user, item, action, data):
    if user is not None:
        client.force_login(user)
    return client.post(reverse("catalog_office:action", args=[item.pk, action]), data, follow=True)


def _snapshot(item):
    item = Item.objects.get(pk=item.pk)
    return (item.status, item.validity, item.attachments.count(), ItemEvent.objects.count())


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.action)
def test_anonymous_is_sent_to_login(client, request, step):
    item = request.getfixturevalue(step.item)
    before = _snapshot(item)
    response = client.post(
        reverse("catalog_office:action", args=[item.pk, step.action]), step.valid()
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _snapshot(item) == before


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.action)
def test_wrong_role_is_refused(client, request, step, supervisor):
    item = request.getfixturevalue(step.item)
    user = request.getfixturevalue(step.wrong_role)
    before = _snapshot(item)
    response = _post(client, user, item, step.action, step.valid())
    assert response.status_code == 403
    assert _snapshot(item) == before


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.action)
def test_other_agency_clerk_sees_nothing(client, request, step, other_clerk):
    item = request.getfixturevalue(step.item)
    before = _snapshot(item)
    response = _post(client, other_clerk, item, step.action, step.valid())
    assert response.status_code == 404
    assert _snapshot(item) == before


@pytest.mark.parametrize("step", [s for s in STEPS if s.error], ids=lambda s: s.action)
def test_bad_input_changes_nothing(client, request, step):
    item = request.getfixturevalue(step.item)
    user = request.getfixturevalue(step.actor)
    before = _snapshot(item)
    response = _post(client, user, item, step.action, step.invalid())
    assert response.status_code == 200
    assert step.error in response.content.decode()
    assert _snapshot(item) == before


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.action)
def test_success_moves_and_records(client, request, step):
    item = request.getfixturevalue(step.item)
    user = request.getfixturevalue(step.actor)
    response = _post(client, user, item, step.action, step.valid())
    assert response.status_code == 200
    item = Item.objects.get(pk=item.pk)
    assert step.done(item)
    event = item.events.last()
    assert event.kind == step.event and event.actor == user


def test_author_cannot_review_own_item_from_the_page(client, agencies):
    from catalogdocs import draft_fields, make_user

    both = make_user("both", agencies["TCBGS"], "clerk", "reviewer")
    item = services.create_draft(both, agencies["TCBGS"], **draft_fields())
    services.submit(both, item)
    response = _post(client, both, item, "first_review", {"decision": "approve"})
    assert "初审人不能是起草人本人" in response.content.decode()
    assert Item.objects.get(pk=item.pk).status == "first_review"


def test_review_page_shows_findings_with_their_place(client, draft, clerk):
    services.edit_draft(clerk, draft, body="<p>经办人身份证号320585198503121026</p>")
    client.force_login(clerk)
    page = client.get(reverse("catalog_office:item", args=[draft.pk])).content.decode()
    assert "正文第8字" in page and "阻止发布" in page and "320***********1026" in page
    assert "320585198503121026" not in page.split("发布前检查")[1].split("</section>")[0]


def test_clerk_creates_a_draft_from_the_form(client, clerk, agencies):
    client.force_login(clerk)
    response = client.post(
        reverse("catalog_office:new"),
        {"agency": agencies["TCBGS"].pk, "title": "新条目", "category": "20-04",
         "doc_no": "太统〔2020〕3号", "written_on": dt.date(2020, 3, 1).isoformat()},
    )  # fmt: skip
    item = Item.objects.get()
    assert response.status_code == 302 and item.author == clerk
    page = client.get(reverse("catalog_office:list")).content.decode()
    assert item.index_no in page
