"""The public read API of the catalogue: the published gate, search and filters, detail."""

from __future__ import annotations

import pytest
from catalogdocs import draft_fields
from django.urls import reverse


@pytest.fixture
def other_draft(agencies, clerk):
    from gongkai.catalog import services

    return services.create_draft(clerk, agencies["TCBGS"], **draft_fields(title="另一份草稿"))


def test_list_shows_only_published_items(client, published, other_draft):
    data = client.get(reverse("api:public_catalog")).json()
    assert [row["index_no"] for row in data["results"]] == [published.index_no]
    assert data["count_capped"] is False


def test_search_in_traditional_characters(client, published):
    data = client.get(reverse("api:public_catalog"), {"q": "政務公開"}).json()
    assert data["count"] == 1
    assert client.get(reverse("api:public_catalog"), {"q": "收费"}).json()["count"] == 0
    assert client.get(reverse("api:public_catalog"), {"category": "20-08"}).json()["count"] == 0


def test_detail_has_body_and_hides_drafts(client, published, other_draft):
    url = reverse("api:public_catalog_item", args=[published.pk])
    data = client.get(url).json()
    assert data["doc_no"] == "太政办〔2019〕112号" and "<p>" in data["body"]
    assert data["interpretations"] == []
    assert client.get(reverse("api:public_catalog_item", args=[other_draft.pk])).status_code == 404


def test_schema_lists_the_catalogue_endpoints(client, admin_user):
    client.force_login(admin_user)
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/public/catalog/" in schema
