"""Helpers shared by the catalogue tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import datetime as dt

WRITTEN = dt.date(2019, 8, 16)
BODY = "<p>经市政府第32次常务会议讨论通过，现将《太仓市2019年政务公开工作要点》印发给你们。</p>"


def make_user(username, agency, *roles):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    user = get_user_model().objects.create_user(
        username, f"{username}@example.gov.cn", "pw-for-tests-1"
    )
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def draft_fields(**extra):
    fields = {
        "title": "市政府办公室关于印发《太仓市2019年政务公开工作要点》的通知",
        "doc_no": "太政办[2019]112号",
        "written_on": WRITTEN,
        "category": "L-03",
        "subject": "综合政务\\政务公开",
        "genre": "通知",
        "keywords": "政务公开 工作要点",
        "summary": "印发太仓市2019年政务公开工作要点。",
        "body": BODY,
    }
    fields.update(extra)
    return fields
