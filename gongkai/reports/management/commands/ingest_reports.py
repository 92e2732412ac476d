"""Read published annual reports and write their tables as data, with every error found.

    manage.py ingest_reports report.pdf                      full JSON on stdout
    manage.py ingest_reports dir/ --format csv --out s.csv   one summary row per report
    manage.py ingest_reports dir/ --format xlsx --out s.xlsx summary, cells and findings sheets
    manage.py ingest_reports source.html --format truth      the corpus truth.json shape
    manage.py ingest_reports dir/ --store 某市 --user name   keep them all: one background job

Files and directories (searched recursively) may be mixed. Each document is parsed in a
child process with a time bound; a bad document gets a clear error and the batch goes on.
When every document failed, the command ends with an error (exit status 1) after the output.
With several documents, `--format truth` writes one JSON object per line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.reports import serialization
from gongkai.reports.audit import audit
from gongkai.reports.batch import Outcome, collect, ingest_paths, link_years
from gongkai.reports.bulk import queue_batch
from gongkai.reports.ingest.active import settle_with_previous
from gongkai.reports.ingest.guard import DEFAULT_TIMEOUT


class Progress:
    """A small progress bar on stderr: [#####.....] 3/10 name."""

    def __init__(self, stream: TextIO, enabled: bool, width: int = 24) -> None:
        self.stream, self.enabled, self.width = stream, enabled, width
        self.started = time.monotonic()

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.enabled or total == 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = time.monotonic() - self.started
        tail = Path(name).name[:40] if name else _("完成")
        end = "\n" if done == total else ""
        self.stream.write(f"\r[{bar}] {done}/{total} {elapsed:5.1f}s {tail:<40}{end}")
        self.stream.flush()


class Command(BaseCommand):
    help = "读取已发布的政府信息公开工作年度报告（网页、Word、PDF、文本），输出表格数据与核对结果。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="报告文件或目录（目录内递归查找）")
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "truth"], default="json")
        parser.add_argument("--out", help="输出文件；默认写到标准输出（xlsx 必须指定）")
        parser.add_argument(
            "--cells", action="store_true", help="csv：逐单元格输出，而不是每份报告一行"
        )
        parser.add_argument(
            "--timeout", type=float, default=DEFAULT_TIMEOUT, help="每份文件的时限（秒）"
        )
        parser.add_argument("--jobs", type=int, default=1, help="同时解析的进程数（默认 1）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--store",
            metavar="AGENCY",
            help="不输出数据，而是排入后台任务队列：逐份读取并保存到该审查机关（名称或简称）",
        )
        parser.add_argument("--user", help="与 --store 一起使用：以该用户（须为主管部门）的名义")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["store"]:
            self.queue(opts)
            return
        files = collect(opts["paths"])
        if not files:
            raise CommandError(_("没有找到可读取的报告文件。"))
        if opts["format"] == "xlsx" and not opts["out"]:
            raise CommandError(_("xlsx 格式必须用 --out 指定输出文件。"))
        progress = Progress(sys.stderr, not opts["no_progress"])
        progress(0, len(files), "")
        outcomes = list(ingest_paths(files, opts["timeout"], progress, opts["jobs"]))
        settle_years(outcomes)
        link_years(outcomes)
        for outcome in outcomes:
            if not outcome.ok:
                self.stderr.write(
                    _("%(file)s：%(error)s") % {"file": outcome.name, "error": outcome.error}
                )
        self.write(outcomes, opts)
        failed = sum(1 for o in outcomes if not o.ok)
        summary = _("共 %(n)s 份：成功 %(ok)s 份，失败 %(bad)s 份。")
        self.stderr.write(
            summary % {"n": len(outcomes), "ok": len(outcomes) - failed, "bad": failed}
        )
        if failed == len(outcomes):
            # a batch that read nothing must not look like success to a script or a cron job
            raise CommandError(_("全部 %(n)s 份报告都未能读取。") % {"n": failed})

    def queue(self, opts: dict[str, Any]) -> None:
        """One background job per folder or ZIP (a province batch), run by `run_worker`."""
        if not opts["user"]:
            raise CommandError(_("--store 需要用 --user 指定以哪个用户的名义保存。"))
        user = get_user_model().objects.filter(username=opts["user"]).first()
        scope = Agency.objects.filter(Q(name=opts["store"]) | Q(short_name=opts["store"])).first()
        if user is None or scope is None:
            raise CommandError(_("找不到该用户或审查机关。"))
        for raw in opts["paths"]:
            try:
                job = queue_batch(user, scope, Path(raw).resolve())
            except ValidationError as exc:
                raise CommandError(f"{raw}：{'；'.join(exc.messages)}") from exc
            except PermissionDenied as exc:
                raise CommandError(f"{raw}：{exc}") from exc
            self.stdout.write(
                _("已排入后台任务 #%(id)s：%(title)s") % {"id": job.pk, "title": job.title}
            )

    def write(self, outcomes: list[Outcome], opts: dict[str, Any]) -> None:
        fmt = opts["format"]
        if fmt == "xlsx":
            Path(opts["out"]).write_bytes(_xlsx(outcomes))
            return
        text = {"json": _json, "truth": _truth, "csv": _csv}[fmt](outcomes, opts)
        if opts["out"]:
            Path(opts["out"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")


def settle_years(outcomes: list[Outcome]) -> None:
    """Splits left open in one report, settled by last year's report of the same agency."""
    by_key = {(o.report.agency, o.report.year): o for o in outcomes if o.report}
    for outcome in outcomes:
        report = outcome.report
        if report is None or report.year is None:
            continue
        previous = by_key.get((report.agency, report.year - 1))
        if previous and previous.report and settle_with_previous(previous.report, report):
            outcome.result = audit(report)


def _dump(data: Any, indent: int | None = 1) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, default=str)


def _truth(outcomes: list[Outcome], opts: dict[str, Any]) -> str:
    if len(outcomes) == 1:
        only = outcomes[0]
        data = (
            serialization.to_truth(only.report, only.result)
            if only.report
            else {"error": only.error}
        )
        return _dump(data) + "\n"
    lines = []
    for o in outcomes:
        data = serialization.to_truth(o.report, o.result) if o.report else {"error": o.error}
        lines.append(_dump({"source": o.name, **data}, indent=None))
    return "\n".join(lines) + "\n"


def _json(outcomes: list[Outcome], opts: dict[str, Any]) -> str:
    documents = []
    for o in outcomes:
        if o.report is None:
            documents.append({"source": o.name, "error": o.error, "error_code": o.error_code})
            continue
        data = serialization.to_json(o.report, o.result)
        data["cross_year"] = [serialization.checks_json(r) for r in o.cross_year]
        documents.append({"source": o.name, **data})
    return _dump(documents if len(documents) != 1 else documents[0]) + "\n"


def _summary(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    rows = []
    for o in outcomes:
        if o.report is None or o.result is None:
            rows.append(serialization.failed_row(o.name, o.error or ""))
            continue
        row = serialization.summary_row(o.name, o.report, o.result)
        row["cross_year_warnings"] = sum(len(r.warnings) for r in o.cross_year)
        rows.append(row)
    return rows


def _csv(outcomes: list[Outcome], opts: dict[str, Any]) -> str:
    if opts["cells"]:
        rows = [r for o in outcomes if o.report for r in serialization.cell_rows(o.name, o.report)]
        return serialization.to_csv(rows, serialization.CELL_FIELDS)
    return serialization.to_csv(
        _summary(outcomes), [*serialization.SUMMARY_FIELDS, "cross_year_warnings"]
    )


def _xlsx(outcomes: list[Outcome]) -> bytes:
    cells = [r for o in outcomes if o.report for r in serialization.cell_rows(o.name, o.report)]
    findings = [
        r
        for o in outcomes
        if o.report and o.result
        for r in serialization.finding_rows(o.name, o.report, o.result, o.cross_year)
    ]
    return serialization.to_xlsx({
        "汇总": ([*serialization.SUMMARY_FIELDS, "cross_year_warnings"], _summary(outcomes)),
        "单元格": (serialization.CELL_FIELDS, cells),
        "发现": (serialization.FINDING_FIELDS, findings),
    })  # fmt: skip
