"""Ingesting many documents: each one bounded in time, a bad one never stops the rest.

Used by the `ingest_reports` command and by benchmarks; no ORM here either.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import AnnualReport

from .audit import AuditResult, audit, audit_pair
from .ingest import IngestError
from .ingest.guard import DEFAULT_TIMEOUT, GuardedWorker

EXTENSIONS = {
    "html",
    "htm",
    "shtml",
    "xhtml",
    "docx",
    "pdf",
    "txt",
    "text",
    "md",
    "markdown",
    "tsv",
}


@dataclass
class Outcome:
    name: str  # the path as given, for people
    report: AnnualReport | None = None
    result: AuditResult | None = None
    error: str | None = None
    error_code: str | None = None
    cross_year: list[AuditResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and report files anywhere under named directories, sorted."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower().lstrip(".") in EXTENSIONS
            )
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


def ingest_file(path: Path, worker: GuardedWorker) -> Outcome:
    outcome = Outcome(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        outcome.error, outcome.error_code = (
            _("无法读取文件：%(e)s") % {"e": exc.strerror or exc},
            "unreadable_file",
        )
        return outcome
    try:
        outcome.report = worker.parse(data, path.name)
    except IngestError as exc:
        outcome.error, outcome.error_code = str(exc), getattr(exc, "code", "ingest_error")
        return outcome
    outcome.result = audit(outcome.report)
    return outcome


def ingest_paths(
    files: list[Path],
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int, int, str], None] | None = None,
    jobs: int = 1,
) -> Iterator[Outcome]:
    """Outcomes in the order of `files`; `jobs` workers parse side by side."""
    local = threading.local()
    workers: list[GuardedWorker] = []

    def work(path: Path) -> Outcome:
        if not hasattr(local, "worker"):
            local.worker = GuardedWorker(timeout)
            workers.append(local.worker)
        return ingest_file(path, local.worker)

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for index, outcome in enumerate(pool.map(work, files)):
                if progress:
                    progress(index + 1, len(files), outcome.name)
                yield outcome
    finally:
        for worker in workers:
            worker.close()


def link_years(outcomes: list[Outcome]) -> None:
    """Cross-year checks between consecutive reports of the same agency in one batch."""
    by_agency: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        report = outcome.report
        if report is not None and report.agency and report.year:
            by_agency.setdefault(report.agency, []).append(outcome)
    for group in by_agency.values():
        group.sort(key=lambda o: o.report.year if o.report and o.report.year else 0)
        for previous, current in itertools.pairwise(group):
            if (
                previous.report
                and current.report
                and current.report.year == (previous.report.year or 0) + 1
            ):
                current.cross_year.append(audit_pair(previous.report, current.report))
