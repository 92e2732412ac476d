"""Whole public pages are answered from memory to anonymous readers (core.pagecache).

A copy is served only to a reader without session, messages or credentials, keyed on the
address and the display cookie; it is dropped when anything the portal shows changes; it
never carries another reader's CSRF token or a reused CSP nonce, and it carries the same
security headers as the page rendered afresh.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Membership
from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item
from gongkai.core import pagecache
from gongkai.core.site import DISPLAY_COOKIE
from gongkai.portal.caching import seconds_to_live

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
CATALOGUE = reverse("gk:index")
TITLE = "关于印发《太仓市2019年政务公开工作要点》的通知"
SECURITY_HEADERS = (
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
    "Cache-Control",
    "Vary",
    "Content-Type",
)


@pytest.fixture(autouse=True)
def _empty_store():
    pagecache.store.clear()
    yield
    pagecache.store.clear()


@pytest.fixture
def chief(agencies):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("chief", "chief@example.gov.cn", "pw-1-chief")
    Membership.objects.create(user=user, agency=agencies["TCBGS"], role="reviewer")
    return user


@pytest.fixture
def approved(agencies, clerk, reviewer, chief):
    item = catalog.create_draft(
        clerk,
        agencies["TCBGS"],
        title=TITLE,
        doc_no="太政办〔2019〕112号",
        written_on=dt.date(2019, 8, 16),
        category="L-03",
        subject="综合政务\\政务公开",
        genre="通知",
        keywords="政务公开 工作要点",
        summary="印发太仓市2019年政务公开工作要点。",
        body="<p>现将《太仓市2019年政务公开工作要点》印发给你们。</p>",
    )
    catalog.submit(clerk, item)
    catalog.first_review(reviewer, item, approve=True)
    catalog.second_review(chief, item, approve=True)
    return item


@pytest.fixture
def published(approved, chief):
    return catalog.publish(chief, approved)


def served(response) -> str | None:
    return response.headers.get(pagecache.HEADER)


def retitle_behind_the_cache(item: Item, title: str) -> None:
    """A write that signals nothing: only a page rendered afresh can show it."""
    Item.objects.filter(pk=item.pk).update(title=title)


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


# -- hit and miss --------------------------------------------------------------------


def test_the_second_anonymous_get_is_the_first_answer_served_from_memory(client, published):
    first = client.get(CATALOGUE)
    assert served(first) == "miss"
    retitle_behind_the_cache(published, "改过的标题")
    second = Client().get(CATALOGUE)
    assert served(second) == "hit"
    assert second.status_code == 200
    assert "改过的标题" not in second.content.decode()  # the copy, not a new rendering
    assert second.content == first.content
    assert second["Content-Length"] == str(len(second.content))


@pytest.mark.parametrize(
    "url",
    ["/", "/apply/", "/gk/", "/gk/statutory/", "/gk/policies/", "/gk/expired/", "/gk/guide/",
     "/gk/gazette/", "/gk/annual/", "/contact/", "/sitemap/"],
)  # fmt: skip
def test_public_pages_are_cached(client, agencies, url):
    assert served(client.get(url)) == "miss"
    assert served(client.get(url)) == "hit"


@pytest.mark.parametrize("url", ["/track/", "/apply/TCBGS/", "/gk/search/?q=政务", "/nowhere/"])
def test_forms_search_and_errors_are_not_cached(client, agencies, url):
    client.get(url)
    assert served(client.get(url)) is None


def test_the_query_string_is_part_of_the_key(client, agencies):
    client.get(CATALOGUE)
    assert served(client.get(CATALOGUE + "?year=2019")) == "miss"
    assert served(client.get(CATALOGUE + "?year=2019")) == "hit"


def test_an_item_page_is_cached(client, published):
    url = reverse("gk:item", args=[published.pk])
    assert served(client.get(url)) == "miss"
    hit = client.get(url)
    assert served(hit) == "hit" and TITLE in hit.content.decode()


# -- the display cookie --------------------------------------------------------------


def test_each_display_mode_and_size_has_its_own_copy(agencies):
    standard, elder, large = Client(), Client(), Client()
    elder.cookies[DISPLAY_COOKIE] = "elder.0"
    large.cookies[DISPLAY_COOKIE] = "standard.2"
    assert served(standard.get(HOME)) == "miss"
    assert served(elder.get(HOME)) == "miss"
    assert served(large.get(HOME)) == "miss"
    for _ in range(2):
        plain, old, big = standard.get(HOME), elder.get(HOME), large.get(HOME)
        assert served(plain) == served(old) == served(big) == "hit"
        assert "mode-elder" not in plain.content.decode()
        assert 'class="portal mode-elder"' in old.content.decode()
        assert 'class="fs-p2"' in big.content.decode()
        assert "Cookie" in plain["Vary"]


def test_a_malformed_display_cookie_shares_the_standard_copy(agencies):
    Client().get(HOME)
    odd = Client()
    odd.cookies[DISPLAY_COOKIE] = "purple.x"
    response = odd.get(HOME)
    assert served(response) == "hit" and "mode-elder" not in response.content.decode()


# -- who never gets or fills a copy --------------------------------------------------


def test_a_signed_in_user_never_gets_a_cached_page(client, published, clerk):
    Client().get(CATALOGUE)
    retitle_behind_the_cache(published, "改过的标题")
    client.force_login(clerk)
    response = client.get(CATALOGUE)
    assert served(response) is None
    assert "改过的标题" in response.content.decode()  # rendered for this user
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_user_never_fills_the_cache(client, agencies, clerk):
    client.force_login(clerk)
    client.get(HOME)
    client.get(HOME)
    assert len(pagecache.store) == 0
    anonymous = Client().get(HOME)
    assert served(anonymous) == "miss"
    assert "no-store" not in anonymous.get("Cache-Control", "")


def test_a_request_with_credentials_is_rendered(client, agencies):
    client.get(HOME)
    assert served(client.get(HOME, HTTP_AUTHORIZATION="Basic Y2xlcms6eA==")) is None


def test_a_post_is_never_answered_from_or_stored_in_the_cache(client, agencies):
    client.post(HOME)
    assert len(pagecache.store) == 0
    client.get(HOME)
    assert served(client.post(HOME)) is None


def test_a_page_showing_a_message_is_never_cached(client, agencies):
    client.get(HOME)  # a copy exists
    redirect = client.get(reverse("portal:track_case", args=[999]))  # "please enter your code"
    assert redirect.status_code == 302 and "messages" in client.cookies
    with_message = client.get(HOME)
    assert served(with_message) is None
    assert "请输入申请编号和查询码查询办理进度" in with_message.content.decode()
    pagecache.store.clear()
    client.get(reverse("portal:track_case", args=[999]))
    client.get(HOME)  # shows the message: must not become the copy
    other = Client().get(HOME)
    assert served(other) == "miss"
    assert "请输入申请编号和查询码查询办理进度" not in other.content.decode()


# -- invalidation --------------------------------------------------------------------


def test_a_publication_makes_the_next_get_fresh(client, approved, chief):
    client.get(CATALOGUE)
    assert TITLE not in client.get(CATALOGUE).content.decode()
    catalog.publish(chief, approved)
    response = client.get(CATALOGUE)
    assert served(response) == "miss"
    assert TITLE in response.content.decode()


def test_a_withdrawal_removes_the_cached_item_page(client, published, chief):
    url = reverse("gk:item", args=[published.pk])
    client.get(url)
    assert served(client.get(url)) == "hit"
    catalog.withdraw(chief, published, "内容有误，撤回修改")
    assert client.get(url).status_code == 404


def test_marking_an_item_repealed_shows_at_once(client, published, chief):
    url = reverse("gk:item", args=[published.pk])
    client.get(url)
    catalog.mark_invalid(chief, published, "repealed", timezone.localdate(), "被新文件废止")
    response = client.get(url)
    assert served(response) == "miss" and "废止" in response.content.decode()


def test_steps_before_publication_leave_the_copies_in_place(client, agencies, clerk, reviewer):
    client.get(CATALOGUE)
    item = catalog.create_draft(
        clerk, agencies["TCBGS"], title="起草中的文件", written_on=dt.date(2019, 8, 16),
        category="L-03", subject="综合政务\\政务公开", genre="通知", body="<p>草稿</p>",
    )  # fmt: skip
    catalog.edit_draft(clerk, item, title="起草中的文件（修改）")
    catalog.submit(clerk, item)
    catalog.first_review(reviewer, item, approve=True)
    assert served(client.get(CATALOGUE)) == "hit"


def test_an_agency_change_empties_the_page_cache(client, agencies):
    client.get(CATALOGUE)
    agencies["TCBGS"].name = "太仓市人民政府办公室（政务公开办）"
    agencies["TCBGS"].save()
    assert served(client.get(CATALOGUE)) == "miss"


def test_a_scheduled_publication_shortens_the_life_of_every_copy(approved, chief):
    assert seconds_to_live() == pagecache.TTL
    catalog.publish(chief, approved, at=timezone.now() + dt.timedelta(seconds=20))
    assert 1 <= seconds_to_live() <= 20
    assert not Item.objects.published().filter(pk=approved.pk).exists()


def test_a_copy_past_its_time_is_not_served():
    store = pagecache.Store()
    old = pagecache.Copy("v1", time.monotonic() - 1, 200, (), b"old")
    store.put(("k",), old)
    assert store.get(("k",), "v1") is None
    store.put(("k",), pagecache.Copy("v1", time.monotonic() + 60, 200, (), b"new"))
    assert store.get(("k",), "v1").body == b"new"
    assert store.get(("k",), "v2") is None  # another version


def test_the_store_drops_the_least_recently_used_copies(client):
    store = pagecache.Store(max_entries=2, max_bytes=80)
    later = time.monotonic() + 60
    for key in "abc":
        store.put((key,), pagecache.Copy("v", later, 200, (), b"x" * 5))
    assert store.get(("a",), "v") is None and len(store) == 2
    store.put(("d",), pagecache.Copy("v", later, 200, (), b"x" * 50))  # over a bound of bytes
    assert store.get(("d",), "v") is None


# -- per-response secrets and headers ------------------------------------------------


def test_every_answer_has_a_fresh_nonce_matching_its_header(client, settings, agencies):
    settings.ROOT_URLCONF = "page_cache_urls"
    answers = [Client().get("/__test__/script/") for _ in range(3)]
    assert [served(a) for a in answers] == ["miss", "hit", "hit"]
    nonces = []
    for answer in answers:
        nonce = nonce_of(answer)
        assert f'<script nonce="{nonce}">' in answer.content.decode()
        assert "__gongkai_csp_nonce__" not in answer.content.decode()
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_a_page_with_a_csrf_token_is_never_stored(settings, agencies):
    settings.ROOT_URLCONF = "page_cache_urls"
    alice, bob = Client(), Client()
    first = alice.get("/__test__/form/")
    second = bob.get("/__test__/form/")
    assert served(first) is None and served(second) is None and len(pagecache.store) == 0
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    alice_token = token.search(first.content.decode()).group(1)
    assert alice_token not in second.content.decode()


def test_the_application_form_gives_each_reader_their_own_token(agencies):
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    url = reverse("portal:apply", args=["TCBGS"])
    one, two = Client().get(url), Client().get(url)
    assert served(one) is None and served(two) is None
    assert token.search(one.content.decode()).group(1) not in two.content.decode()


@pytest.mark.parametrize("url", [HOME, CATALOGUE])
def test_a_copy_carries_the_same_security_headers_as_a_fresh_page(settings, agencies, url):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    fresh = Client().get(url, secure=True)
    copy = Client().get(url, secure=True)
    assert served(fresh) == "miss" and served(copy) == "hit"
    assert fresh["Strict-Transport-Security"].startswith("max-age=31536000")
    assert fresh["X-Frame-Options"] == "DENY"
    for name in SECURITY_HEADERS:
        assert fresh.headers.get(name) == copy.headers.get(name), name
    policy = fresh["Content-Security-Policy"].replace(nonce_of(fresh), "N")
    assert copy["Content-Security-Policy"].replace(nonce_of(copy), "N") == policy
    # plain HTTP is its own copy: no HSTS on it
    assert "Strict-Transport-Security" not in Client().get(url)
