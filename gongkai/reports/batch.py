"""Ingesting many documents: each one bounded in time, a bad one never stops the rest.

Used by the `ingest_reports` command and by benchmarks; no ORM here either.
"""

from __future__ import annotations

import itertools
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import AnnualReport
from gongkai.core.limits import MB, REPORT_BATCH_MAX_MEMBERS, REPORT_BATCH_MAX_UNPACKED

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


# "C:" or "C:\\": a Windows drive in a member name is as absolute as a leading slash.
_DRIVE = re.compile(r"^[A-Za-z]:")


def check_archive(source: str | Path | IO[bytes]) -> int:
    """Refuse a ZIP that could hurt the reader, from its central directory alone (nothing is
    unpacked): too many members, more bytes unpacked than REPORT_BATCH_MAX_UNPACKED (a ZIP
    bomb), a member name that climbs out of the archive (``../``, ``/etc``, ``C:``). Returns
    the member count; ValidationError with a Chinese message otherwise."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ValidationError(_("压缩包已损坏或不是 ZIP 格式。"), code="bad_zip") from exc
    if len(infos) > REPORT_BATCH_MAX_MEMBERS:
        raise ValidationError(
            _("压缩包内文件过多：%(n)d 个（最多 %(max)d 个）。")
            % {"n": len(infos), "max": REPORT_BATCH_MAX_MEMBERS},
            code="too_many_members",
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > REPORT_BATCH_MAX_UNPACKED:
        raise ValidationError(
            _("压缩包解压后过大：%(size)d MB（最多 %(max)d MB），可能是恶意构造的压缩包。")
            % {"size": -(-unpacked // MB), "max": REPORT_BATCH_MAX_UNPACKED // MB},
            code="too_large_unpacked",
        )
    for info in infos:
        if _unsafe_name(info.orig_filename):
            raise ValidationError(
                _("压缩包内有不安全的文件名：%(name)s（不得以“/”或盘符开头，不得含“..”）。")
                % {"name": info.orig_filename[:200]},
                code="unsafe_member_name",
            )
    return len(infos)


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts or "\0" in name


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
