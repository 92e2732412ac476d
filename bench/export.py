"""Benchmark: the staff Excel export, per row, today's writer vs the old one.

    .venv/bin/python bench/export.py [--rows 20000] [--repeat 3]

Builds N cases in memory (no database: the query is measured by the scale
benchmark) with a mix of statuses, decisions and applicant types, then times
`applications.exports.cases_xlsx` against `old_cases_xlsx` below, the writer
before issue 9: a normal-mode workbook, `get_*_display()` per cell, a wrapped
alignment per description cell. Both workbooks are read back and must hold the
same values; exit status 1 otherwise. Prints µs per row (best of --repeat).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("DEBUG", "1")  # no SECRET_KEY needed: nothing is signed

import django

django.setup()

from django.utils import translation  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402

from gongkai.agencies.models import Agency  # noqa: E402
from gongkai.applications import exports  # noqa: E402
from gongkai.applications.decisions import Decision  # noqa: E402
from gongkai.applications.models import (  # noqa: E402
    ApplicantType,
    Application,
    Channel,
    DueState,
    Status,
)


def make_cases(n: int, seed: int) -> list[tuple[Application, str, str]]:
    rnd = random.Random(seed)
    agencies = [Agency(name=f"太仓市第{i}局", code=f"TC{i:02d}") for i in range(20)]
    rows = []
    for i in range(n):
        status = rnd.choice(list(Status))
        app = Application(
            agency=agencies[i % 20], year=2026, seq=i + 1, status=status,
            channel=rnd.choice(list(Channel)), applicant_type=rnd.choice(list(ApplicantType)),
            applicant_name="王秀英", phone="138****1234", receipt_date=dt.date(2026, 3, 2),
            due_on=dt.date(2026, 3, 30), due_state=rnd.choice(list(DueState)),
            decision=rnd.choice(list(Decision)) if status == Status.CLOSED else "",
            concluded_on=dt.date(2026, 3, 20) if status == Status.CLOSED else None,
            description="请公开太仓市2025年度城市道路建设项目的立项批复文件及资金安排。" * 2,
        )  # fmt: skip
        rows.append((app, "王*英", "138****1234"))
    return rows


def old_cases_xlsx(rows: list[tuple[Application, str, str]]) -> bytes:
    """The writer before issue 9, kept here as the baseline."""
    wb = Workbook()
    ws = wb.active
    ws.append([str(label) for label, _w in exports.COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    for app, name, phone in rows:
        ws.append([
            app.number, app.agency.name, name, app.get_applicant_type_display(), phone,
            app.get_channel_display(), app.receipt_date, app.due_on,
            app.get_due_state_display() if app.is_open else "", app.get_status_display(),
            app.get_decision_display() if app.decision else "", app.concluded_on, app.description,
        ])  # fmt: skip
    for row in ws.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def best_of(fn, rows, repeat: int) -> tuple[float, bytes]:
    best, body = float("inf"), b""
    for _ in range(repeat):
        start = time.process_time()
        body = fn(rows)
        best = min(best, time.process_time() - start)
    return best, body


def values(body: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    translation.activate("zh-hans")
    rows = make_cases(args.rows, seed=9)
    print(f"machine: {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"load average at start {os.getloadavg()[0]:.2f}")  # fmt: skip
    old_s, old_body = best_of(old_cases_xlsx, rows, args.repeat)
    new_s, new_body = best_of(exports.cases_xlsx, rows, args.repeat)
    same = values(old_body) == values(new_body)
    print(f"rows: {args.rows:,}; CPU seconds, best of {args.repeat}")
    print("| writer | total (s) | per row (µs) |\n|---|---:|---:|")
    print(
        f"| before (normal workbook, get_*_display per cell) | {old_s:.2f} | {old_s / args.rows * 1e6:.0f} |"
    )
    print(
        f"| now (write-only, labels once, formula-safe) | {new_s:.2f} | {new_s / args.rows * 1e6:.0f} |"
    )
    print(f"speed-up: {old_s / new_s:.1f}×; same cell values: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
