"""Every form control on office and portal pages has a label (issue 9, m20: unlabeled selects)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("select", "textarea") or (
            tag == "input" and a.get("type", "text") not in UNLABELLED_TYPES
        ):
            a["_tag"] = tag
            a["_wrapped"] = "1" if self.label_depth else ""
            self.controls.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.label_depth:
            self.label_depth -= 1


def unlabelled(html: str) -> list[str]:
    parser = Controls()
    parser.feed(html)
    return [
        f"{c['_tag']} name={c.get('name')}"
        for c in parser.controls
        if not (
            c["_wrapped"]
            or c.get("aria-label")
            or c.get("aria-labelledby")
            or c.get("title")
            or (c.get("id") and c["id"] in parser.label_for)
        )
    ]


OFFICE = [
    ("office:home", []),
    ("office:queue", []),
    ("office:dashboard", []),
    ("office:register", []),
    ("calendar:index", []),
    ("catalog_office:list", []),
    ("jobs:index", []),
]


@pytest.mark.parametrize("name,args", OFFICE)
def test_office_pages_label_every_control(client, clerk, received_case, name, args):
    client.force_login(clerk)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert unlabelled(response.content.decode()) == []


def test_the_case_page_labels_every_control(client, clerk, received_case):
    client.force_login(clerk)
    html = client.get(reverse("office:case", args=[received_case.pk])).content.decode()
    assert unlabelled(html) == []


def test_supervisor_pages_label_every_control(client, supervisor, received_case):
    client.force_login(supervisor)
    for name in ("office:dashboard", "reports:index", "office:queue"):
        assert unlabelled(client.get(reverse(name)).content.decode()) == [], name


def test_portal_pages_label_every_control(client, agencies):
    for url in (reverse("portal:home"), reverse("portal:track"), "/apply/TCBGS/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert unlabelled(response.content.decode()) == [], url
