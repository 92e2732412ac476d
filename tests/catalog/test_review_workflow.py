"""The review path draft → 初审 → 复核 → published, with four eyes and events."""

from __future__ import annotations

import datetime as dt

import pytest
from catalogdocs import draft_fields, make_user
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import EventKind, Item, Status, Validity
from gongkai.core.workflow import ConflictError, StepError


def test_draft_gets_index_number_and_normalised_doc_no(draft, agencies):
    year = timezone.localdate().year
    assert draft.index_no == f"{agencies['TCBGS'].code}/{year}-00001"
    assert draft.doc_no == "太政办〔2019〕112号"
    assert draft.publisher == "太仓市人民政府办公室"
    assert draft.events.get().kind == EventKind.CREATED


def test_index_numbers_count_per_agency_and_year(draft, clerk, agencies):
    second = services.create_draft(clerk, agencies["TCBGS"], **draft_fields(title="第二件"))
    assert second.index_no.endswith("-00002")


def test_credit_code_variant_is_selectable_per_agency(agencies, clerk):
    from gongkai.catalog.models import AgencySettings

    agency = agencies["TCBGS"]
    agency.credit_code = "11320585014160000K"
    agency.save()
    AgencySettings.objects.create(agency=agency, index_code="credit")
    item = services.create_draft(clerk, agency, **draft_fields())
    assert item.index_no.startswith("11320585014160000K/")


def test_body_is_sanitised(agencies, clerk):
    item = services.create_draft(
        clerk,
        agencies["TCBGS"],
        **draft_fields(body='<p onclick="x()">正文<script>alert(1)</script></p>'),
    )
    assert item.body == "<p>正文</p>"


def test_unknown_subject_is_refused(agencies, clerk):
    with pytest.raises(ValidationError) as exc:
        services.create_draft(clerk, agencies["TCBGS"], **draft_fields(subject="不存在"))
    assert "主题分类" in str(exc.value)
    assert not Item.objects.exists()


def test_full_path_publishes_and_indexes(published):
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert Item.objects.published().filter(pk=published.pk).exists()
    kinds = list(published.events.values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "first_approved", "second_approved", "published"]
    from gongkai.catalog.models import SearchDocument

    assert "政务" in SearchDocument.objects.get(item=published).tokens.split()


def test_author_cannot_do_first_review(draft, clerk, agencies):
    both = make_user("both", agencies["TCBGS"], "clerk", "reviewer")
    item = services.create_draft(both, agencies["TCBGS"], **draft_fields())
    services.submit(both, item)
    with pytest.raises(StepError, match="起草人"):
        services.first_review(both, item, approve=True)


def test_first_reviewer_cannot_do_second_review(draft, clerk, reviewer):
    services.submit(clerk, draft)
    services.first_review(reviewer, draft, approve=True)
    with pytest.raises(StepError, match="初审人"):
        services.second_review(reviewer, draft, approve=True)


def test_clerk_may_not_review(draft, clerk, agencies):
    other = make_user("clerk2", agencies["TCBGS"], "clerk")
    services.submit(clerk, draft)
    with pytest.raises(PermissionDenied):
        services.first_review(other, draft, approve=True)


def test_reject_needs_comment_and_returns_to_draft(draft, clerk, reviewer):
    services.submit(clerk, draft)
    with pytest.raises(ValidationError):
        services.first_review(reviewer, draft, approve=False, comment=" ")
    services.first_review(reviewer, draft, approve=False, comment="请补充内容概述")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.events.last().note == "请补充内容概述"


def test_stale_copy_conflicts(draft, clerk, reviewer):
    services.submit(clerk, draft)
    stale = Item.objects.get(pk=draft.pk)
    services.first_review(reviewer, draft, approve=False, comment="退回")
    with pytest.raises((ConflictError, StepError)):
        services.first_review(reviewer, stale, approve=True)


def test_scheduled_publication_is_hidden_until_its_time(approved, chief, time_machine):
    later = timezone.now() + dt.timedelta(days=2)
    services.publish(chief, approved, at=later)
    assert approved.status == Status.PUBLISHED
    assert not Item.objects.published().exists()
    assert approved.events.last().kind == EventKind.SCHEDULED
    time_machine.move_to(later + dt.timedelta(minutes=1))
    assert Item.objects.published().get() == approved


def test_withdraw_removes_from_portal_and_index(published, chief):
    from gongkai.catalog.models import SearchDocument

    with pytest.raises(ValidationError):
        services.withdraw(chief, published, "")
    services.withdraw(chief, published, "内容有误")
    assert not Item.objects.published().exists()
    assert not SearchDocument.objects.exists()


def test_mark_repealed_keeps_item_public(published, chief):
    services.mark_invalid(
        chief, published, Validity.REPEALED, dt.date(2021, 1, 1), "被太政办〔2020〕1号废止"
    )
    published.refresh_from_db()
    assert published.validity == Validity.REPEALED
    assert Item.objects.published().filter(pk=published.pk).exists()
    with pytest.raises(StepError):
        services.mark_invalid(chief, published, Validity.EXPIRED, dt.date(2021, 1, 2), "再次")


def test_interpretation_is_published_with_its_policy(agencies, clerk, reviewer, chief):
    policy = services.create_draft(clerk, agencies["TCBGS"], **draft_fields(category="20-01"))
    reading = services.create_draft(
        clerk,
        agencies["TCBGS"],
        **draft_fields(title="《工作要点》政策解读", category="L-01", doc_no=""),
    )
    services.link_interpretation(clerk, reading, policy)
    for item in (policy, reading):
        services.submit(clerk, item)
        services.first_review(reviewer, item, approve=True)
        services.second_review(chief, item, approve=True)
    with pytest.raises(StepError, match="同步发布"):
        services.publish(chief, reading)
    services.publish(chief, policy)
    reading.refresh_from_db()
    assert reading.status == Status.PUBLISHED
    assert list(policy.interpretations.values_list("item", flat=True)) == [reading.pk]
