"""The API docs are linked from the site and list only what exists (issue 9, m18)."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, resolve, reverse

SAMPLE = {"id": "1", "letter_id": "2", "fmt": "pdf"}


def test_every_path_in_the_schema_resolves():
    from gongkai.api.docs import schema

    paths = list(schema()["paths"])
    assert paths
    for path in paths:
        concrete = re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], path)
        try:
            resolve(concrete)
        except Resolver404:
            pytest.fail(f"{path} is documented but does not exist")


def test_the_description_promises_no_report_endpoints():
    from gongkai.api.docs import schema

    doc = schema()
    if not any("report" in p for p in doc["paths"]):
        assert "年度报告" not in doc["info"]["description"]


def test_the_portal_footer_links_the_docs(client, agencies):
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("api:docs")}"' in html


def test_the_office_links_the_docs(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("office:home")).content.decode()
    assert f'href="{reverse("api:docs")}"' in html
