"""Every annual report of a synthetic province on PostgreSQL: set-based build against the loop.

    createdb -h 127.0.0.1 -U postgres gongkai_province
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_province
    DEBUG=1 python manage.py migrate
    python bench/province.py build            # 3,000 agencies, 1M cases, 2M catalogue items
    python bench/province.py measure --year 2025 --sample 100

`build` makes the province in PostgreSQL itself (INSERT … SELECT over generate_series, no
Python per row): a tree of 3,000 agencies (province → 15 cities → 12 counties each, with
their departments), 1,000,000 applications spread evenly over the agencies and the years
2019–2026 with every decision of the registry and every applicant type (some received in
December and concluded in January: carried over; some never concluded; some unconfirmed
online submissions), an appeal on one concluded case in 20, a fee on one in 40, 2,000,000
catalogue items (one in ten a 规章 or 规范性文件, 成文 2015–2026, some repealed or expired
since), and table 二 figures entered for every agency. Then ANALYZE.

`measure` times
  (a) `build_annual_reports` over all 3,000 agencies of the year (the set-based builder),
      best of `--rounds`;
  (b) the per-agency ORM loop: each agency on its own, every record of it read into Python
      and counted row by row (`loop_report` below), on `--sample` agencies spread over the
      tree, extrapolated to all 3,000 (stated as such);
  (c) `build_annual_report` one agency at a time (the set-based code on one agency: nine
      queries per report), on the same sample, extrapolated likewise;
and checks that every sampled agency's report is the same, cell for cell and section for
section, in (a), (b) and (c). It exits 1 if they differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
# The site's 25-s statement bound is for requests; a bulk load of 2M rows takes longer.
os.environ.setdefault("GONGKAI_DB_STATEMENT_TIMEOUT_MS", "0")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench._common import INSERT_APPLICATIONS, cpu_model, fill, sql_array  # noqa: E402
from gongkai.agencies.models import Agency  # noqa: E402
from gongkai.applications.models import Appeal, AppealResult, Application, Fee  # noqa: E402
from gongkai.applications.reporting import CaseCounts, requests_table, review_table  # noqa: E402
from gongkai.applications.reportmodel import formats  # noqa: E402
from gongkai.applications.reportmodel.model import AnnualReport  # noqa: E402
from gongkai.catalog.ledger import (  # noqa: E402
    LEDGER_FIGURES,
    REGULATION_CATEGORY,
    RULE_GENRE,
    Ledger,
    LedgerRow,
)
from gongkai.catalog.models import Item, Status, Validity  # noqa: E402
from gongkai.reports.annual.build import (  # noqa: E402
    build_annual_report,
    build_annual_reports,
    report_format,
    sections,
)
from gongkai.reports.annual.figures import active_table, entered_figures, ledger_cells  # noqa: E402
from gongkai.reports.annual.models import AgencyReport  # noqa: E402
from gongkai.reports.annual.narrative import RecordFacts  # noqa: E402
from gongkai.reports.workplan.board import section_six  # noqa: E402

ROOT_CODE = "SP"

# 1 province + 14 departments; 15 cities × (1 + 18 departments + 12 counties × (1 + 14)).
AGENCIES_SQL = """
INSERT INTO agencies_agency (name, short_name, code, credit_code, level, path, office_name,
  address, postcode, office_hours, phone, fax, email, website, review_body, court,
  accepts_online, is_active, parent_id)
SELECT @name@, '', @code@, '', '@level@', '', '', '', '', '', '', '', '', '', '', '',
  true, true, p.id
FROM @parents@ AS p, generate_series(0, @n@ - 1) AS k;
UPDATE agencies_agency c SET path = p.path || c.id || '/'
FROM agencies_agency p WHERE c.parent_id = p.id AND c.path = '' AND p.path <> '';
"""

# One row per case: agency i % N, year 2019 + (i / N) % 8, number i / 8N: unique per
# (agency, year) as the constraint wants.
CASES_SQL = (
    INSERT_APPLICATIONS
    + """
SELECT y, k + 1, md5(i::text), st, 'in_person', arr, CASE WHEN st = 'submitted' THEN NULL ELSE arr END,
  (@types@)[1 + (i / 3) % 6], '申请人' || (i % 97),
  '', '', '', '', '', '13800000000', '', '', '', '基准申请 ' || i, '',
  'electronic', 'email', st = 'submitted', arr, arr + 28, false, '[]'::jsonb,
  'on_track', 0,
  CASE WHEN st IN ('replied', 'closed') THEN dec ELSE '' END,
  '[]'::jsonb, '', '', '', '',
  CASE WHEN st IN ('replied', 'closed') THEN arr + 5 + i % 40 END,
  arr::timestamptz, arr::timestamptz, ids[1 + i % n]
FROM (
  SELECT b.*,
    CASE WHEN i % 101 = 0 THEN 'submitted'
         WHEN i % 37 = 0 OR (y = 2026 AND i % 5 IN (1, 2)) THEN 'received'
         WHEN dec IN ('withdrawn', 'abandoned_no_correction', 'abandoned_no_fee') THEN 'closed'
         ELSE 'replied' END AS st
  FROM (
    SELECT i, a.ids, a.n, 2019 + (i / a.n) % 8 AS y, i / (8 * a.n) AS k,
      make_date(2019 + (i / a.n) % 8, 1, 1) + (i::bigint * 7919 % 365)::int AS arr,
      (@decisions@)[1 + (i / 7) % @ndec@] AS dec
    FROM generate_series(0, @cases@ - 1) AS i,
      (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM agencies_agency
       WHERE path LIKE '@root@%') AS a
  ) AS b
) AS s
"""
)

APPEALS_SQL = """
INSERT INTO applications_appeal (kind, body, case_number, filed_on, result, concluded_on,
  note, after_review_id, application_id)
SELECT (ARRAY['review', 'lit_direct', 'lit_after'])[1 + (a.id / 20) % 3], '基准省人民政府', '',
  a.concluded_on + 15 + (a.id % 30)::int,
  CASE WHEN a.id % 80 = 0 THEN 'pending'
       ELSE (ARRAY['maintained', 'corrected', 'other'])[1 + (a.id / 20) % 3] END,
  CASE WHEN a.id % 80 = 0 THEN NULL ELSE a.concluded_on + 60 + (a.id % 200)::int END,
  '', NULL, a.id
FROM applications_application a
WHERE a.concluded_on IS NOT NULL AND a.id % 20 = 0
"""

FEES_SQL = """
INSERT INTO applications_fee (method, pieces_before, pieces, pages, amount, notice_on,
  notice_received_on, pay_due, paid_on, receipt_no, application_id)
SELECT 'per_piece', 10, 1, 0, 100 + a.id % 300, a.arrived_on + 3, a.arrived_on + 5,
  a.arrived_on + 25, CASE WHEN a.id % 3 = 0 THEN NULL ELSE a.arrived_on + 10 END, '', a.id
FROM applications_application a
WHERE a.receipt_date IS NOT NULL AND a.id % 40 = 0
"""

# One item in ten is in category 20-01 (规章 and 行政规范性文件), one in fifty a 规章
# (体裁 命令（令）); one in nine has expired or been repealed 200–1,100 days after it was
# written; one in 31 is withdrawn (not published: not in the ledger).
ITEMS_SQL = """
INSERT INTO catalog_item (index_no, title, doc_no, publisher, written_on, published_at,
  effective_on, category, subject, genre, keywords, summary, body, validity,
  validity_changed_on, validity_reason, status, publish_at, withdrawn_reason, created_at,
  updated_at, agency_id, author_id, first_reviewer_id, second_reviewer_id)
SELECT 'SP-' || i, '基准文件 ' || i, '', '', w, (w + 3)::timestamptz, w,
  CASE WHEN i % 10 = 0 THEN '20-01' ELSE '20-0' || (2 + i % 7) END, '',
  CASE WHEN i % 50 = 0 THEN '命令（令）' ELSE '通知' END, '', '', '',
  CASE WHEN i % 9 = 0 THEN (ARRAY['expired', 'repealed'])[1 + i % 2] ELSE 'valid' END,
  CASE WHEN i % 9 = 0 THEN w + 200 + (i % 900)::int END, '',
  CASE WHEN i % 31 = 0 THEN 'withdrawn' ELSE 'published' END, NULL, '',
  now(), now(), ids[1 + i % n], @author@, NULL, NULL
FROM generate_series(0, @items@ - 1) AS i,
  LATERAL (SELECT make_date(2015, 1, 1) + (i::bigint * 7919 % 4300)::int AS w) AS s,
  (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM agencies_agency
   WHERE path LIKE '@root@%') AS a
"""

# Table 二 figures staff entered for every agency and year: 许可 decisions, 收费 in 万元,
# and on one agency in ten a 现行有效 count of 规范性文件 that overrides the ledger's.
FIGURES_SQL = """
INSERT INTO reports_activefigure (year, "row", "column", value, unit, source, entered_at,
  agency_id, entered_by_id)
SELECT y, f.row, f.col, CASE WHEN f.unit = '万元' THEN (a.id % 700) / 100.0 ELSE a.id % 500 END,
  f.unit, 'import', now(), a.id, NULL
FROM agencies_agency a, generate_series(2019, 2026) AS y,
  (VALUES ('licensing', 'decisions', ''), ('admin_fees', 'fee_amount', '万元'),
          ('normative_docs', 'in_force', '')) AS f(row, col, unit)
WHERE a.path LIKE '@root@%' AND (f.row <> 'normative_docs' OR a.id % 10 = 0)
"""


def build_tree(cur) -> str:  # type: ignore[no-untyped-def]
    root = Agency.objects.create(name="基准省人民政府", code=ROOT_CODE, level="other")
    root_path = root.path
    levels = [
        # (parents, how many each, name, code, level)
        (f"(SELECT id, path FROM agencies_agency WHERE id = {root.pk})", 14, "dept", "department"),
        (f"(SELECT id, path FROM agencies_agency WHERE id = {root.pk})", 15, "city", "city"),
    ]
    for parents, n, kind, level in levels:
        _level(cur, parents, n, kind, level)
    cities = f"(SELECT id, path FROM agencies_agency WHERE code LIKE '{ROOT_CODE}city%')"
    _level(cur, cities, 18, "dept", "department")
    _level(cur, cities, 12, "county", "county")
    counties = f"(SELECT id, path FROM agencies_agency WHERE code LIKE '{ROOT_CODE}county%')"
    _level(cur, counties, 14, "dept", "department")
    return root_path


LABELS = {"dept": "部门", "city": "市", "county": "县"}


def _level(cur, parents: str, n: int, kind: str, level: str) -> None:  # type: ignore[no-untyped-def]
    name = f"'基准{LABELS[kind]}' || p.id || '-' || k"
    code = f"'{ROOT_CODE}{kind}' || p.id || '-' || k"
    cur.execute(
        fill(AGENCIES_SQL, {"name": name, "code": code, "level": level, "parents": parents, "n": n})
    )


def build(cases: int, items: int) -> None:
    assert connection.vendor == "postgresql", "bench/province.py builds on PostgreSQL"
    assert not Agency.objects.filter(code=ROOT_CODE).exists(), "already built: measure"
    t0 = time.perf_counter()
    author = get_user_model().objects.create_user("province_author", "a@bench.invalid")
    decisions = sorted(formats.get(formats.format_for_year(2025)).decision_rows)
    types = ["natural", "commercial", "research", "social", "legal_service", "other"]
    with connection.cursor() as cur:
        cur.execute("SET statement_timeout = 0")
        root = build_tree(cur)
        n = Agency.objects.filter(path__startswith=root).count()
        t1 = time.perf_counter()
        values = {"root": root, "cases": cases, "items": items, "author": author.pk,
                  "decisions": sql_array(decisions), "ndec": len(decisions),
                  "types": sql_array(types)}  # fmt: skip
        for step, sql in (("cases", CASES_SQL), ("appeals", APPEALS_SQL), ("fees", FEES_SQL),
                          ("items", ITEMS_SQL), ("figures", FIGURES_SQL)):  # fmt: skip
            t = time.perf_counter()
            cur.execute(fill(sql, values))
            print(f"{step}: {cur.rowcount:,} rows in {time.perf_counter() - t:.1f} s", flush=True)
        cur.execute("ANALYZE")
    print(f"agencies {n:,} in {t1 - t0:.1f} s; total {time.perf_counter() - t0:.1f} s")


def loop_report(agency: Agency, year: int) -> AnnualReport:
    """The same report the slow way: one agency, every record of it read into Python and
    counted row by row (the same layout functions put the counts into the tables)."""
    chosen = report_format(agency, year)
    layout = formats.get(chosen)
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    eve = jan1 - dt.timedelta(days=1)
    counts, late = CaseCounts(), 0
    fields = ("receipt_date", "concluded_on", "due_on", "applicant_type", "decision")
    for case in Application.objects.filter(agency=agency).only(*fields):
        done = case.concluded_on
        if done and done.year == year and case.due_on and done > case.due_on:
            late += 1
        got = case.receipt_date
        if got is None:
            continue
        kind = case.applicant_type
        if jan1 <= got <= dec31:
            counts.new_received[kind] += 1
        if got <= eve and (done is None or done > eve):
            counts.carried_over[kind] += 1
        if got <= dec31 and (done is None or done > dec31):
            counts.carry_next[kind] += 1
        if done and jan1 <= done <= dec31:
            counts.concluded[(kind, case.decision)] += 1
    appeals: Counter[tuple[str, str]] = Counter()
    for appeal in Appeal.objects.filter(application__agency=agency):
        if appeal.filed_on > dec31 or (appeal.concluded_on and appeal.concluded_on < jan1):
            continue
        concluded = appeal.concluded_on is not None and appeal.concluded_on <= dec31
        appeals[(appeal.kind, appeal.result if concluded else AppealResult.PENDING)] += 1
    notices, paid = 0, 0
    for fee in Fee.objects.filter(application__agency=agency):
        if jan1 <= fee.notice_on <= dec31:
            notices += 1
            paid += fee.amount if fee.paid_on else 0
    facts = RecordFacts(late, notices, paid, section_six(agency, year))
    report = AnnualReport(agency=agency.name, year=year, format=chosen)
    counted = ledger_cells(loop_ledger(agency, year), chosen)
    report.active = active_table(
        chosen, entered_figures([agency.pk], year).get(agency.pk, {}), counted
    )
    report.requests = requests_table(counts, layout)
    report.review = review_table(appeals, layout)
    working = AgencyReport.objects.filter(agency=agency, year=year).first()
    report.sections = sections(agency, year, report, working.sections if working else {}, facts)
    return report


def loop_ledger(agency: Agency, year: int) -> Ledger | None:
    end = dt.date(year, 12, 31)
    rows = {rule: dict.fromkeys(LEDGER_FIGURES, 0) for rule in (True, False)}
    seen = False
    items = Item.objects.filter(
        agency=agency, category=REGULATION_CATEGORY, status=Status.PUBLISHED
    )
    for item in items:
        seen = True
        row = rows[item.genre == RULE_GENRE]
        written, changed = item.written_on, item.validity_changed_on
        published = timezone.localtime(item.published_at).year if item.published_at else None
        row["made"] += bool(written and written.year == year)
        row["repealed"] += bool(
            item.validity != Validity.VALID and changed and changed.year == year
        )
        row["in_force"] += bool(written and written <= end and
                                (item.validity == Validity.VALID or (changed and changed > end)))  # fmt: skip
        row["published"] += published == year
        row["published_total"] += bool(published and published <= year)
    if not seen:
        return None
    return Ledger(year, LedgerRow(**rows[True]), LedgerRow(**rows[False]))


def machine() -> str:
    cpu = cpu_model("unknown CPU")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}; load average {load}"


def measure(year: int, sample: int, rounds: int) -> int:
    print(machine())
    root = Agency.objects.get(code=ROOT_CODE)
    cases = Application.objects.filter(agency__path__startswith=root.path).count()
    items = Item.objects.filter(agency__path__startswith=root.path).count()
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        agencies = list(Agency.objects.filter(path__startswith=root.path).order_by("path"))
        reports = build_annual_reports(agencies, year)
        times.append(time.perf_counter() - t)
    n = len(agencies)
    print(f"{n:,} agencies, {cases:,} cases, {items:,} catalogue items; year {year}")
    print("(a) set-based, all agencies: " + ", ".join(f"{x:.2f}" for x in times) + " s")
    picked = agencies[:: max(1, n // sample)][:sample]
    t = time.perf_counter()
    looped = {a.pk: loop_report(a, year) for a in picked}
    loop_each = (time.perf_counter() - t) / len(picked)
    t = time.perf_counter()
    single = {a.pk: build_annual_report(a, year) for a in picked}
    single_each = (time.perf_counter() - t) / len(picked)
    best = min(times)
    print(f"(b) per-row ORM loop, {len(picked)} agencies: {loop_each * 1000:.1f} ms each, "
          f"{loop_each * n:.1f} s for {n:,} (extrapolated); ratio {loop_each * n / best:.1f}×")  # fmt: skip
    print(f"(c) build_annual_report one by one, {len(picked)} agencies: {single_each * 1000:.1f} "
          f"ms each, {single_each * n:.1f} s for {n:,} (extrapolated); ratio "
          f"{single_each * n / best:.1f}×")  # fmt: skip
    differ = [a.name for a in picked if not reports[a.pk] == looped[a.pk] == single[a.pk]]
    total = 0
    for a in picked:
        table = reports[a.pk].requests
        total += int(table.value("new_received") or 0) if table is not None else 0
    print(f"check: {len(picked) - len(differ)}/{len(picked)} sampled reports identical in "
          f"(a), (b), (c) ({total:,} new cases among them)")  # fmt: skip
    met = best <= 30 and loop_each * n / best >= 20
    print(f"target (≤ 30 s, ≥ 20× the loop): {'met' if met else 'NOT met'}")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--cases", type=int, default=1_000_000)
    b.add_argument("--items", type=int, default=2_000_000)
    m = sub.add_parser("measure")
    m.add_argument("--year", type=int, default=2025)
    m.add_argument("--sample", type=int, default=100)
    m.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.cmd == "build":
        build(args.cases, args.items)
    else:
        sys.exit(measure(args.year, args.sample, args.rounds))


if __name__ == "__main__":
    main()
