"""50 applications submitted at the same moment get 50 distinct, consecutive
numbers and none is lost — on whichever database DATABASE_URL names (the suite
runs on SQLite and on PostgreSQL in CI)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from gongkai.applications import services
from gongkai.applications.models import Application

N = 50


def _submit_all(agency, applicant_data, n: int) -> tuple[list[str], list[BaseException]]:
    barrier = threading.Barrier(n)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def submit(i: int) -> None:
        try:
            data = {**applicant_data, "description": f"第{i + 1}件：太仓市2025年财政预算执行情况"}
            barrier.wait(timeout=30)
            app, _code = services.submit_online(agency, data, ip="127.0.0.1")
            with lock:
                numbers.append(app.number)
        except BaseException as exc:  # collected and re-raised by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection; give it back

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return numbers, errors


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_get_fifty_consecutive_numbers(agencies, applicant_data):
    numbers, errors = _submit_all(agencies["TCBGS"], applicant_data, N)

    assert errors == []
    assert len(numbers) == N
    assert len(set(numbers)) == N
    stored = Application.objects.filter(agency=agencies["TCBGS"])
    assert stored.count() == N
    assert sorted(stored.values_list("seq", flat=True)) == list(range(1, N + 1))
    assert {a.number for a in stored} == set(numbers)
    assert len(set(stored.values_list("tracking_hash", flat=True))) == N


@pytest.mark.django_db(transaction=True)
def test_numbering_is_per_agency_even_when_agencies_submit_together(agencies, applicant_data):
    half = N // 2
    results: dict[str, list[str]] = {}

    def run(code: str) -> None:
        results[code], errs = _submit_all(agencies[code], applicant_data, half)
        assert errs == []

    runners = [threading.Thread(target=run, args=(c,)) for c in ("TCBGS", "CS")]
    for r in runners:
        r.start()
    for r in runners:
        r.join(timeout=180)

    for code in ("TCBGS", "CS"):
        seqs = Application.objects.filter(agency=agencies[code]).values_list("seq", flat=True)
        assert sorted(seqs) == list(range(1, half + 1))
        assert len(results[code]) == half
