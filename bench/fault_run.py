"""Fault run: 200 concurrent online submissions on gunicorn + PostgreSQL while one
worker is killed and the numbering table is locked for 10 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai .venv/bin/python bench/fault_run.py

Reuses bench/submissions.py (scratch database `<name>_bench_<pid>`, dropped at the
end; gunicorn on a free 127.0.0.1 port; browser-like portal clients). During the
burst: after --kill-after s one gunicorn worker gets SIGKILL; after --lock-after s
a second connection holds `LOCK TABLE applications_numbercounter` for --lock-seconds.
Reports submissions/s, client-side errors, lost (a number was returned but is not
in the database) and duplicated (two rows for one request, or one number twice).
Exit status 0 only when lost and duplicated are both 0. Load only against 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import submissions as sub


def kill_one_worker(master: subprocess.Popen, after: float, log: list[str]) -> None:
    time.sleep(after)
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)  # a worker of our own gunicorn
        log.append(f"SIGKILL worker {children[0]} at {after:.0f} s")


def lock_numbering(db_url: str, after: float, seconds: float, log: list[str]) -> None:
    import psycopg

    time.sleep(after)
    with psycopg.connect(db_url) as conn:
        conn.execute("LOCK TABLE applications_numbercounter IN ACCESS EXCLUSIVE MODE")
        log.append(f"LOCK TABLE applications_numbercounter at {after:.0f} s for {seconds:.0f} s")
        time.sleep(seconds)
        conn.rollback()


def database_rows(env: dict[str, str]) -> list[tuple[int, int, str]]:
    code = (
        "import json; from gongkai.applications.models import Application as A; "
        f"print(json.dumps(list(A.objects.filter(agency__code='{sub.AGENCY}')"
        ".values_list('year', 'seq', 'description'))))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=sub.ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [(r[0], r[1], r[2]) for r in json.loads(out.strip().splitlines()[-1])]


def tally(numbers: list[str], rows: list[tuple[int, int, str]]) -> dict[str, int]:
    held = {f"{sub.AGENCY}-{year}-{seq:05d}" for year, seq, _ in rows}
    repeated = sum(c - 1 for c in Counter(d for _, _, d in rows).values() if c > 1)
    repeated += sum(c - 1 for c in Counter(numbers).values() if c > 1)
    return {"lost": len(set(numbers) - held), "duplicated": repeated, "rows": len(rows)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kill-after", type=float, default=3)
    parser.add_argument("--lock-after", type=float, default=5)
    parser.add_argument("--lock-seconds", type=float, default=10)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("fault_run needs DATABASE_URL=postgres://…@127.0.0.1/… (LOCK TABLE)")
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-fault-"))
    db_url, scratch = sub.scratch_database(workdir)
    try:
        return run(args, workdir, db_url)
    finally:
        if scratch:
            sub.drop_database(os.environ["DATABASE_URL"], scratch)


def run(args: argparse.Namespace, workdir: Path, db_url: str) -> int:
    env = sub.server_env(db_url, workdir, args.n)
    sub.prepare(env)
    port = sub.free_port()
    server = sub.start_server(env, port, args.workers, workdir / "gunicorn.log")
    events: list[str] = []
    faults = [
        threading.Thread(target=kill_one_worker, args=(server, args.kill_after, events)),
        threading.Thread(
            target=lock_numbering, args=(db_url, args.lock_after, args.lock_seconds, events)
        ),
    ]
    try:
        for t in faults:
            t.start()
        results, elapsed = sub.run_clients(port, args.n, args.n, "portal", 300)
        for t in faults:
            t.join()
    finally:
        sub.stop_server(server)
    counts = tally(results.numbers, database_rows(env))
    ok = len(results.numbers)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print("faults: " + "; ".join(events))
    print(f"submitted {args.n} at once; succeeded {ok}; errors {len(results.failures)}; "
          f"rows in database {counts['rows']} (failed but committed {counts['rows'] - ok})")  # fmt: skip
    print(f"rate {ok / elapsed:.1f} submissions/s over {elapsed:.1f} s; "
          f"p50 {sub.percentile(results.latencies, 0.5):.1f} s, max {max(results.latencies):.1f} s")  # fmt: skip
    print(f"lost {counts['lost']}; duplicated {counts['duplicated']}")
    for failure in results.failures[:5]:
        print("  error:", failure[:200])
    return 0 if counts["lost"] == 0 and counts["duplicated"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
