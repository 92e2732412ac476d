"""Portal fixtures: cases the applicant can track.

The shared cache (throttle counts) and the calendar cache are emptied around every test by
the autouse fixtures of tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def apply_form(applicant_data):
    """What a browser posts for a valid natural-person application."""
    return {**applicant_data, "declaration": "on"}


@pytest.fixture
def online_case(agencies, applicant_data):
    """An application submitted on the portal: (case, secret code)."""
    from gongkai.applications import services

    return services.submit_online(agencies["TCBGS"], applicant_data, "192.0.2.10")


@pytest.fixture
def replied_letters(online_case, clerk):
    """Receipt confirmed, then a public reply letter and an internal consultation
    letter stored on the case (bytes as the letter renderer would keep them)."""
    from django.utils import timezone

    from gongkai.applications import services
    from gongkai.applications.models import Letter, LetterKind

    app, _code = online_case
    services.confirm_receipt(clerk, app, timezone.localdate())
    reply = Letter.objects.create(
        application=app,
        kind=LetterKind.REPLY,
        title="政府信息公开申请答复告知书",
        doc_number="太政办依复〔2025〕1号",
        issued_on=timezone.localdate(),
        docx=b"PK\x03\x04reply-docx",
        pdf=b"%PDF-1.7 reply",
    )
    internal = Letter.objects.create(
        application=app,
        kind=LetterKind.CONSULTATION,
        title="征求意见函",
        doc_number="太政办征〔2025〕1号",
        issued_on=timezone.localdate(),
        docx=b"PK\x03\x04consult-docx",
        pdf=b"%PDF-1.7 consult",
    )
    return reply, internal
