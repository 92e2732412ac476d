"""作废 a letter without a replacement (services.void_letter): who may, what is refused,
and what stays — the letter, its 文号 (never reused), the event and the audit record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import services
from gongkai.applications.letters import register as reg
from gongkai.applications.models import CaseEvent, EventKind, Letter, LetterCounter
from gongkai.core.models import AuditEvent

RECEIVED = dt.date(2025, 9, 26)
REASON = "误向申请人出具，实际未收到该申请"

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(new_case, clerk):
    app = new_case()
    return services.issue_letter(clerk, app, "receipt", RECEIVED)


def _untouched(letter: Letter) -> None:
    letter.refresh_from_db()
    assert not letter.voided and letter.void_reason == ""
    assert not CaseEvent.objects.filter(kind=EventKind.LETTER_VOIDED).exists()
    assert not AuditEvent.objects.filter(action="letter.voided").exists()


@pytest.mark.parametrize("who", ["supervisor", "admin_user", "other_clerk"])
def test_only_staff_handling_the_case_may_void(receipt, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.void_letter(receipt, user, REASON)
    _untouched(receipt)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_void_without_a_reason_is_refused(receipt, clerk, reason):
    with pytest.raises(ValidationError, match="请填写作废原因"):
        services.void_letter(receipt, clerk, reason)
    _untouched(receipt)


def test_a_reason_longer_than_the_register_keeps_is_refused(receipt, clerk):
    with pytest.raises(ValidationError, match="不能超过 500 个字"):
        services.void_letter(receipt, clerk, "理" * 501)
    _untouched(receipt)


def test_the_handler_voids_and_the_letter_is_kept_with_event_and_audit(receipt, clerk):
    voided = services.void_letter(receipt, clerk, f"  {REASON} ")
    assert voided.voided and voided.voided_by == clerk and voided.void_reason == REASON
    kept = Letter.objects.get(pk=receipt.pk)
    assert kept.voided and kept.replaced_by is None and kept.doc_number == receipt.doc_number
    event = CaseEvent.objects.get(application=receipt.application, kind=EventKind.LETTER_VOIDED)
    assert event.actor == clerk and event.data["doc_number"] == receipt.doc_number
    assert event.data["reason"] == REASON and event.data["replaced_by"] == ""
    audit = AuditEvent.objects.get(action="letter.voided")
    assert audit.actor == clerk and audit.target == receipt.doc_number
    assert audit.detail["case"] == receipt.application.number


def test_a_reviewer_of_the_agency_may_void_too(receipt, reviewer):
    assert services.void_letter(receipt, reviewer, REASON).voided


def test_a_letter_is_voided_once(receipt, clerk, reviewer):
    services.void_letter(receipt, clerk, REASON)
    with pytest.raises(ValidationError, match=r"该文书已于 .* 作废"):
        services.void_letter(receipt, reviewer, "再次作废")
    assert CaseEvent.objects.filter(kind=EventKind.LETTER_VOIDED).count() == 1
    assert Letter.objects.get(pk=receipt.pk).voided_by == clerk


def test_a_stale_copy_of_the_letter_cannot_void_it_twice(receipt, clerk, reviewer):
    stale = Letter.objects.get(pk=receipt.pk)  # read before the first void
    services.void_letter(receipt, clerk, REASON)
    with pytest.raises(ValidationError, match="已于"):
        services.void_letter(stale, reviewer, "并发作废")
    assert CaseEvent.objects.filter(kind=EventKind.LETTER_VOIDED).count() == 1


def test_the_reply_letter_is_not_voided_alone(replied, clerk):
    _app, reply = replied("disclose")
    with pytest.raises(ValidationError, match="答复告知书随审核通过的答复出具"):
        services.void_letter(reply, clerk, REASON)
    _untouched(reply)


def test_the_number_of_a_voided_letter_is_never_reused(receipt, clerk):
    app = receipt.application
    services.void_letter(receipt, clerk, REASON)
    # Nothing in force any more: a new receipt needs no reason, and takes the next number.
    again = services.issue_letter(clerk, app, "receipt", RECEIVED)
    assert receipt.doc_number.endswith("〔2025〕1号") and again.doc_number.endswith("〔2025〕2号")
    assert LetterCounter.objects.get(kind="receipt").last == 2
    assert Letter.objects.get(pk=receipt.pk).replaced_by is None  # voided on its own


def test_the_register_lists_the_voided_number_without_a_gap(receipt, clerk):
    services.void_letter(receipt, clerk, REASON)
    book = reg.letter_register(clerk, receipt.application.agency, 2025)
    (row,) = book.rows
    assert row.doc_number == receipt.doc_number and row.voided and row.void_reason == REASON
    assert row.replaced_by == "" and book.voided == 1 and book.gaps == []


def test_a_voided_letter_cannot_be_delivered(receipt, clerk):
    services.void_letter(receipt, clerk, REASON)
    with pytest.raises(ValidationError, match="尚无可送达的文书"):
        services.deliver(clerk, receipt.application, "pickup", RECEIVED, letter_id=receipt.pk)


def test_a_voided_letter_is_not_delivered_beside_a_valid_one(receipt, clerk):
    app = receipt.application
    services.issue_letter(clerk, app, "receipt", RECEIVED, reason="文号有误")
    with pytest.raises(ValidationError, match="该文书已作废，不能送达"):
        services.deliver(clerk, app, "pickup", RECEIVED, letter_id=receipt.pk)
    assert not app.deliveries.exists()
