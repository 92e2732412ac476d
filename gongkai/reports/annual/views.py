"""Back office for an agency's own annual report: build and preview, edit sections and table
二 figures, check, publish (with an override reason when a rule fails), versions, downloads.

Views only read requests and call `annual.services`; permissions are the predicates of
`agencies.permissions`, asked again inside every service.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.agencies.views import staff_view
from gongkai.applications.reportmodel.model import AnnualReport
from gongkai.core.jobs import visible_jobs
from gongkai.core.models import Job, JobState
from gongkai.core.workflow import StepError

from ..formats import ACTIVE_ROWS, FIRST_YEAR, SECTION_TITLES, NoTemplateForYear
from ..serialization import from_json
from . import render as renderers
from . import services
from .board import board
from .build import build_annual_report
from .checks import check_report, failed
from .figures import ledger_counts
from .layout import grids, head_rows
from .models import ActiveFigure, AgencyReport, FigureSource, ReportVersion
from .narrative import PROMPT
from .summary import build_summary_report, check_summary, subtree

SUMMARY_HANDLER = f"{services.run_summary.__module__}.{services.run_summary.__qualname__}"

DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             renderers.render_docx),
    "pdf": ("application/pdf", renderers.render_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             renderers.render_xlsx),
    "html": ("text/html; charset=utf-8", lambda r: renderers.render_html(r).encode("utf-8")),
}  # fmt: skip


def _agency(request: HttpRequest, agency_id: int) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_id)
    if not perm.can_view_annual_report(request.user, agency):
        raise PermissionDenied(_("您不能查看该机关的年度报告。"))
    return agency


def _build(agency: Agency, year: int) -> AnnualReport:
    try:
        return build_annual_report(agency, year)
    except NoTemplateForYear:
        raise Http404(_("2019 年以前的年度报告没有统计表格式。")) from None


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    agencies = [
        a
        for a in perm.visible_agencies(request.user)
        if perm.can_view_annual_report(request.user, a)
    ]
    if not agencies:
        raise PermissionDenied(_("您不能查看任何机关的年度报告。"))
    chosen, year = request.GET.get("agency", ""), request.GET.get("year", "")
    if chosen.isdigit() and year.isdigit():
        return redirect("annual:detail", agency_id=int(chosen), year=int(year))
    last_year = timezone.localdate().year - 1
    years = list(range(last_year, 2018, -1))
    reports = {(r.agency_id, r.year): r for r in AgencyReport.objects.filter(agency__in=agencies)}
    # The last three years, and any earlier year someone has started a report on.
    shown = sorted(set(years[:3]) | {year for _a, year in reports}, reverse=True)
    rows = [(a, [(y, reports.get((a.pk, y))) for y in shown]) for a in agencies]
    context = {"rows": rows, "years": years, "shown_years": shown,
               "can_supervise": bool(perm.subtree_paths(request.user))}  # fmt: skip
    return render(request, "reports/annual/index.html", context)


@staff_view
def supervise(request: HttpRequest) -> HttpResponse:
    """A supervisor's board: every agency of its subtrees, not started / draft / published /
    late, for one year (by default the last one)."""
    roots = [a for a in Agency.objects.filter(path__in=perm.subtree_paths(request.user))]
    roots = [a for a in roots if perm.can_supervise(request.user, a)]
    if not roots:
        raise PermissionDenied(_("只有主管部门或机关管理员可以查看下级机关的年度报告进度。"))
    last_year = timezone.localdate().year - 1
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else last_year
    entries = [e for root in roots for e in board(root, year)]
    summaries = [r for r in roots if not any(r.path.startswith(o.path) and r != o for o in roots)]
    counts = Counter(e.status.value for e in entries)
    context = {"entries": entries, "year": year, "years": range(last_year, 2018, -1),
               "counts": counts, "late": sum(e.late for e in entries),
               "summaries": summaries}  # fmt: skip
    return render(request, "reports/annual/board.html", context)


def _summary_root(request: HttpRequest, agency_id: int) -> Agency:
    root = get_object_or_404(Agency, pk=agency_id)
    if not perm.can_supervise(request.user, root):
        raise PermissionDenied(_("只有主管部门或机关管理员可以生成下级机关的汇总报告。"))
    return root


# A subtree larger than this is summed in a background job with progress, not in the request.
SUMMARY_IN_REQUEST = 500


def _summary_job(request: HttpRequest, root: Agency, year: int) -> Job | None:
    """The finished 汇总 job `?job=` names: the user's own (or in a scope they administer),
    for this subtree and year; 404 otherwise."""
    raw = request.GET.get("job", "")
    if not raw:
        return None
    job = Job.objects.filter(
        pk=int(raw) if raw.isdigit() else 0, handler=SUMMARY_HANDLER, state=JobState.DONE
    ).first()
    visible = visible_jobs(request.user, perm.job_scopes(request.user))
    mine = job is not None and visible.filter(pk=job.pk).exists()
    if job is None or not mine or job.arguments.get("root_id") != root.pk:
        raise Http404(_("没有这个汇总任务。"))
    if job.arguments.get("year") != year:
        raise Http404(_("没有这个汇总任务。"))
    return job


@staff_view
def summary(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """The 汇总 report of a subtree: summed tables, every rule checked again. A large subtree
    is built by a background job (started here), whose finished report is shown as kept."""
    root = _summary_root(request, agency_id)
    count = len(subtree(root))
    context: dict[str, Any] = {"root": root, "year": year, "agencies": count}
    job = _summary_job(request, root, year)
    if job is not None:
        report = from_json(job.result["report"])
        failures, checked = job.result["failed"], job.result["checks"]
    elif count > SUMMARY_IN_REQUEST and request.GET.get("now") != "1":
        return render(request, "reports/annual/summary.html", {**context, "in_job": True})
    else:
        try:
            report = build_summary_report(root, year)
        except NoTemplateForYear:
            raise Http404(_("2019 年以前的年度报告没有统计表格式。")) from None
        result = check_summary(root, report)
        failures, checked = [c.message for c in failed(result)], len(result.checks)
    context |= {"report": report, "tables": _tables(report), "failed": failures,
                "checked": checked, "job": job}  # fmt: skip
    return render(request, "reports/annual/summary.html", context)


@staff_view
@require_POST
def summary_start(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    root = get_object_or_404(Agency, pk=agency_id)
    try:
        job = services.queue_summary(request.user, root, year)
    except StepError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("annual:board")
    return redirect("jobs:detail", pk=job.pk)


@staff_view
def summary_download(request: HttpRequest, agency_id: int, year: int, fmt: str) -> HttpResponse:
    """The 汇总 as a file: the one a finished job kept (`?job=`), else built now."""
    root = _summary_root(request, agency_id)
    job = _summary_job(request, root, year)
    if job is not None:
        report = from_json(job.result["report"])
    else:
        try:
            report = build_summary_report(root, year)
        except NoTemplateForYear:
            raise Http404 from None
    return _download(report, fmt, _("%(a)s%(y)s年度报告（汇总）") % {"a": root.name, "y": year})


def _tables(report: AnnualReport) -> list[dict[str, Any]]:
    names = dict(SECTION_TITLES)
    return [
        {"number": n, "title": names[n], "head": g[: head_rows(g)], "body": g[head_rows(g) :]}
        for n, g in grids(report).items()
    ]


def _figure_fields(agency: Agency, year: int, report: AnnualReport) -> list[dict[str, Any]]:
    assert report.active is not None
    figures = ActiveFigure.objects.filter(agency=agency, year=year)
    stored = {(f.row, f.column): f for f in figures}
    counted = ledger_counts(agency, year, report.active.format)
    return [
        {
            "row": row,
            "cells": [
                {
                    "column": c,
                    "name": f"{row.id}.{c.id}",
                    "figure": stored.get((row.id, c.id)),
                    "counted": counted.get((row.id, c.id)),
                }
                for c in row.columns
            ],
        }
        for row in ACTIVE_ROWS[report.active.format]
    ]


@staff_view
def detail(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_id)
    report = _build(agency, year)
    copy = AgencyReport.objects.filter(agency=agency, year=year).first()
    result = check_report(agency, report)
    context = {
        "agency": agency,
        "year": year,
        "report": report,
        "copy": copy,
        "tables": _tables(report),
        "failed": failed(result),
        "checked": len(result.checks),
        "gaps": gaps(report),
        "figures": _figure_fields(agency, year, report),
        "sources": FigureSource.choices,
        "versions": copy.versions.all() if copy else [],
        "can_edit": perm.can_edit_annual_report(request.user, agency),
        "can_publish": perm.can_publish_annual_report(request.user, agency),
        "formats": [str(f) for f in FIRST_YEAR],
    }
    return render(request, "reports/annual/detail.html", context)


def gaps(report: AnnualReport) -> list[str]:
    """What is still missing before publishing: blank table 二 cells, unfilled prompts."""
    found = []
    assert report.active is not None
    blank = [
        c for row in report.active.rows.values() for c in row.cells.values() if not c.is_number
    ]
    if blank:
        found.append(_("表二有 %(n)d 格未填写（发布后显示为空白）。") % {"n": len(blank)})
    prompts = sum(s.text.count(PROMPT) for s in report.sections)
    if prompts:
        found.append(_("正文仍有 %(n)d 处“%(p)s”。") % {"n": prompts, "p": PROMPT})
    return found


def _back(agency: Agency, year: int) -> HttpResponse:
    return redirect("annual:detail", agency_id=agency.pk, year=year)


@staff_view
@require_POST
def choose_format(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_id)
    try:
        services.choose_format(request.user, agency, year, request.POST.get("format", ""))
    except StepError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("报告格式已更改。"))
    return _back(agency, year)


@staff_view
@require_POST
def save_sections(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_id)
    texts = {n: request.POST.get(f"section-{n}", "") for n, _t in SECTION_TITLES}
    try:
        services.save_sections(request.user, agency, year, texts)
    except StepError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("正文已保存。"))
    return _back(agency, year)


@staff_view
@require_POST
def save_figures(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """Every changed figure is saved, or — if any is invalid — none is."""
    agency = _agency(request, agency_id)
    source = request.POST.get("source", FigureSource.MANUAL)
    errors: list[str] = []
    saved = 0
    with transaction.atomic():
        for key in request.POST:
            raw = request.POST.get(key, "")
            if "." not in key or key.startswith("unit.") or not raw.strip():
                continue
            row, column = key.split(".", 1)
            unit = request.POST.get(f"unit.{key}", "")
            try:
                services.save_figure(request.user, agency, year, row, column, raw, unit, source)
                saved += 1
            except StepError as exc:
                errors += exc.messages
        if errors:
            transaction.set_rollback(True)
    if errors:
        messages.error(request, _("表二数据未保存：%(e)s") % {"e": "；".join(errors)})
    else:
        messages.success(request, _("表二数据已保存（%(n)d 项）。") % {"n": saved})
    return _back(agency, year)


@staff_view
@require_POST
def publish(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_id)
    try:
        version = services.publish(
            request.user,
            agency,
            year,
            override_reason=request.POST.get("override_reason", ""),
            amendment_reason=request.POST.get("amendment_reason", ""),
        )
    except StepError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(agency, year)
    messages.success(request, _("已发布第 %(n)d 版。") % {"n": version.number})
    return redirect("annual:version", pk=version.pk)


def _download(report: AnnualReport, fmt: str, name: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404
    content_type, make = DOWNLOADS[fmt]
    response = HttpResponse(make(report), content_type=content_type)
    if fmt != "html":
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    return response


@staff_view
def download(request: HttpRequest, agency_id: int, year: int, fmt: str) -> HttpResponse:
    agency = _agency(request, agency_id)
    report = _build(agency, year)
    return _download(report, fmt, _("%(a)s%(y)s年度报告（草稿）") % {"a": agency.name, "y": year})


def _version(request: HttpRequest, pk: int) -> ReportVersion:
    version = get_object_or_404(ReportVersion.objects.select_related("report__agency"), pk=pk)
    _agency(request, version.report.agency_id)
    return version


@staff_view
def version(request: HttpRequest, pk: int) -> HttpResponse:
    found = _version(request, pk)
    report = from_json(found.data["report"])
    context = {"version": found, "agency": found.report.agency, "report": report,
               "tables": _tables(report)}  # fmt: skip
    return render(request, "reports/annual/version.html", context)


@staff_view
def version_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    found = _version(request, pk)
    name = _("%(a)s%(y)s年度报告（第%(n)s版）") % {
        "a": found.report.agency.name, "y": found.report.year, "n": found.number,
    }  # fmt: skip
    return _download(from_json(found.data["report"]), fmt, name)
