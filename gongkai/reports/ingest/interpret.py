"""From a `Document` (any input form) to an `AnnualReport`.

The three statutory tables are located by their own contents — table 三 by its first row
labels, table 四 by '行政复议' after it, table 二 by its '第二十条第（一）项' caption — never by
section numbers, which real reports shift, reorder and drop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import (
    AnnualReport,
    CellStatus,
    Finding,
    Severity,
    SourceInfo,
)

from .. import formats
from ..formats import Format
from .active import read_active
from .base import NotAnAnnualReport, Source
from .blocks import Document
from .labels import ACTIVE_PATTERNS, G, kw, present_markers
from .meta import detect_agency_year
from .narrative import extract_figures
from .requests import read_requests
from .review import read_review
from .sections import read_sections

_NEW = re.compile(kw("本年新收"))
_CARRIED = re.compile(kw("上年结转"))
_CARRY_NEXT = re.compile(f"{kw('结转下年度')}|{kw('下年度继续')}")
_REVIEW = re.compile(kw("行政复议"))
_REVIEW_END = re.compile(
    rf"[五六七]{G}、|{kw('存在的主要问题')}|{kw('主要问题')}|{kw('其他需要报告')}|{kw('改进情况')}"
)
_T3_HEAD = re.compile(f"{kw('收到和处理政府信息公开申请')}|{kw('勾稽关系')}|{kw('申请人情况')}")
_CAPTION = next(p.regex for p in ACTIVE_PATTERNS if p.key == "caption")
_ACTIVE_HEAD = re.compile(kw("主动公开政府信息情况"))


@dataclass
class Regions:
    active: tuple[int, int] | None = None
    requests: tuple[int, int] | None = None
    review: tuple[int, int] | None = None


def _requests_start(norm: str) -> int | None:
    for match in _NEW.finditer(norm):
        if _CARRIED.search(norm, match.end(), match.end() + 3000):
            return match.start()
    carried = _CARRIED.search(norm)
    return carried.start() if carried else None


def _active_region(norm: str, limit: int | None) -> tuple[int, int] | None:
    end_search = limit if limit is not None else len(norm)
    caption = _CAPTION.search(norm, 0, end_search)
    heads = [m.start() for m in _ACTIVE_HEAD.finditer(norm, 0, end_search)]
    start = caption.start() if caption else (heads[-1] if heads else None)
    if start is None:
        return None
    end = limit if limit is not None else min(len(norm), start + 6000)
    head = _T3_HEAD.search(norm, start, end)
    return start, head.start() if head else end


def find_regions(norm: str) -> Regions:
    regions = Regions()
    start = _requests_start(norm)
    if start is not None:
        carry = _CARRY_NEXT.search(norm, start)
        review = _REVIEW.search(norm, carry.end() if carry else start)
        end = review.start() if review else min(len(norm), start + 30000)
        regions.requests = (start, end)
        if review:
            stop = _REVIEW_END.search(norm, review.end(), review.end() + 6000)
            regions.review = (
                review.start(),
                stop.start() if stop else min(len(norm), review.end() + 6000),
            )
    regions.active = _active_region(norm, start)
    return regions


def _narrative_format(doc: Document, year: int | None) -> str | None:
    """A registered format without tables that the document's markers (or its year) show."""
    narrative = [f for f in formats.registered() if not f.has_tables]
    detected = formats.detect(present_markers(doc.norm, 0, len(doc.norm), "document"), "document")
    for fmt in narrative:
        if fmt.id == detected or (year is not None and fmt.covers(year)):
            return fmt.id
    return None


def interpret(doc: Document, source: Source) -> AnnualReport:
    if not doc.text.strip():
        raise NotAnAnnualReport(
            _("文件中没有可读取的文字（可能是扫描件或空文档），无法识别年度报告。")
        )
    agency, year = detect_agency_year(doc)
    info = SourceInfo(source.filename, doc.form, len(source.data), source.sha256, doc.encoding)
    report = AnnualReport(agency=agency, year=year, source=info)
    _read_tables(doc, report)
    report.sections, section_findings = read_sections(doc)
    report.findings += section_findings
    if report.requests is None and report.active is None and report.review is None:
        _without_tables(doc, report)
    _require_report(report)
    report.format = report.format or report.overall_format()
    if any(f.code == "format_unrecognised" for f in report.findings):
        report.format = None  # 未识别的格式: the cells stay, read by the year's rows
    if report.format is Format.HYBRID:
        report.findings.append(_hybrid_finding(report))
    return report


def _read_tables(doc: Document, report: AnnualReport) -> None:
    regions = find_regions(doc.norm)
    if regions.requests:
        outcome = read_requests(doc, *regions.requests, _year_format(report.year))
        report.requests = outcome.table
        report.findings += outcome.findings
    if regions.active:
        fallback = report.requests.format if report.requests else _year_format(report.year)
        report.active, findings = read_active(
            doc, *regions.active, fallback or formats.buildable()[0].id
        )
        report.findings += findings
    if regions.review:
        report.review, findings = read_review(doc, *regions.review)
        report.findings += findings


def _require_report(report: AnnualReport) -> None:
    """A text without a report title whose 'tables' are mostly unreadable is not a report."""
    if report.year is not None or _is_narrative(report.format):
        return
    cells = [c for r in (report.requests.rows if report.requests else []) for c in r.cells]
    readable = sum(1 for c in cells if c.status is not CellStatus.UNREADABLE)
    if readable * 2 < len(cells) or (not cells and report.active is None):
        message = _("未识别为政府信息公开工作年度报告：没有报告标题，表格也大多无法读取。")
        raise NotAnAnnualReport(message)


def _is_narrative(format_id: str | None) -> bool:
    return formats.is_registered(format_id) and not formats.get(format_id).has_tables  # type: ignore[arg-type]


def _year_format(year: int | None) -> str | None:
    """The format the registry gives the report's year (None: unknown year, or none fits)."""
    try:
        return formats.format_for_year(year) if year is not None else None
    except formats.NoTemplateForYear:
        return None


def _without_tables(doc: Document, report: AnnualReport) -> None:
    narrative = _narrative_format(doc, report.year)
    if narrative is not None:
        report.format = narrative
        report.figures = extract_figures(doc)
        return
    if report.year is None:
        raise NotAnAnnualReport(
            _("未识别为政府信息公开工作年度报告：既没有法定表格，也没有报告标题。")
        )
    message = _("未找到法定表格（表二、表三、表四），可能是扫描件或表格以图片发布。")
    report.findings.append(Finding("tables_missing", message, Severity.WARNING))


def _hybrid_finding(report: AnnualReport) -> Finding:
    message = _("表二按 %(active)s 年格式、表三按 %(requests)s 年格式填报（新旧格式混用）。")
    values = {
        "active": report.active.format if report.active else "?",
        "requests": report.requests.format if report.requests else "?",
    }
    return Finding("format_hybrid", message % values, Severity.INFO)
