"""政府公报: an issue's PDF and its contents, published by a reviewer, listed on the portal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.catalog import gazette
from gongkai.catalog.models import GazetteIssue

PDF = b"%PDF-1.4\n% gazette\n"


def test_issue_lists_contents_and_downloads(client, published, chief, agencies):
    issue = gazette.publish_issue(
        chief, agencies["TCBGS"], 2019, 9, dt.date(2019, 9, 30), PDF, [published]
    )
    page = client.get(reverse("gk:gazette_issue", args=[issue.pk])).content.decode()
    assert published.title in page and "2019年第9期" in page
    response = client.get(reverse("gk:gazette_pdf", args=[issue.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert "2019年第9期" in client.get(reverse("gk:gazette_index"), {"year": 2019}).content.decode()


def test_bad_issues_are_refused(published, chief, clerk, agencies, draft):
    with pytest.raises(PermissionDenied):
        gazette.publish_issue(clerk, agencies["TCBGS"], 2019, 1, dt.date(2019, 1, 1), PDF, [])
    with pytest.raises(ValidationError):
        gazette.publish_issue(chief, agencies["TCBGS"], 2019, 1, dt.date(2019, 1, 1), b"xx", [])
    gazette.publish_issue(chief, agencies["TCBGS"], 2019, 1, dt.date(2019, 1, 1), PDF, [])
    with pytest.raises(ValidationError):
        gazette.publish_issue(chief, agencies["TCBGS"], 2019, 1, dt.date(2019, 1, 2), PDF, [])
    assert GazetteIssue.objects.count() == 1


def test_unpublished_item_cannot_be_listed(agencies, chief, clerk):
    from catalogdocs import draft_fields

    from gongkai.catalog import services

    item = services.create_draft(clerk, agencies["TCBGS"], **draft_fields())
    with pytest.raises(ValidationError):
        gazette.publish_issue(chief, agencies["TCBGS"], 2019, 2, dt.date(2019, 2, 1), PDF, [item])


def test_office_form_publishes_an_issue(client, published, chief, agencies):
    client.force_login(chief)
    url = reverse("catalog_office:gazette_new", args=[agencies["TCBGS"].pk])
    data = {"year": 2019, "number": 3, "published_on": "2019-03-31", "contents": [published.pk],
            "pdf": SimpleUploadedFile("gb.pdf", PDF)}  # fmt: skip
    response = client.post(url, data)
    issue = GazetteIssue.objects.get()
    assert response.status_code == 302 and list(issue.contents.all()) == [published]
