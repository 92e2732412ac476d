"""Benchmark: the staff Excel export, per row, today's writer vs the two before it.

    .venv/bin/python bench/export.py [--rows 20000] [--repeat 5]

Builds N cases in memory (no database: the query is measured by the scale
benchmark) with a mix of statuses, decisions and applicant types, then times, in
CPU seconds of this process (the machine is shared), interleaved run by run:

- `old_cases_xlsx` below, the writer before issue 9 (the recorded 322 µs/row
  baseline): a normal-mode workbook, `get_*_display()` per cell, a wrapped
  alignment per description cell;
- `write_only_cases_xlsx` below, the first step: openpyxl's write-only mode,
  labels translated once, formula-safe cells;
- `applications.exports.cases_xlsx`, today: core.spreadsheet's streamed writer.

All three workbooks are read back and must hold the same values; exit status 1
otherwise. Prints µs per row (best and median of --repeat) and the ratios. The
cases are in statuses whose reply clock cannot pause (a paused clock is read from
the database, which this mode has none of).

    DATABASE_URL=postgres://…/gk_scale .venv/bin/python bench/export.py --end-to-end

End to end instead, on the dataset of `bench/scale.py build`: the root
supervisor's export of the overdue tab and of the first 20,000 of all cases,
through the view (query, masking, workbook) with Django's test client in this
process, timed in wall-clock seconds to the last byte, with the query count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("DEBUG", "1")  # no SECRET_KEY needed: nothing is signed

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

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
from gongkai.core.spreadsheet import xlsx_row  # noqa: E402


def make_cases(n: int, seed: int) -> list[tuple[Application, str, str]]:
    rnd = random.Random(seed)
    agencies = [
        Agency(name=f"太仓市第{i}局", code=f"TC{i:02d}", path=f"0001{i:04d}") for i in range(20)
    ]
    statuses = [s for s in Status if s not in exports._PAUSABLE]
    rows = []
    for i in range(n):
        status = rnd.choice(statuses)
        app = Application(
            agency=agencies[i % 20], year=2026, seq=i + 1, status=status,
            channel=rnd.choice(list(Channel)), applicant_type=rnd.choice(list(ApplicantType)),
            applicant_name="王秀英", phone="138****1234", receipt_date=dt.date(2026, 3, 2),
            due_on=dt.date(2026, 3, 30), due_state=rnd.choice(list(DueState)),
            decision=rnd.choice(list(Decision)) if status == Status.CLOSED else "",
            concluded_on=dt.date(2026, 3, 20) if status == Status.CLOSED else None,
            description="请公开太仓市2025年度城市道路建设项目的立项批复文件及资金安排。" * 2,
            pk=i + 1,
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


def write_only_cases_xlsx(rows: list[tuple[Application, str, str]]) -> bytes:
    """The first step of issue 9 (118 µs/row recorded): openpyxl's write-only mode."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("依申请公开案件")
    for i, (_label, width) in enumerate(exports.COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    font, fill = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    header = []
    for label, _width in exports.COLUMNS:
        cell = WriteOnlyCell(ws, str(label))
        cell.font, cell.fill = font, fill
        header.append(cell)
    ws.append(header)
    labels = exports._labels()
    for app, name, phone in rows:
        row = [
            app.number, app.agency.name, name,
            labels["applicant_type"].get(app.applicant_type, app.applicant_type), phone,
            labels["channel"].get(app.channel, app.channel), app.receipt_date, app.due_on,
            labels["due_state"].get(app.due_state, app.due_state) if app.is_open else "",
            labels["status"].get(app.status, app.status),
            labels["decision"].get(app.decision, app.decision), app.concluded_on, app.description,
        ]  # fmt: skip
        ws.append(xlsx_row(ws, row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def as_tuples(rows: list[tuple[Application, str, str]]) -> list[tuple[exports.Case, str, str]]:
    """The cases as the view reads them today: `values_list(*exports.FIELDS)` tuples."""
    out = []
    for app, name, phone in rows:
        values = []
        for field in exports.FIELDS:
            obj: object = app
            for part in field.split("__"):
                obj = getattr(obj, part)
            values.append(obj)
        out.append((exports.Case._make(values), name, phone))
    return out


def streamed_cases_xlsx(rows: list[tuple[exports.Case, str, str]]) -> bytes:
    """Today's writer; the view streams the chunks, here they are joined."""
    return b"".join(exports.cases_xlsx(rows))


WRITERS = [
    ("before (normal workbook, get_*_display per cell)", old_cases_xlsx),
    ("openpyxl write-only, labels once, formula-safe", write_only_cases_xlsx),
    ("now: core.spreadsheet streamed XLSX (inline strings)", streamed_cases_xlsx),
]


def end_to_end(repeat: int) -> int:
    """The view itself on the scale dataset: query, masking and workbook, to the last byte."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.applications.views import EXPORT_LIMIT

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_root"))
    print(f"machine: {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"{connection.vendor}; load average at start {os.getloadavg()[0]:.2f}")  # fmt: skip
    print("| export | rows | queries | wall s, each run | ms per row, best – worst |")
    print("|---|---:|---:|---|---|")
    for tab in ("overdue", "all"):
        runs, rows, queries = [], 0, 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get("/office/queue/export.xlsx", {"tab": tab})
                body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
                runs.append(time.perf_counter() - start)
            queries = len(captured.captured_queries)
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        rows = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
        assert rows <= EXPORT_LIMIT
        each = " / ".join(f"{t:.2f}" for t in runs)
        print(f"| {tab} | {rows:,} | {queries} | {each} | "
              f"{min(runs) / rows * 1e3:.3f} – {max(runs) / rows * 1e3:.3f} |")  # fmt: skip
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    return 0


def timed(fn, rows) -> tuple[float, bytes]:
    start = time.process_time()
    body = fn(rows)
    return time.process_time() - start, body


def values(body: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--end-to-end", action="store_true", help="the view on the bench/scale.py dataset"
    )
    args = parser.parse_args()
    translation.activate("zh-hans")
    if args.end_to_end:
        return end_to_end(args.repeat)
    made = make_cases(args.rows, seed=9)
    print(f"machine: {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"load average at start {os.getloadavg()[0]:.2f}")  # fmt: skip
    tuples = as_tuples(made)
    times: dict[str, list[float]] = {name: [] for name, _fn in WRITERS}
    bodies: dict[str, bytes] = {}
    for _ in range(args.repeat):  # interleaved, so a burst of load hits every writer alike
        for name, fn in WRITERS:
            seconds, bodies[name] = timed(fn, tuples if fn is streamed_cases_xlsx else made)
            times[name].append(seconds)
    readback = [values(body) for body in bodies.values()]
    same = all(r == readback[0] for r in readback)
    print(f"rows: {args.rows:,}; CPU seconds over {args.repeat} runs; load average at end "
          f"{os.getloadavg()[0]:.2f}")  # fmt: skip
    print(
        "| writer | best (s) | median (s) | per row, best (µs) | per row, median (µs) | size (KB) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, _fn in WRITERS:
        best, median = min(times[name]), statistics.median(times[name])
        print(f"| {name} | {best:.2f} | {median:.2f} | {best / args.rows * 1e6:.0f} | "
              f"{median / args.rows * 1e6:.0f} | {len(bodies[name]) / 1024:.0f} |")  # fmt: skip
    before, write_only, now = (min(times[name]) for name, _fn in WRITERS)
    print(f"speed-up (best): {before / now:.1f}× vs before, {write_only / now:.1f}× vs openpyxl "
          f"write-only; vs the recorded 322 µs/row: {322 / (now / args.rows * 1e6):.1f}×")  # fmt: skip
    print(f"same cell values in all three: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
