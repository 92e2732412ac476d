"""The case system at province scale on PostgreSQL: build the dataset, time the pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench \\
        python manage.py migrate && python bench/scale.py build --cases 500000
    DATABASE_URL=… python bench/scale.py measure --rounds 20

`build` makes 200 agencies (a city, 7 city departments, 12 districts with 15
departments each), a root supervisor and a district-department clerk, then the
cases and their events in PostgreSQL itself (INSERT … SELECT over generate_series,
no Python per row), then the per-month figures (`figures.rebuild`), then ANALYZE.
Build once, measure as often as needed.

`measure` requests each page in-process with Django's test client (no network,
no gunicorn: this times the view, its queries and its template), round-robin,
after two warm-up passes, and prints min / p50 / p95 ms and the query count per
page. The dashboard is timed cold (cache cleared before each request) and warm;
"cold" pages clear the whole cache, so the queue's cached tab counts are recounted
after each of them. An export is timed until its last byte.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench._common import INSERT_APPLICATIONS, fill, sql_array  # noqa: E402
from gongkai.agencies.models import Agency, Membership  # noqa: E402
from gongkai.applications import figures  # noqa: E402
from gongkai.applications.models import Application  # noqa: E402

PASSWORD = "bench-only-password-1"
TOPICS = [
    "污水处理厂扩建工程环境影响评价报告及批复",
    "城区道路改造项目立项批复文件",
    "2024年度财政预算执行情况",
    "某小区规划许可证及附图",
    "学校新建项目用地预审意见",
    "农村集体土地征收补偿安置方案",
    "河道整治工程招标文件",
]
NAMES = ["张明", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷"]
DECISIONS = ["disclose", "partial", "not_exist", "already_public", "deny_third_party", "not_exist"]

CASES_SQL = (
    INSERT_APPLICATIONS
    + """
SELECT y, k + 1, md5(i::text), st, 'in_person', arr, arr,
  CASE WHEN i % 5 = 0 THEN 'commercial' ELSE 'natural' END,
  CASE WHEN i % 5 = 0 THEN '某某建设有限公司' || (i % 97) ELSE (@names@)[1 + i % 10] END,
  '', '', '', '', '', '13800000000', '', '', '', (@topics@)[1 + (i / 7) % 7] || ' ' || i, '',
  'electronic', 'email', false, arr, arr + 28, false, '[]'::jsonb,
  CASE WHEN st IN ('replied', 'closed') THEN 'on_track'
       ELSE (ARRAY['on_track','on_track','due_soon','overdue'])[1 + i % 4] END,
  0,
  CASE WHEN st = 'replied' THEN (@decisions@)[1 + i % 6]
       WHEN st = 'closed' THEN (ARRAY['withdrawn','abandoned_no_correction'])[1 + i % 2] ELSE '' END,
  '[]'::jsonb, '', '', '', '',
  CASE WHEN st IN ('replied', 'closed') THEN arr + 20 + i % 15 END,
  arr::timestamptz, arr::timestamptz, ag
FROM (
  SELECT i, (SELECT ids[1 + i % 200]) AS ag, 2019 + (i / 200) % 8 AS y, i / 1600 AS k,
    make_date(2019 + (i / 200) % 8, 1, 1) + (i::bigint * 7919 % 340)::int AS arr,
    CASE WHEN 2019 + (i / 200) % 8 = 2026 AND i % 5 IN (1, 2) THEN
           (ARRAY['received','received','received','review','consulting'])[1 + i % 5]
         WHEN i % 15 = 0 THEN 'closed' ELSE 'replied' END AS st
  FROM generate_series(0, @n@ - 1) AS i, (SELECT @agency_ids@ AS ids) AS a
) AS s
"""
)

EVENTS_SQL = """
INSERT INTO applications_caseevent (at, kind, from_status, to_status, data, note, actor_id, application_id)
SELECT a.created_at + (e || ' days')::interval,
  (ARRAY['registered','received','letter_issued','decided','replied','note'])[1 + (a.id + e) % 6],
  '', '', '{}'::jsonb, '', NULL, a.id
FROM applications_application a, generate_series(1, @per_case@) AS e
WHERE e <= 5 OR a.id % 5 < 3
"""


def agencies_tree() -> list[Agency]:
    city = Agency.objects.create(name="基准市人民政府", code="BJ", level="city")
    out = [city]
    for d in range(7):
        out.append(Agency.objects.create(name=f"基准市部门{d}", code=f"BJD{d}", parent=city))
    for c in range(12):
        county = Agency.objects.create(
            name=f"基准市第{c}区人民政府", code=f"BJC{c}", level="county", parent=city
        )
        out.append(county)
        for d in range(15):
            out.append(
                Agency.objects.create(name=f"第{c}区部门{d}", code=f"BJC{c}D{d}", parent=county)
            )
    return out


def staff(agencies: list[Agency]) -> None:
    users = get_user_model().objects
    root = users.create_user("bench_root", "root@bench.invalid", PASSWORD)
    Membership.objects.create(user=root, agency=agencies[0], role="supervisor")
    clerk = users.create_user("bench_clerk", "clerk@bench.invalid", PASSWORD)
    Membership.objects.create(user=clerk, agency=agencies[25], role="clerk")


def build(n: int, per_case: int) -> None:
    assert connection.vendor == "postgresql", "bench/scale.py builds on PostgreSQL"
    assert not Agency.objects.filter(code="BJ").exists(), (
        "already built: measure, or use a fresh database"
    )
    t0 = time.perf_counter()
    agencies = agencies_tree()
    staff(agencies)
    ids = "ARRAY[" + ",".join(str(a.pk) for a in agencies) + "]::bigint[]"
    sql = fill(
        CASES_SQL,
        {
            "n": n,
            "agency_ids": ids,
            "names": sql_array(NAMES),
            "topics": sql_array(TOPICS),
            "decisions": sql_array(DECISIONS),
        },
    )
    # GIN indexes are built faster once than maintained row by row: drop, load, rebuild.
    pg = importlib.import_module(
        "gongkai.applications.migrations.0003_search_columns_and_list_indexes"
    )
    with connection.cursor() as cur:
        # The site's 25-s statement bound is for requests, not for a bulk load.
        cur.execute("SET statement_timeout = 0")
        for name in pg.POSTGRESQL_INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")
        cur.execute(sql)
        t1 = time.perf_counter()
        cur.execute(fill(EVENTS_SQL, {"per_case": per_case}))
        t2 = time.perf_counter()
        for name, definition in pg.POSTGRESQL_INDEXES.items():
            cur.execute(f"CREATE INDEX {name} ON applications_application USING {definition}")
        t3 = time.perf_counter()
        # The SQL load bypasses the services, so the per-month figures are counted once
        # here, as `manage.py rebuild_figures` would.
        figures.rebuild()
        t4 = time.perf_counter()
        cur.execute("ANALYZE")
    events = Application.events.rel.related_model._default_manager.count()
    print(
        f"cases {n:,} in {t1 - t0:.1f} s; events {events:,} in {t2 - t1:.1f} s; "
        f"indexes {t3 - t2:.1f} s; figures {t4 - t3:.1f} s; "
        f"analyze {time.perf_counter() - t4:.1f} s"
    )


def pages() -> dict[str, tuple[str, str]]:
    root = Agency.objects.get(code="BJ")
    clerk_agency = Membership.objects.get(user__username="bench_clerk").agency
    case = Application.objects.filter(agency=clerk_agency).order_by("-pk").first()
    assert case is not None
    return {
        "queue, clerk": ("bench_clerk", "/office/queue/"),
        "queue, root, open": ("bench_root", "/office/queue/"),
        "queue, root, done": ("bench_root", "/office/queue/?tab=done"),
        "queue search, root": ("bench_root", "/office/queue/?q=污水处理厂"),
        "case page, clerk": ("bench_clerk", f"/office/cases/{case.pk}/"),
        "dashboard, root, cold": ("bench_root", f"/office/dashboard/?agency={root.pk}&year=2025"),
        "dashboard, root, warm": ("bench_root", f"/office/dashboard/?agency={root.pk}&year=2025"),
        "dashboard, clerk, cold": ("bench_clerk", "/office/dashboard/?year=2025"),
        "API list, clerk": ("bench_clerk", "/api/applications/"),
        "API list, root": ("bench_root", "/api/applications/"),
        "API list, root, page 20": ("bench_root", "/api/applications/?page=20"),
        "API list, root, filtered": ("bench_root", "/api/applications/?status=replied&year=2025"),
        "API list, root, subtree": (
            "bench_root",
            "/api/applications/?agency=BJC3&subtree=1&due_state=overdue",
        ),
        "home, root, cold": ("bench_root", "/office/"),
        "queue, root, overdue": ("bench_root", "/office/queue/?tab=overdue"),
        "letter register, root": ("bench_root", "/office/letters/register/"),
        # One department's concluded cases of a year (~300 rows), the whole workbook read.
        "queue export, 1 agency-year": (
            "bench_root",
            f"/office/queue/export.xlsx?tab=done&year=2025&agency={clerk_agency.pk}",
        ),
    }


def measure(rounds: int) -> None:
    setup_test_environment()
    clients = {}
    for username in ("bench_root", "bench_clerk"):
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))
    todo = pages()
    times: dict[str, list[float]] = {k: [] for k in todo}
    cpu: dict[str, list[float]] = {k: [] for k in todo}
    queries: dict[str, int] = {}
    for r in range(rounds + 2):
        for name, (user, url) in todo.items():
            if "cold" in name:
                cache.clear()
            with CaptureQueriesContext(connection) as q:
                t, c = time.perf_counter(), time.process_time()
                response = clients[user].get(url)
                if response.streaming:  # an export: time the whole workbook
                    b"".join(response.streaming_content)  # type: ignore[attr-defined]
                elapsed = (time.perf_counter() - t) * 1000
                spent = (time.process_time() - c) * 1000
            assert response.status_code == 200, (name, response.status_code)
            if r >= 2:  # two warm-up passes
                times[name].append(elapsed)
                cpu[name].append(spent)
                queries[name] = len(q.captured_queries)
    # "cpu": this process's CPU time (view, ORM, template; not PostgreSQL's), p50: on a
    # shared machine it moves far less with the load than the wall-clock figures do.
    print(
        f"{'page':28} {'queries':>7} {'min':>8} {'p50':>8} {'p95':>8} {'cpu':>7}"
        f"  (ms, {rounds} rounds)"
    )
    for name, ts in times.items():
        ts.sort()
        p95 = ts[min(len(ts) - 1, round(0.95 * (len(ts) - 1)))]
        print(
            f"{name:28} {queries[name]:7d} {ts[0]:8.1f} {statistics.median(ts):8.1f} {p95:8.1f}"
            f" {statistics.median(cpu[name]):7.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--cases", type=int, default=500_000)
    b.add_argument(
        "--events-per-case", type=int, default=7, help="5, or 7 for 3 cases in 5 (≈5.8 avg)"
    )
    m = sub.add_parser("measure")
    m.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if args.cmd == "build":
        build(args.cases, args.events_per_case)
    else:
        measure(args.rounds)


if __name__ == "__main__":
    main()
