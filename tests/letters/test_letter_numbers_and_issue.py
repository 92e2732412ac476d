"""文书 numbers (per agency, year and kind; unique and gapless) and issuing a letter:
who may, what is stored, what is recorded."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from gongkai.applications import services
from gongkai.applications.letters.build import LetterError, build_letter
from gongkai.applications.letters.issue import issue_letter
from gongkai.applications.models import EventKind, Letter, LetterCounter

DAY = dt.date(2025, 9, 26)


def test_numbers_run_per_agency_year_and_kind(agencies, clerk, new_case, issue, applicant_data):
    a, b = new_case(), new_case()
    assert issue(a, "receipt", on=DAY).doc_number == "太仓市政府办依申受〔2025〕1号"
    assert issue(b, "receipt", on=DAY).doc_number == "太仓市政府办依申受〔2025〕2号"
    services.request_correction(clerk, a, "请写明文号", dt.date(2025, 9, 28))
    assert issue(a, "correction", on=DAY).doc_number == "太仓市政府办依申补〔2025〕1号"
    assert issue(a, "receipt", on=dt.date(2026, 1, 5)).doc_number == "太仓市政府办依申受〔2026〕1号"


def test_another_agency_has_its_own_series_under_its_short_name(
    agencies, new_case, issue, applicant_data
):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    # a clerk of 太仓港经济技术开发区管委会 registers and issues there

    gq_clerk = get_user_model().objects.create_user("gqclerk", password="pw-for-tests-1")
    Membership.objects.create(user=gq_clerk, agency=agencies["TCGQ"], role="clerk")
    app, _code = services.register(
        gq_clerk,
        agencies["TCGQ"],
        {**applicant_data, "description": "港区2025年企业安全生产检查情况"},
        "in_person",
        DAY,
    )
    letter = issue_letter(gq_clerk, app, "receipt", issued_on=DAY)
    assert letter.doc_number == "太仓港区管委会依申受〔2025〕1号"
    issue(new_case(), "receipt", on=DAY)
    assert LetterCounter.objects.get(agency=agencies["TCBGS"], kind="receipt").last == 1


def test_an_agency_without_a_short_name_uses_its_full_name(agencies, new_case, issue):
    agencies["TCBGS"].short_name = ""
    agencies["TCBGS"].save()
    app = new_case()
    assert issue(app, "receipt", on=DAY).doc_number == "太仓市人民政府办公室依申受〔2025〕1号"


def test_a_rolled_back_issue_gives_its_number_back(new_case, issue):
    app = new_case()
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(app, "receipt", on=DAY)
        raise RuntimeError("the archive write failed")
    assert not Letter.objects.exists()
    assert issue(app, "receipt", on=DAY).doc_number.endswith("〔2025〕1号")


def test_a_refused_letter_takes_no_number(new_case, issue):
    app = new_case()
    with pytest.raises(LetterError):
        issue(app, "fee", on=DAY)  # no fee notice yet
    assert not LetterCounter.objects.filter(kind="fee").exists()
    assert issue(app, "receipt", on=DAY).doc_number.endswith("〔2025〕1号")


def test_a_preview_shows_a_placeholder_number_and_takes_none(new_case):
    content = build_letter(new_case(), "receipt", DAY, preview=True)
    assert content.doc_number == "太仓市政府办依申受〔2025〕〔待编号〕"
    assert not LetterCounter.objects.exists()


def test_an_unknown_letter_kind_is_refused(new_case, issue):
    with pytest.raises(LetterError, match="未知的文书类型"):
        issue(new_case(), "memo")


@pytest.mark.django_db(transaction=True)
def test_letters_issued_at_the_same_moment_get_distinct_consecutive_numbers(
    agencies, clerk, applicant_data
):
    n = 8
    cases = [
        services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", DAY)[0]
        for _ in range(n)
    ]
    barrier = threading.Barrier(n)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(app) -> None:
        try:
            barrier.wait(timeout=30)
            letter = issue_letter(clerk, app, "receipt", issued_on=DAY)
            with lock:
                numbers.append(letter.doc_number)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(app,)) for app in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert errors == []
    assert sorted(numbers) == sorted(f"太仓市政府办依申受〔2025〕{i}号" for i in range(1, n + 1))


# -- who may issue, what is kept ------------------------------------------------


def test_anonymous_users_and_other_agencies_may_not_issue_letters(
    new_case, other_clerk, supervisor, admin_user
):
    app = new_case()
    for user in (AnonymousUser(), other_clerk, supervisor, admin_user):
        with pytest.raises(PermissionDenied):
            issue_letter(user, app, "receipt", issued_on=DAY)
    assert not Letter.objects.exists() and not LetterCounter.objects.exists()


def test_an_issued_letter_is_archived_as_docx_and_pdf_and_recorded(new_case, clerk, issue):
    app = new_case()
    letter = issue(app, "receipt", on=DAY)
    assert bytes(letter.docx)[:2] == b"PK" and bytes(letter.pdf)[:5] == b"%PDF-"
    assert (letter.title, letter.issued_on, letter.created_by) == (
        "政府信息公开申请受理回执",
        DAY,
        clerk,
    )
    event = app.events.get(kind=EventKind.LETTER_ISSUED)
    assert event.actor == clerk
    assert event.data == {
        "letter": "政府信息公开申请受理回执",
        "letter_id": letter.pk,
        "doc_number": letter.doc_number,
    }


def test_approving_a_decision_issues_the_reply_letter_under_the_reviewers_name(replied, reviewer):
    app, letter = replied("not_exist")
    assert letter.created_by == reviewer
    assert letter.issued_on == app.concluded_on
    assert app.events.filter(kind=EventKind.LETTER_ISSUED).count() == 1
