"""A province batch through the task queue: 3,000 report files read and kept by one job.

    .venv/bin/python bench/province_batch.py              3,000 files, print the figures
    .venv/bin/python bench/province_batch.py -n 300       fewer files
    .venv/bin/python bench/province_batch.py --write      also replace the section in BENCHMARKS.md

Makes the files from the corpus's text and HTML documents (the printed agency replaced) and
from DOCX / tab-separated text built from its truths (tests/reports/batchfactory.py), the
last --broken of them unreadable. Runs in a scratch folder and SQLite database, removed at
the end unless --keep (or DATABASE_URL when given). Queues ONE job with the database task
backend (`bulk.queue_batch`), runs a real `manage.py run_worker` process until the job
ends, then queues the same folder again to show that nothing is stored twice. Prints total time, documents/s, failures and progress
samples (the job row's done/total as the job page shows it).

On PostgreSQL: create an empty scratch database, run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> … --write, drop it afterwards.
Each database engine has its own block in the section; --write replaces only that block.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gongkai.agencies.models import Agency
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "reports")]
SCRATCH = Path(tempfile.mkdtemp(prefix="province-batch-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["GONGKAI_PRIVATE_MEDIA"] = str(SCRATCH / "private")
os.environ.pop("REDIS_URL", None)  # the database task backend, whatever the shell says
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench._common import cpu_model  # noqa: E402

BEGIN, END = "<!-- bench/province_batch.py:begin -->", "<!-- bench/province_batch.py:end -->"
TITLE = "## A province batch through the task queue (`bench/province_batch.py`)"
ENGINE_NAMES = {"sqlite3": "SQLite", "postgresql": "PostgreSQL"}


def _setup() -> tuple[Any, Agency]:
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership
    from gongkai.agencies.tree import build_seed_tree

    call_command("migrate", verbosity=0)
    scope = build_seed_tree()["SZ"]
    user = get_user_model().objects.create_user("bench-supervisor", "b@example.gov.cn", "pw")
    Membership.objects.create(user=user, agency=scope, role="supervisor")
    return user, scope


def _run(job_id: int, started: float) -> tuple[float, list[tuple[float, int, int]]]:
    """Run a worker process until the job ends; (seconds, [(t, done, total)…])."""
    from gongkai.core.models import Job

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=(SCRATCH / "worker.log").open("w"),
    )
    samples: list[tuple[float, int, int]] = []
    try:
        while True:
            job = Job.objects.get(pk=job_id)
            if not samples or samples[-1][1:] != (job.done, job.total):
                samples.append((time.monotonic() - started, job.done, job.total))
            if not job.active:
                return time.monotonic() - started, samples
            time.sleep(1.0)
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def _machine() -> str:
    cpu = cpu_model(platform.processor())
    return f"{os.cpu_count()} CPU, {cpu}, Python {platform.python_version()}"


def _pick(samples: list[tuple[float, int, int]], count: int = 8) -> str:
    step = max(1, len(samples) // count)
    chosen = [*samples[::step], samples[-1]] if samples else []
    seen: list[tuple[float, int, int]] = []
    for sample in chosen:
        if sample not in seen:
            seen.append(sample)
    return ", ".join(f"{t:.0f} s: {d}/{n}" for t, d, n in seen)


def run(count: int, broken: int) -> str:
    from batchfactory import write_batch

    from gongkai.core.models import Job
    from gongkai.reports.bulk import queue_batch
    from gongkai.reports.models import IngestedReport

    load = os.getloadavg()
    user, scope = _setup()
    folder = SCRATCH / "reports"
    made = time.monotonic()
    write_batch(folder, count, broken)
    made = time.monotonic() - made
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"made {count} files ({size / 1e6:.1f} MB) in {made:.1f} s", file=sys.stderr)

    started = time.monotonic()
    job = queue_batch(user, scope, folder)
    seconds, samples = _run(job.pk, started)
    job = Job.objects.get(pk=job.pk)
    stored = IngestedReport.objects.count()
    reasons = sorted({f["reason"] for f in job.failures})

    again = queue_batch(user, scope, folder)
    again_seconds, _samples = _run(again.pk, time.monotonic())
    again = Job.objects.get(pk=again.pk)

    engine = django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lines = [
        f"<!-- {engine}:begin -->",
        f"### {ENGINE_NAMES.get(engine, engine)}",
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M')} UTC",
        f"- machine: {_machine()}; load average at start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        "(a shared machine: other sessions were running; figures vary with load)",
        f"- command: `{'DATABASE_URL=postgres://…/gk_scratch ' if engine == 'postgresql' else ''}"
        f".venv/bin/python bench/province_batch.py -n {count} --broken {broken} --write`",
        f"- database: {engine}; "
        "task backend: django_tasks_db.DatabaseBackend, one `manage.py run_worker` process",
        f"- inputs: {count} files, {size / 1e6:.1f} MB (corpus text/HTML with the agency replaced, "
        f"DOCX and TSV built from corpus truths; {broken} unreadable on purpose), made in {made:.1f} s",
        "",
        "| run | job state | files | stored | already stored | failed | total time | documents/s |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        f"| first | {job.state} | {job.total} | {stored} | {job.arguments.get('known', 0)} "
        f"| {len(job.failures)} | {seconds:.1f} s | {count / seconds:.1f} |",
        f"| same folder again | {again.state} | {again.total} | "
        f"{IngestedReport.objects.count() - stored} | {again.arguments.get('known', 0)} "
        f"| {len(again.failures)} | {again_seconds:.1f} s | {count / again_seconds:.1f} |",
        "",
        f"- progress samples (first run, time since queued: done/total): {_pick(samples)}",
        f"- failure reasons: {'; '.join(reasons) or 'none'}",
        f"- job message: {job.message}",
        "- total time runs from queueing to the job's end as polled once a second, worker start included",
        f"<!-- {engine}:end -->",
    ]
    return "\n".join(lines)


def write(block: str) -> None:
    """Put this engine's block in the script's section, keeping the other engine's."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        section, after = rest.split(END, 1)
    else:
        before, section, after = text.rstrip("\n") + "\n\n", "", "\n"
    start, stop = block.splitlines()[0], block.splitlines()[-1]
    if start in section and stop in section:
        head, tail = section.split(start, 1)
        section = head + block + tail.split(stop, 1)[1]
    else:
        section = section.rstrip("\n") + "\n\n" + block + "\n\n"
    if TITLE not in section:
        section = "\n" + TITLE + "\n" + section
    path.write_text(before + BEGIN + section + END + after, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3000, help="files in the batch")
    parser.add_argument("--broken", type=int, default=10, help="unreadable files among them")
    parser.add_argument("--write", action="store_true", help="update the section in BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and database")
    args = parser.parse_args()
    try:
        section = run(args.n, args.broken)
    finally:
        if not args.keep:
            shutil.rmtree(SCRATCH, ignore_errors=True)
    print(section)
    if args.write:
        write(section)


if __name__ == "__main__":
    main()
