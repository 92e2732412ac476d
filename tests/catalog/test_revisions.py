"""Corrections of published items (更正): the same four eyes as a new item, then applied in
place with a 更新日期; the portal and search show the old text until then.

Cast: clerk proposes (author), reviewer does 初审, chief does 复核; other_clerk is of a
sideways agency; the anonymous visitor is the public."""

from __future__ import annotations

import datetime as dt

import pytest
from catalogdocs import make_user
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.catalog import revisions, search
from gongkai.catalog.models import EventKind, Item, Revision, RevisionState
from gongkai.core.models import AuditEvent
from gongkai.core.workflow import StepError

NEW_BODY = "<p>经市政府第33次常务会议讨论通过，现将《太仓市2019年政务公开工作要点》印发给你们，请认真贯彻落实。</p>"


@pytest.fixture
def proposed(published, clerk):
    return revisions.propose(
        clerk, published, "更正会议届次", body=NEW_BODY, effective_on=dt.date(2019, 9, 1)
    )


@pytest.fixture
def in_second_review(proposed, clerk, reviewer):
    revisions.submit(clerk, proposed)
    revisions.first_review(reviewer, proposed, approve=True)
    return proposed


def _kinds(item: Item) -> list[str]:
    return list(item.events.values_list("kind", flat=True))


# -- propose: anonymous → other agency → bad input → success --------------------------------


def test_anonymous_cannot_propose(published):
    with pytest.raises(PermissionDenied):
        revisions.propose(AnonymousUser(), published, "理由", body=NEW_BODY)
    assert not Revision.objects.exists()


def test_other_agency_clerk_cannot_propose(published, other_clerk):
    with pytest.raises(PermissionDenied):
        revisions.propose(other_clerk, published, "理由", body=NEW_BODY)
    assert not Revision.objects.exists()


def test_a_draft_is_edited_not_revised(draft, clerk):
    with pytest.raises(StepError, match="已发布"):
        revisions.propose(clerk, draft, "理由", body=NEW_BODY)
    assert not Revision.objects.exists()


@pytest.mark.parametrize(
    ("reason", "fields", "message"),
    [
        ("", {"body": NEW_BODY}, "更正理由"),
        ("理由", {"title": "  "}, "名称"),
        ("理由", {"effective_on": dt.date(2019, 1, 1)}, "实施日期不能早于成文日期"),
        ("理由", {"keywords": "政务公开 工作要点"}, "没有需要更正之处"),
        ("理由", {"index_no": "X/2019-00001"}, "无法修改字段"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(published, clerk, reason, fields, message):
    with pytest.raises(ValidationError, match=message):
        revisions.propose(clerk, published, reason, **fields)
    assert not Revision.objects.exists()
    assert _kinds(published)[-1] == EventKind.PUBLISHED


def test_author_proposes_only_the_changed_fields(proposed, published, clerk):
    assert proposed.state == RevisionState.DRAFT
    assert proposed.author == clerk
    assert proposed.proposed == {"body": NEW_BODY, "effective_on": "2019-09-01"}
    assert proposed.old == {"body": published.body, "effective_on": None}
    event = published.events.last()
    assert event.kind == EventKind.REVISION_PROPOSED
    assert event.data == {"revision": proposed.pk, "fields": ["body", "effective_on"]}
    assert AuditEvent.objects.filter(action="catalog.revision_proposed").exists()


def test_only_one_open_correction_per_item(proposed, published, clerk):
    with pytest.raises(StepError, match="正在办理"):
        revisions.propose(clerk, published, "再改", title="另一个名称")


# -- 初审: author → other agency → reviewer -------------------------------------------------


def test_author_cannot_do_first_review_of_own_correction(published, agencies):
    both = make_user("both", agencies["TCBGS"], "clerk", "reviewer")
    revision = revisions.propose(both, published, "更正名称", title="新名称")
    revisions.submit(both, revision)
    with pytest.raises(StepError, match="提出人"):
        revisions.first_review(both, revision, approve=True)
    assert Revision.objects.get(pk=revision.pk).state == RevisionState.FIRST_REVIEW


def test_clerk_and_other_agency_cannot_review(proposed, clerk, other_clerk, agencies):
    revisions.submit(clerk, proposed)
    cs_reviewer = make_user("csreviewer", agencies["CS"], "reviewer")
    for outsider in (AnonymousUser(), clerk, other_clerk, cs_reviewer):
        with pytest.raises(PermissionDenied):
            revisions.first_review(outsider, proposed, approve=True)
    assert Revision.objects.get(pk=proposed.pk).state == RevisionState.FIRST_REVIEW


def test_cannot_review_before_submission(proposed, reviewer):
    with pytest.raises(StepError, match="待初审"):
        revisions.first_review(reviewer, proposed, approve=True)


def test_reviewer_passes_first_review(in_second_review, reviewer):
    revision = Revision.objects.get(pk=in_second_review.pk)
    assert revision.state == RevisionState.SECOND_REVIEW
    assert revision.first_reviewer == reviewer
    kinds = _kinds(revision.item)
    assert kinds[-3:] == [
        EventKind.REVISION_PROPOSED,
        EventKind.REVISION_SUBMITTED,
        EventKind.REVISION_FIRST_APPROVED,
    ]


def test_rejection_needs_a_comment_and_leaves_the_item_alone(proposed, clerk, reviewer):
    revisions.submit(clerk, proposed)
    with pytest.raises(ValidationError, match="意见"):
        revisions.first_review(reviewer, proposed, approve=False, comment=" ")
    revisions.first_review(reviewer, proposed, approve=False, comment="届次无误，无需更正")
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.REJECTED
    item = Item.objects.get(pk=proposed.item_id)
    assert "第32次" in item.body and item.revised_at is None
    event = item.events.last()
    assert (event.kind, event.note) == (EventKind.REVISION_REJECTED, "届次无误，无需更正")


# -- 复核: first reviewer → author → second reviewer (applies) ---------------------------


def test_first_reviewer_cannot_do_second_review(in_second_review, reviewer, clerk):
    for person in (reviewer, clerk):
        with pytest.raises((StepError, PermissionDenied)):
            revisions.second_review(person, in_second_review, approve=True)
    assert Revision.objects.get(pk=in_second_review.pk).state == RevisionState.SECOND_REVIEW


def test_second_review_applies_in_place_keeping_the_index_number(in_second_review, chief):
    item = Item.objects.get(pk=in_second_review.item_id)
    index_no, published_at = item.index_no, item.published_at
    revisions.second_review(chief, in_second_review, approve=True, comment="同意")
    item.refresh_from_db()
    assert item.body == NEW_BODY
    assert item.effective_on == dt.date(2019, 9, 1)
    assert item.index_no == index_no and item.published_at == published_at
    assert item.revised_at is not None and item.revised_at > published_at
    revision = Revision.objects.get(pk=in_second_review.pk)
    assert revision.state == RevisionState.APPLIED
    assert (revision.second_reviewer, revision.applied_at) == (chief, item.revised_at)
    event = item.events.last()
    assert event.kind == EventKind.REVISION_APPLIED
    assert event.data["was"]["body"].startswith("<p>经市政府第32次")


def test_personal_data_in_the_correction_blocks_it(published, clerk, reviewer, chief):
    body = "<p>联系人身份证号 320585198503121026。</p>"
    revision = revisions.propose(clerk, published, "补充联系人", body=body)
    revisions.submit(clerk, revision)
    assert any(f.check == "personal_data" for f in revisions.findings(revision))
    revisions.first_review(reviewer, revision, approve=True)
    with pytest.raises(StepError, match="身份证号"):
        revisions.second_review(chief, revision, approve=True)
    assert "320585" not in Item.objects.get(pk=published.pk).body


def test_a_withdrawn_item_cannot_take_the_correction(in_second_review, chief):
    from gongkai.catalog import services

    services.withdraw(chief, Item.objects.get(pk=in_second_review.item_id), "发布有误")
    other = make_user("chief2", in_second_review.item.agency, "reviewer")
    with pytest.raises(StepError, match="不在发布状态"):
        revisions.second_review(other, in_second_review, approve=True)
    assert Revision.objects.get(pk=in_second_review.pk).state == RevisionState.SECOND_REVIEW


# -- withdraw -------------------------------------------------------------------------


def test_author_withdraws_an_open_correction(proposed, clerk, other_clerk):
    with pytest.raises(PermissionDenied):
        revisions.withdraw(other_clerk, proposed)
    revisions.withdraw(clerk, proposed, "不再需要")
    assert Revision.objects.get(pk=proposed.pk).state == RevisionState.WITHDRAWN
    assert proposed.item.events.last().kind == EventKind.REVISION_WITHDRAWN
    with pytest.raises(StepError, match="已办结"):
        revisions.withdraw(clerk, proposed)
    # the item is free for a new correction
    revisions.propose(clerk, proposed.item, "更正名称", title="新名称")


# -- the public sees the old text until the correction is applied -------------------------


def test_portal_and_search_show_the_old_text_until_applied(client, in_second_review, chief):
    url = reverse("gk:item", args=[in_second_review.item_id])
    page = client.get(url).content.decode()
    assert "第32次常务会议" in page and "第33次常务会议" not in page
    assert "更新日期" not in page
    assert not search.search(search.Query(text="贯彻落实")).exists()

    revisions.second_review(chief, in_second_review, approve=True)

    page = client.get(url).content.decode()
    item = Item.objects.get(pk=in_second_review.item_id)
    assert "第33次常务会议" in page and "第32次常务会议" not in page
    assert "更新日期" in page and item.revised_at.astimezone().strftime("%Y-%m-%d") in page
    assert list(search.search(search.Query(text="贯彻落实"))) == [item]


# -- office pages -----------------------------------------------------------------------


def test_office_revise_form_starts_from_published_values(client, published, clerk):
    client.force_login(clerk)
    page = client.get(reverse("catalog_office:revise", args=[published.pk])).content.decode()
    assert 'value="2019-08-16"' in page  # 成文日期 kept in ISO form for <input type=date>
    assert "第32次常务会议" in page


def test_office_revision_page_shows_change_and_findings(client, published, clerk, reviewer):
    client.force_login(clerk)
    data = {
        "reason": "补充联系方式",
        "title": published.title,
        "doc_no": published.doc_no,
        "publisher": published.publisher,
        "written_on": "2019-08-16",
        "category": published.category,
        "subject": published.subject,
        "genre": published.genre,
        "keywords": published.keywords,
        "summary": published.summary,
        "body": "<p>联系电话 13812345678。</p>",
    }
    response = client.post(reverse("catalog_office:revise", args=[published.pk]), data)
    revision = Revision.objects.get()
    assert response.url == reverse("catalog_office:revision", args=[revision.pk])
    assert revision.proposed == {"body": "<p>联系电话 13812345678。</p>"}
    client.post(reverse("catalog_office:revision_action", args=[revision.pk, "submit"]))
    client.force_login(reviewer)
    page = client.get(response.url).content.decode()
    assert "手机号码" in page and "补充联系方式" in page
    assert f'action="/office/catalog/revisions/{revision.pk}/first_review/"' in page


def test_other_agency_cannot_see_a_correction(client, proposed, other_clerk):
    client.force_login(other_clerk)
    assert client.get(reverse("catalog_office:revision", args=[proposed.pk])).status_code in (
        403,
        404,
    )
    response = client.post(
        reverse("catalog_office:revision_action", args=[proposed.pk, "withdraw"])
    )
    assert response.status_code in (403, 404)
    assert Revision.objects.get(pk=proposed.pk).state == RevisionState.DRAFT


def test_read_api_and_atom_feed_carry_the_update_date(client, in_second_review, chief):
    url = reverse("api:public_catalog_item", args=[in_second_review.item_id])
    assert client.get(url).json()["revised_at"] is None
    revisions.second_review(chief, in_second_review, approve=True)
    item = Item.objects.get(pk=in_second_review.item_id)
    data = client.get(url).json()
    assert data["revised_at"] is not None and "第33次" in data["body"]
    feed = client.get(reverse("gk:atom")).content.decode()
    assert f"<updated>{item.revised_at.astimezone().strftime('%Y-%m-%d')}" in feed
