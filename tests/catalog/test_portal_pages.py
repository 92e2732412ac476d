"""The public 政府信息公开 pages: only published items, the metadata block, 解读 both ways,
失效文件清单, search page, feeds and sitemap."""

from __future__ import annotations

import datetime as dt

import pytest
from catalogdocs import draft_fields
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Validity


def _through(item, clerk, reviewer, chief):
    services.submit(clerk, item)
    services.first_review(reviewer, item, approve=True)
    services.second_review(chief, item, approve=True)


@pytest.fixture
def policy_with_reading(agencies, clerk, reviewer, chief):
    policy = services.create_draft(clerk, agencies["TCBGS"], **draft_fields(category="20-01"))
    reading = services.create_draft(
        clerk,
        agencies["TCBGS"],
        **draft_fields(title="图解：2019年政务公开工作要点", category="L-01"),
    )
    services.link_interpretation(clerk, reading, policy, "graphic")
    _through(policy, clerk, reviewer, chief)
    _through(reading, clerk, reviewer, chief)
    services.publish(chief, policy)
    return policy, reading


def test_item_page_shows_metadata_block(client, published):
    page = client.get(reverse("gk:item", args=[published.pk])).content.decode()
    for label in ("索引号", "发布机构", "成文日期", "文号", "主题分类", "有效性", "体裁分类"):
        assert label in page
    assert published.index_no in page and "太政办〔2019〕112号" in page
    assert "综合政务\\政务公开" in page and "2019-08-16" in page
    assert '<meta name="ArticleTitle"' in page


def test_unpublished_items_are_not_found(client, approved):
    assert client.get(reverse("gk:item", args=[approved.pk])).status_code == 404


def test_interpretation_is_linked_both_ways(client, policy_with_reading):
    policy, reading = policy_with_reading
    page = client.get(reverse("gk:item", args=[policy.pk])).content.decode()
    assert reverse("gk:item", args=[reading.pk]) in page and "政策解读" in page
    page = client.get(reverse("gk:item", args=[reading.pk])).content.decode()
    assert reverse("gk:item", args=[policy.pk]) in page


def test_catalogue_filters(client, policy_with_reading, agencies):
    policy, reading = policy_with_reading
    page = client.get(reverse("gk:index"), {"category": "L-01"}).content.decode()
    assert reading.title in page and f'href="/gk/items/{policy.pk}/"' not in page
    page = client.get(reverse("gk:index"), {"agency": agencies["CS"].pk}).content.decode()
    assert "暂无信息" in page


def test_expired_list_per_agency(client, published, chief):
    services.mark_invalid(chief, published, Validity.REPEALED, dt.date(2021, 1, 1), "被新文件废止")
    index = client.get(reverse("gk:expired_index")).content.decode()
    assert published.agency.name in index
    page = client.get(reverse("gk:expired", args=[published.agency.pk])).content.decode()
    assert published.title in page and "被新文件废止" in page and "2021-01-01" in page
    item_page = client.get(reverse("gk:item", args=[published.pk])).content.decode()
    assert "本文件已于 2021-01-01 废止" in item_page


def test_search_page_highlights_and_header_has_the_box(client, published):
    page = client.get(reverse("gk:search"), {"q": "政務公開"}).content.decode()
    assert published.title in page
    assert "<mark>" in page
    assert 'action="/gk/search/"' in page  # the header's box
    home = client.get(reverse("portal:home")).content.decode()
    assert 'action="/gk/search/"' in home and "政府信息公开" in home


def test_feeds_and_sitemap_list_published_items(client, published, agencies, clerk):
    services.create_draft(clerk, agencies["TCBGS"], **draft_fields(title="未发布的草稿"))
    rss = client.get(reverse("gk:rss")).content.decode()
    atom = client.get(reverse("gk:atom")).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    url = reverse("gk:item", args=[published.pk])
    assert url in rss and url in atom and url in sitemap
    assert sitemap.count("<url>") == 1


def test_feed_dates_are_beijing_time(client, published):
    """An item published at 04:00 Beijing time (20:00 UTC the day before) is dated that day in
    the feeds, with its +08:00 offset, as on the item page."""
    import datetime as dt

    from gongkai.catalog.models import Item

    at = dt.datetime(2025, 12, 6, 20, 0, tzinfo=dt.UTC)
    Item.objects.filter(pk=published.pk).update(published_at=at)
    atom = client.get(reverse("gk:atom")).content.decode()
    rss = client.get(reverse("gk:rss")).content.decode()
    assert "<updated>2025-12-07T04:00:00+08:00</updated>" in atom
    assert "<pubDate>Sun, 07 Dec 2025 04:00:00 +0800</pubDate>" in rss


def test_published_attachment_downloads(client, agencies, clerk, reviewer, chief):
    import io

    import docx

    from gongkai.catalog.attachments import add_attachment

    item = services.create_draft(clerk, agencies["TCBGS"], **draft_fields())
    document = docx.Document()
    document.add_paragraph("附件正文")
    out = io.BytesIO()
    document.save(out)
    att = add_attachment(clerk, item, "附件.docx", out.getvalue())
    url = reverse("gk:attachment", args=[item.pk, att.pk])
    assert client.get(url).status_code == 404
    _through(item, clerk, reviewer, chief)
    services.publish(chief, item)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == out.getvalue()
