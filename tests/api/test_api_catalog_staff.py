"""The staff write API of the 主动公开 catalogue: each endpoint runs its catalogue service verb,
so the same permissions, four eyes and preconditions hold as in the back office."""

from __future__ import annotations

import pytest

from gongkai.catalog.models import Item, ItemEvent, Status

ITEMS = "/api/catalog/items/"
DRAFT = {
    "agency": "TCBGS",
    "title": "太仓市关于进一步推进政务公开工作的意见",
    "doc_no": "太政办[2024]15号",
    "category": "20-01",
    "written_on": "2024-03-01",
    "subject": "综合政务\\政务公开",
    "genre": "意见",
    "summary": "就进一步推进政务公开工作提出意见。",
    "body": "<p>一、总体要求</p><script>alert(1)</script>",
}


@pytest.fixture
def chief(agencies):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    user = get_user_model().objects.create_user("chief", "chief@example.gov.cn", "pw-1-chief")
    Membership.objects.create(user=user, agency=agencies["TCBGS"], role="reviewer")
    return user


def _ok(response, code=200):
    assert response.status_code == code, response.content.decode()
    return response.json()


def test_anonymous_and_public_callers_cannot_write(api):
    assert api.post(ITEMS, DRAFT, format="json").status_code == 403
    assert api.get(ITEMS).status_code == 403


def test_a_draft_goes_through_both_reviews_to_the_portal_and_out_again(
    as_user, clerk, reviewer, chief, api
):
    clerk_api, reviewer_api, chief_api = as_user(clerk), as_user(reviewer), as_user(chief)

    item = _ok(clerk_api.post(ITEMS, DRAFT, format="json"), 201)
    url = f"{ITEMS}{item['id']}/"
    assert item["status"] == "draft" and item["index_no"].endswith("-00001")
    assert item["doc_no"] == "太政办〔2024〕15号" and "<script>" not in item["body"]
    assert (
        _ok(clerk_api.patch(url, {"keywords": "政务公开"}, format="json"))["keywords"] == "政务公开"
    )

    _ok(clerk_api.post(url + "submit/"))
    # the author never reviews: four eyes, as in the office
    assert clerk_api.post(url + "first-review/", {"approve": True}, format="json").status_code in (
        400,
        403,
    )
    _ok(reviewer_api.post(url + "first-review/", {"approve": True}, format="json"))
    refused = reviewer_api.post(url + "second-review/", {"approve": True}, format="json")
    assert refused.status_code == 400 and "复核人不能是起草人或初审人" in refused.content.decode()
    reviewed = _ok(chief_api.post(url + "second-review/", {"approve": True}, format="json"))
    assert reviewed["first_reviewer"] == reviewer.username
    assert reviewed["second_reviewer"] == chief.username

    _ok(chief_api.post(url + "publish/", {}, format="json"))
    assert _ok(api.get(f"/api/public/catalog/{item['id']}/"))["title"] == DRAFT["title"]

    still_valid = chief_api.post(
        url + "invalidate/", {"validity": "valid", "on": "2026-01-05", "reason": "x"}, format="json"
    )
    assert still_valid.status_code == 400 and "失效" in still_valid.content.decode()
    repeal = {"validity": "repealed", "on": "2026-01-05", "reason": "被太政办〔2026〕1号废止"}
    assert _ok(chief_api.post(url + "invalidate/", repeal, format="json"))["validity"] == "repealed"
    no_reason = chief_api.post(url + "withdraw/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "errors" in no_reason.json()
    _ok(chief_api.post(url + "withdraw/", {"reason": "内容需要更新"}, format="json"))
    assert api.get(f"/api/public/catalog/{item['id']}/").status_code == 404
    kinds = list(ItemEvent.objects.filter(item_id=item["id"]).values_list("kind", flat=True))
    assert len(kinds) >= 7  # created, edited, submitted, two reviews, published, withdrawn


def test_bad_input_is_a_chinese_400_and_changes_nothing(as_user, clerk):
    client = as_user(clerk)
    bad = client.post(ITEMS, {**DRAFT, "category": "99-99"}, format="json")
    assert bad.status_code == 400 and "公开类别" in str(bad.json()["errors"])
    unknown = client.post(ITEMS, {**DRAFT, "agency": "NOPE"}, format="json")
    assert unknown.status_code == 400 and "没有这个机关" in str(unknown.json())
    assert not Item.objects.exists()


def test_other_agencies_items_do_not_exist_for_the_caller(as_user, clerk, other_clerk):
    item = _ok(as_user(clerk).post(ITEMS, DRAFT, format="json"), 201)
    outsider = as_user(other_clerk)
    assert outsider.get(f"{ITEMS}{item['id']}/").status_code == 404
    assert outsider.post(f"{ITEMS}{item['id']}/submit/").status_code == 404
    assert _ok(outsider.get(ITEMS))["count"] == 0
    forbidden = outsider.post(ITEMS, DRAFT, format="json")
    assert forbidden.status_code == 403
    assert Item.objects.get().status == Status.DRAFT


def test_the_list_filters_by_status(as_user, clerk):
    client = as_user(clerk)
    first = _ok(client.post(ITEMS, DRAFT, format="json"), 201)
    _ok(client.post(ITEMS, {**DRAFT, "title": "第二份"}, format="json"), 201)
    _ok(client.post(f"{ITEMS}{first['id']}/submit/"))
    assert _ok(client.get(ITEMS, {"status": "first_review"}))["count"] == 1
    assert client.get(ITEMS, {"status": "nonsense"}).status_code == 400


def test_the_openapi_document_lists_the_staff_catalogue_endpoints(api):
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]
    for suffix in ("", "{id}/", "{id}/submit/", "{id}/first-review/", "{id}/second-review/",
                   "{id}/publish/", "{id}/withdraw/", "{id}/invalidate/"):  # fmt: skip
        assert f"{ITEMS}{suffix}" in paths
