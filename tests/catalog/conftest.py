"""Catalogue cast and items: clerk drafts, reviewer does 初审, chief (a second reviewer of
太仓市人民政府办公室) does 复核; other_clerk is a sideways agency's clerk."""

from __future__ import annotations

import pytest
from catalogdocs import draft_fields, make_user


@pytest.fixture
def chief(agencies):
    return make_user("chief", agencies["TCBGS"], "reviewer")


@pytest.fixture
def draft(agencies, clerk):
    from gongkai.catalog import services

    return services.create_draft(clerk, agencies["TCBGS"], **draft_fields())


@pytest.fixture
def approved(draft, clerk, reviewer, chief):
    from gongkai.catalog import services

    services.submit(clerk, draft)
    services.first_review(reviewer, draft, approve=True)
    services.second_review(chief, draft, approve=True)
    return draft


@pytest.fixture
def published(approved, chief):
    from gongkai.catalog import services

    services.publish(chief, approved)
    return approved
