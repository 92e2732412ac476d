"""Benchmark: online submissions per second under a real WSGI server, with zero loss.

    .venv/bin/python bench/submissions.py [-n 1000] [--clients 16] [--workers 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai .venv/bin/python bench/submissions.py

What it does, start to finish (it stops by itself):

1. makes a scratch database — a fresh SQLite file in a temporary directory, or,
   when DATABASE_URL names PostgreSQL, a scratch database `<name>_bench_<pid>` on
   that server (dropped at the end) — migrates it and creates the seed agencies;
2. starts gunicorn (the production server) on a free loopback port against it,
   with the portal's per-address submission limit raised for the run
   (GONGKAI_PORTAL_SUBMISSIONS_PER_HOUR) since every client is 127.0.0.1;
3. fires N online applications from a pool of client threads, each a browser-like
   session: GET the form (CSRF cookie), POST it, follow the redirect to the page
   showing the application number — or, with --via api, POST JSON to
   /api/public/applications/;
4. verifies: every successful response's number exists in the database, the
   numbers are 1..N without a gap, and the database holds exactly N applications.

Exit status 0 only when nothing was lost. Mail goes to Django's dummy backend
(sending is not what is measured).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import cpu_model  # noqa: E402

AGENCY = "TCBGS"
NUMBER_RE = re.compile(r'id="app-number">\s*([A-Z]+-\d{4}-\d{5})\s*<')
APPLICANT = {
    "applicant_type": "natural",
    "applicant_name": "陆文清",
    "id_type": "resident_id",
    "id_number": "320585199004181221",
    "phone": "13962688451",
    "email": "luwenqing@example.com",
    "address": "江苏省太仓市城厢镇上海东路88号",
    "postcode": "215400",
    "requested_form": "electronic",
    "requested_delivery": "email",
}


# -- the scratch database -----------------------------------------------------


def scratch_database(workdir: Path) -> tuple[str, str | None]:
    """(DATABASE_URL for the run, PostgreSQL database to drop afterwards or None)."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    import psycopg

    url = urllib.parse.urlsplit(given)
    name = f"{url.path.lstrip('/') or 'gongkai'}_bench_{os.getpid()}"
    with psycopg.connect(maintenance_url(given), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(url._replace(path=f"/{name}")), name


def maintenance_url(given: str) -> str:
    """The server's `postgres` database: the named one need not exist yet."""
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(given)._replace(path="/postgres"))


def drop_database(given: str, name: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url(given), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(db_url: str, workdir: Path, n: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "GONGKAI_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "GONGKAI_PORTAL_SUBMISSIONS_PER_HOUR": str(n * 2 + 100),
        # All clients are one address: lift the anonymous API rate as the per-hour limit above.
        "API_ANON_RATE": f"{n * 2 + 100}/min",
        "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),  # persistent, as in production
    }


def prepare(env: dict[str, str]) -> None:
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    code = "from gongkai.agencies.tree import build_seed_tree; build_seed_tree()"
    subprocess.run(
        [python, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env, check=True
    )


# -- the server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    env: dict[str, str],
    port: int,
    workers: int,
    log: Path,
    app: str = "gongkai.wsgi:application",
    cwd: Path = ROOT,
) -> subprocess.Popen:
    """gunicorn serving `app` from `cwd` (bench/portal_pages.py serves its own module)."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    cmd = [
        gunicorn,
        app,
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=60",
        "--log-level=warning",
    ]
    out = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=out, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(
                f"gunicorn exited ({proc.returncode}); see {log}: {log.read_text()[-2000:]}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("gunicorn did not start within 30 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # our own process group only
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# -- the clients -------------------------------------------------------------------


@dataclass
class Results:
    numbers: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """One keep-alive connection with its own cookies, like one person's browser."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, resp.headers, data

    def submit_form(self, i: int) -> str:
        path = f"/apply/{AGENCY}/"
        if "csrftoken" not in self.cookies:
            self.request("GET", path)
        form = {
            **APPLICANT,
            "description": description(i),
            "declaration": "on",  # the applicant's 承诺声明 checkbox
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        }
        status, headers, page = self.request(
            "POST",
            path,
            urllib.parse.urlencode(form).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1{path}",
            },
        )
        if status != 302:
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>([^<]+)', page.decode())
            raise RuntimeError(f"POST {path} → {status} {errors}")
        status, _, page = self.request("GET", urllib.parse.urlsplit(headers["Location"]).path)
        match = NUMBER_RE.search(page.decode())
        if status != 200 or not match:
            raise RuntimeError(f"done page → {status}, no number")
        return match.group(1)

    def submit_api(self, i: int) -> str:
        body = json.dumps({**APPLICANT, "agency": AGENCY, "description": description(i)}).encode()
        status, _, data = self.request(
            "POST", "/api/public/applications/", body, {"Content-Type": "application/json"}
        )
        if not 200 <= status < 300:
            raise RuntimeError(f"API → {status}: {data[:300].decode(errors='replace')}")
        return json.loads(data)["number"]


def description(i: int) -> str:
    return f"太仓市2025年城厢镇第{i % 12 + 1}批次征地补偿安置方案及其批准文件（第{i}件）"


def run_clients(
    port: int, n: int, clients: int, via: str, max_seconds: float
) -> tuple[Results, float]:
    results = Results()
    counter = iter(range(n))
    counter_lock = threading.Lock()
    stop_at = time.monotonic() + max_seconds

    def worker() -> None:
        browser = Browser(port)
        submit = browser.submit_api if via == "api" else browser.submit_form
        while time.monotonic() < stop_at:
            with counter_lock:
                i = next(counter, None)
            if i is None:
                return
            t0 = time.perf_counter()
            try:
                number = submit(i)
            except Exception as exc:  # recorded, counted against the run
                with results.lock:
                    results.failures.append(f"{i}: {exc}")
                browser = Browser(port)
                submit = browser.submit_api if via == "api" else browser.submit_form
                continue
            with results.lock:
                results.numbers.append(number)
                results.latencies.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


def api_available(port: int) -> bool:
    status, _, _ = Browser(port).request("OPTIONS", "/api/public/applications/")
    return status != 404


# -- verification ------------------------------------------------------------------


def verify(env: dict[str, str], numbers: list[str]) -> tuple[int, list[int]]:
    """(rows in the database, sequence numbers held) for the benchmark agency."""
    code = (
        "import json; from gongkai.applications.models import Application as A; "
        f"print(json.dumps(sorted(A.objects.filter(agency__code='{AGENCY}').values_list('seq', flat=True))))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seqs = json.loads(out.strip().splitlines()[-1])
    return len(seqs), seqs


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(p * len(s)))] if s else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="submissions (default 1000)")
    parser.add_argument("--clients", type=int, default=16, help="client threads (default 16)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--via", choices=["auto", "portal", "api"], default="auto")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop issuing after this")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    given = os.environ.get("DATABASE_URL", "")
    db_url, pg_name = scratch_database(workdir)
    env = server_env(db_url, workdir, args.n)
    proc = None
    try:
        prepare(env)
        port = free_port()
        proc = start_server(env, port, args.workers, workdir / "gunicorn.log")
        via = args.via if args.via != "auto" else ("api" if api_available(port) else "portal")
        results, seconds = run_clients(port, args.n, args.clients, via, args.max_seconds)
        stop_server(proc)
        rows, seqs = verify(env, results.numbers)
    finally:
        if proc is not None:
            stop_server(proc)
        if pg_name:
            drop_database(given, pg_name)
        shutil.rmtree(workdir, ignore_errors=True)

    ok = len(results.numbers)
    stored = set(seqs)
    returned = {int(x.rsplit("-", 1)[1]) for x in results.numbers}
    lost = sorted(returned - stored)
    gapless = seqs == list(range(1, len(seqs) + 1))
    engine = "PostgreSQL" if pg_name else "SQLite"
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}; Python {platform.python_version()}")
    print(
        f"server: gunicorn {args.workers} sync workers on 127.0.0.1, {engine} "
        f"(CONN_MAX_AGE={env['CONN_MAX_AGE']}); via {via}"
    )
    print(f"clients: {args.clients} threads; submissions attempted {args.n}")
    print(f"succeeded {ok}, failed {len(results.failures)} in {seconds:.2f} s")
    print(f"throughput: {ok / seconds:.1f} submissions/s")
    print(
        f"latency per submission: median {percentile(results.latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(results.latencies, 0.95) * 1000:.0f} ms"
    )
    print(
        f"database rows {rows}; numbers 1..{len(seqs)} gapless: {gapless}; "
        f"returned numbers missing from the database: {len(lost)}; "
        f"duplicates returned: {ok - len(returned)}"
    )
    for f in results.failures[:5]:
        print(f"  failure {f}")
    clean = not lost and gapless and rows == ok == len(returned) and not results.failures
    print("zero loss: " + ("yes" if clean else "NO"))
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
