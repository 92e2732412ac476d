"""Benchmark: portal pages per second under gunicorn, against the static ceiling.

    .venv/bin/python bench/portal_pages.py [--workers 4] [--clients 8] [--seconds 5] [--runs 3]
    .venv/bin/python bench/portal_pages.py --code /work/main     # serve another checkout (before)

What it does, start to finish (it stops by itself):

1. a scratch database (SQLite, or a scratch PostgreSQL database when DATABASE_URL
   names one; as bench/submissions.py), migrated, with the demo data set
   (`seed_demo --without-ledgers`: seed agencies, cases, the 主动公开 catalogue)
   plus a 200-agency tree with full 条例第十二条 contact details (a city, 7 city
   departments, 12 districts with 15 departments each);
2. gunicorn (sync workers, loopback) serving this module's `application`: the
   project's WSGI application, except `/__static__/<name>` which answers a file
   from disk through `wsgi.file_wrapper` (sendfile) — the same server, the same
   workers, no Django: the ceiling for those bytes;
3. fetches the home page, /apply/ and one published /gk/ item page once, and
   writes each body to a file of the same size for its static twin;
4. load: `--clients` keep-alive-less HTTP/1.1 clients (threads, in two client
   processes so the client is not what limits) request one URL for `--seconds`;
   every page and its static twin are run alternately (A B A B …), `--runs`
   times each; every response must be 200 with the expected length.

Prints requests/s per run, the median and spread (min–max), and the ratio of
each page's median to its static twin's. Exit 1 if any response was wrong.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
STATIC_PREFIX = "/__static__/"

# -- the server's application (imported by gunicorn: keep the top of this module light) --

_django_app = None


def application(environ, start_response):  # type: ignore[no-untyped-def]
    path = environ.get("PATH_INFO", "")
    if path.startswith(STATIC_PREFIX):
        name = path[len(STATIC_PREFIX) :]
        target = Path(os.environ["GONGKAI_BENCH_STATIC_DIR"]) / name
        if "/" in name or not target.is_file():
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        handle = target.open("rb")
        size = os.fstat(handle.fileno()).st_size
        start_response(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(size))],
        )
        return environ["wsgi.file_wrapper"](handle, 65536)
    global _django_app
    if _django_app is None:
        from gongkai.wsgi import application as django_app

        _django_app = django_app
    return _django_app(environ, start_response)


# -- the data set --------------------------------------------------------------------

TREE_CODE = """
from gongkai.agencies.models import Agency, Level
city = Agency.objects.create(name="基准市人民政府", code="BJ0000", level=Level.CITY)
def contact(name):
    return dict(office_name=name + "政务公开科", address="基准市人民路" + str(len(name)) + "号",
                postcode="215000", office_hours="工作日 8:30-12:00，13:30-17:30",
                phone="0512-6000" + str(Agency.objects.count()).zfill(4), fax="0512-60009999",
                email="gk@example.gov.cn")
made = [city]
for d in range(7):
    name = f"基准市第{d + 1}局"
    made.append(Agency.objects.create(name=name, code=f"BJD{d:03d}", parent=city, **contact(name)))
for z in range(12):
    name = f"基准市第{z + 1}区人民政府"
    zone = Agency.objects.create(name=name, code=f"BJZ{z:03d}", level=Level.COUNTY, parent=city, **contact(name))
    made.append(zone)
    for d in range(15):
        dname = f"基准市第{z + 1}区第{d + 1}局"
        made.append(Agency.objects.create(name=dname, code=f"BJZ{z:03d}D{d:02d}", parent=zone, **contact(dname)))
print("agencies", len(made))
"""

ITEM_CODE = """
from gongkai.catalog.models import Item
from django.urls import reverse
item = Item.objects.published().order_by("id").first()
print("ITEM", reverse("gk:item", args=[item.pk]) if item else "")
"""


def manage(env: dict[str, str], code_dir: Path, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code_dir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def build_dataset(env: dict[str, str], code_dir: Path) -> str:
    """Migrate, seed the demo data and the 200-agency tree; the /gk/ item path."""
    manage(env, code_dir, "migrate", "--noinput", "-v", "0")
    manage(env, code_dir, "seed_demo", "--without-ledgers")
    manage(env, code_dir, "shell", "--no-imports", "-c", TREE_CODE)
    out = manage(env, code_dir, "shell", "--no-imports", "-c", ITEM_CODE)
    item = out.strip().splitlines()[-1].split(" ", 1)[-1]
    if not item.startswith("/gk/"):
        raise SystemExit("no published /gk/ item in the demo data")
    return item


# -- the load ------------------------------------------------------------------------


def _client_process(port: int, path: str, length: int, threads: int, seconds: float, out) -> None:  # type: ignore[no-untyped-def]
    counts = [0] * threads
    errors = [0] * threads
    stop_at = time.monotonic() + seconds

    def run(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
                if resp.will_close:
                    conn.close()  # sync workers close after each answer
            except OSError:
                conn.close()
                errors[i] += 1
                continue
            if resp.status == 200 and abs(len(body) - length) <= 64:
                counts[i] += 1
            else:
                errors[i] += 1

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((sum(counts), sum(errors)))


def load(port: int, path: str, length: int, clients: int, seconds: float) -> tuple[float, int]:
    """(successful requests per second, wrong answers) for one URL."""
    procs_n = 2
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(
            target=_client_process,
            args=(port, path, length, max(1, clients // procs_n), seconds, queue),
        )
        for _ in range(procs_n)
    ]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    return sum(r[0] for r in results) / elapsed, sum(r[1] for r in results)


def fetch(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    if resp.status != 200:
        raise SystemExit(f"GET {path} → {resp.status}")
    return body


def main() -> int:
    sys.path.insert(0, str(BENCH))
    from submissions import (  # the scratch database and gunicorn handling
        cpu_model,
        drop_database,
        free_port,
        scratch_database,
        server_env,
        start_server,
        stop_server,
    )

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--seconds", type=float, default=5, help="length of one run")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and per twin")
    parser.add_argument("--code", type=Path, default=BENCH.parent, help="checkout to serve")
    args = parser.parse_args()
    code_dir = args.code.resolve()

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-portal-bench-"))
    static_dir = workdir / "static-twins"
    static_dir.mkdir()
    given = os.environ.get("DATABASE_URL", "")
    db_url, pg_name = scratch_database(workdir)
    env = server_env(db_url, workdir, 10)
    env["GONGKAI_BENCH_STATIC_DIR"] = str(static_dir)
    env["PYTHONPATH"] = f"{code_dir}{os.pathsep}{BENCH}"
    proc = None
    rows = []
    bad = 0
    try:
        item = build_dataset(env, code_dir)
        port = free_port()
        log = workdir / "gunicorn.log"
        proc = start_server(env, port, args.workers, log, "portal_pages:application", code_dir)
        pages = {"home": "/", "apply": "/apply/", "gk item": item}
        for label, path in pages.items():
            body = fetch(port, path)
            twin = re.sub(r"\W", "_", label) + ".html"
            (static_dir / twin).write_bytes(body)
            fetch(port, STATIC_PREFIX + twin)
            load(port, path, len(body), args.clients, 1)  # warm every worker
            page_rates: list[float] = []
            static_rates: list[float] = []
            for _ in range(args.runs):
                for rates, target in ((page_rates, path), (static_rates, STATIC_PREFIX + twin)):
                    rate, errors = load(port, target, len(body), args.clients, args.seconds)
                    rates.append(rate)
                    bad += errors
            rows.append((label, path, len(body), page_rates, static_rates, os.getloadavg()[0]))
    finally:
        if proc is not None:
            stop_server(proc)
        if pg_name:
            drop_database(given, pg_name)
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if pg_name else "SQLite"
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}; load average now {os.getloadavg()}")
    print(
        f"server: gunicorn {args.workers} sync workers on 127.0.0.1, {engine}; code {code_dir}; "
        f"{args.clients} client threads in 2 processes; {args.runs} runs of {args.seconds:g} s each"
    )
    print(
        "| page | bytes | page req/s (median, min–max) | static twin req/s | page ÷ static | load 1-min |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label, path, size, page_rates, static_rates, loadavg in rows:
        page_med, static_med = statistics.median(page_rates), statistics.median(static_rates)
        print(
            f"| {label} (`{path}`) | {size:,} | {page_med:,.0f} ({min(page_rates):,.0f}–"
            f"{max(page_rates):,.0f}) | {static_med:,.0f} ({min(static_rates):,.0f}–"
            f"{max(static_rates):,.0f}) | {page_med / static_med:.0%} | {loadavg:.1f} |"
        )
    print(f"wrong or failed responses: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
