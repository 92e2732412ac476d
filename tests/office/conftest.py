"""Back-office fixtures: a clean cache (login throttles) and a case in every state.

Every case belongs to 太仓市人民政府办公室 (TCBGS), registered by `clerk` on
2025-09-26 (`received_case`), and is moved on with the real services.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _clean_cache(db):
    """Login throttles live in the shared cache: start every test at zero."""
    from django.core.cache import cache

    from gongkai.core import workcalendar

    cache.clear()
    workcalendar.invalidate()
    yield
    cache.clear()


@pytest.fixture
def submitted_case(agencies, applicant_data, reviewer):
    """Submitted on the portal today, receipt not yet confirmed."""
    from gongkai.applications import services

    app, _code = services.submit_online(agencies["TCBGS"], applicant_data, "192.0.2.1")
    return app


@pytest.fixture
def correction_case(received_case, clerk):
    from gongkai.applications import services

    services.request_correction(clerk, received_case, "请写明所需文件的文号", D(2025, 9, 28))
    received_case.refresh_from_db()
    return received_case


@pytest.fixture
def consulting_case(received_case, clerk):
    from gongkai.applications import services

    services.start_consultation(
        clerk, received_case, "third_party", "太仓某建设有限公司", D(2025, 10, 9)
    )
    received_case.refresh_from_db()
    return received_case


@pytest.fixture
def extension_case(received_case, clerk, reviewer):
    from gongkai.applications import services

    # Asked during the reply period, so a reviewer may date the approval from 2025-10-09.
    with time_machine.travel(dt.datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI)):
        services.request_extension(clerk, received_case, 15, "需要调取档案室存档材料")
    received_case.refresh_from_db()
    return received_case


@pytest.fixture
def fee_case(received_case, clerk):
    from gongkai.applications import services

    services.issue_fee_notice(
        clerk, received_case, "per_page", D(2025, 10, 9), D(2025, 10, 10), pages=40
    )
    received_case.refresh_from_db()
    return received_case


@pytest.fixture
def review_case(received_case, clerk, reviewer):
    from gongkai.applications import services

    services.propose_decision(clerk, received_case, "disclose", provided_form="electronic")
    received_case.refresh_from_db()
    return received_case


@pytest.fixture
def replied_case(review_case, reviewer):
    from gongkai.applications import services

    services.approve_decision(reviewer, review_case, D(2025, 10, 20))
    review_case.refresh_from_db()
    return review_case


@pytest.fixture
def appealed_case(replied_case, clerk):
    from gongkai.applications import services

    services.record_appeal(clerk, replied_case, "review", "太仓市人民政府", D(2025, 11, 3))
    replied_case.refresh_from_db()
    return replied_case


# A PNG that passes the byte sniffing (8-byte signature + a little payload).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def png_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("身份证.png", PNG, content_type="image/png")


@pytest.fixture
def attachment(received_case, clerk, png_upload):
    from gongkai.applications.attachments import save_attachment

    return save_attachment(clerk, received_case, "identity", png_upload)


@pytest.fixture
def as_user_client():
    """as_user_client(user) → an API client signed in as that user."""
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return make
