"""The portal follows the 政府网站 conventions (portal.md §2): the host government in the
header, the footer with 主办单位 and the filing numbers (each only when set), the page meta
tags, a column bar whose every column is a real page, an HTML sitemap, robots.txt, a
favicon, and Chinese 404/500 pages in the same look."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.portal.columns import COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.GONGKAI_SITE_NAME = "太仓市人民政府"
    settings.GONGKAI_SITE_HOST = "太仓市人民政府办公室"
    settings.GONGKAI_SITE_ID_CODE = "3205850099"
    settings.GONGKAI_SITE_ICP = "苏ICP备12345678号"
    settings.GONGKAI_SITE_PSB = "苏公网安备 32058502000001号"
    return settings


@pytest.fixture
def catalogue(agencies):
    from django.core.management import call_command

    from gongkai.applications.demo import ensure_staff

    ensure_staff(agencies)
    call_command("seed_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    return found.group(1) if found else None


def test_header_names_the_host_government_and_footer_shows_the_filings(client, site, agencies):
    html = client.get("/").content.decode()
    assert '<span class="brand-site">太仓市人民政府</span>' in html
    assert "主办单位：太仓市人民政府办公室" in html
    assert "网站标识码：3205850099" in html
    assert "苏ICP备12345678号" in html and "https://beian.miit.gov.cn/" in html
    assert "code=32058502000001" in html
    assert f'href="{reverse("portal:contact")}"' in html
    assert f'href="{reverse("portal:sitemap")}"' in html


def test_filing_numbers_that_are_not_set_are_not_shown(client, settings, agencies):
    settings.GONGKAI_SITE_ID_CODE = settings.GONGKAI_SITE_ICP = settings.GONGKAI_SITE_PSB = ""
    html = client.get("/").content.decode()
    assert "网站标识码" not in html
    assert "ICP" not in html
    assert "公网安备" not in html
    assert meta(html, "SiteIDCode") is None


def test_every_column_is_a_real_page_marked_in_the_bar(client, site, catalogue):
    for column in COLUMNS:
        response = client.get(column.url)
        assert response.status_code == 200, column.key
        html = response.content.decode()
        assert f'<a href="{column.url}" aria-current="page">{column.label}</a>' in html
        assert meta(html, "ColumnName") == str(column.label)
        assert meta(html, "ColumnType") == str(column.kind)
        assert meta(html, "SiteName") == "太仓市人民政府"
        assert meta(html, "SiteIDCode") == "3205850099"


def test_the_bar_has_the_columns_the_issue_lists():
    labels = [str(c.label) for c in COLUMNS]
    assert labels == [
        "公开指南", "公开制度", "法定主动公开内容", "公开目录", "政策文件", "政策解读",
        "政府公报", "失效文件清单", "公开年报", "依申请公开",
    ]  # fmt: skip


def test_item_page_meta_comes_from_the_item(client, site, catalogue):
    plan = Item.objects.published().get(doc_no="太政办〔2019〕112号")
    html = client.get(reverse("gk:item", args=[plan.pk])).content.decode()
    assert meta(html, "ArticleTitle") == plan.title
    assert meta(html, "PubDate") == "2019-08-20 " + meta(html, "PubDate")[11:]
    assert meta(html, "ContentSource") == plan.publisher
    assert meta(html, "Description") == plan.summary
    assert meta(html, "ColumnName") == "公开目录"  # a work plan (L-03) sits in the catalogue
    assert meta(html, "SiteName") == "太仓市人民政府"


def test_a_policy_document_sits_in_the_policy_column(client, site, catalogue):
    policy = Item.objects.published().filter(category="20-01").first()
    html = client.get(reverse("gk:item", args=[policy.pk])).content.decode()
    assert meta(html, "ColumnName") == "政策文件"
    assert f'<a href="{reverse("gk:policies")}" aria-current="page">' in html


def test_statutory_column_lists_the_fifteen_categories_of_article_20(client, catalogue):
    html = client.get(reverse("gk:statutory")).content.decode()
    assert html.count('class="card statutory-group"') == 15
    assert "（1）</span>行政法规、规章和规范性文件" in html
    assert "（15）</span>" in html
    assert "太仓市人民政府办公室关于印发太仓市行政规范性文件管理办法的通知" in html


def test_rules_column_shows_the_disclosure_rules_and_only_them(client, catalogue):
    html = client.get(reverse("gk:rules")).content.decode()
    assert "太仓市人民政府办公室政府信息公开发布审查制度" in html
    assert "太仓市行政事业性收费项目目录" not in html
    assert 'id="f-category"' not in html  # the column fixes the category


def test_policy_column_filters_within_policies(client, catalogue):
    response = client.get(reverse("gk:policies"), {"category": "20-08"})
    html = response.content.decode()
    assert "行政规范性文件管理办法" in html
    assert "行政事业性收费项目目录" not in html


def test_html_sitemap_links_every_column(client, catalogue):
    html = client.get(reverse("portal:sitemap")).content.decode()
    for column in COLUMNS:
        assert f'href="{column.url}"' in html
    assert 'href="/sitemap.xml"' in html


def test_contact_page_lists_the_disclosure_offices(client, site, agencies):
    html = client.get(reverse("portal:contact")).content.decode()
    assert "太仓市人民政府办公室" in html
    assert "办公地址" in html


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for path in ("/office/", "/api/", "/track/", "/accounts/"):
        assert f"Disallow: {path}" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("gongkai/favicon.ico")


def test_404_page_is_chinese_and_in_the_portal_look(site, agencies):
    client = Client(raise_request_exception=False)
    response = client.get("/gk/items/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    assert "主办单位：太仓市人民政府办公室" in html
    assert 'class="gk-columns"' in html
    assert f'href="{reverse("gk:annual_index")}"' in html


def test_500_page_is_chinese_and_in_the_portal_look(site, rf):
    from gongkai.core.errors import server_error

    response = server_error(rf.get("/gk/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in html
    assert "太仓市人民政府" in html and "网站标识码：3205850099" in html
