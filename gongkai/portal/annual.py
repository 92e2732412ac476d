"""公开年报: the annual reports agencies publish from the back office (reports.annual).

A report appears here once its agency has published a version; every published version
stays readable (an amendment is a new version with its reason, 条例第五十条 ff. and the
report's own correction rule). Each opens as HTML, PDF or DOCX, rendered from the frozen
version, so a later change to the case records never changes what the public reads.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.reports.annual import render as renderers
from gongkai.reports.annual.models import AgencyReport, ReportStatus, ReportVersion
from gongkai.reports.serialization import from_json

from .caching import cacheable

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def published_reports() -> QuerySet[AgencyReport]:
    """Reports with at least one published version, newest version first in `versions`."""
    return (
        AgencyReport.objects.filter(status=ReportStatus.PUBLISHED, version__gt=0)
        .select_related("agency")
        .prefetch_related(Prefetch("versions", queryset=ReportVersion.objects.order_by("-number")))
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@cacheable
def annual_index(request: HttpRequest) -> HttpResponse:
    """By agency (in tree order) and year; ?agency= and ?year= narrow the list."""
    reports = published_reports()
    agency_id, year = _int(request.GET.get("agency")), _int(request.GET.get("year"))
    all_reports = list(reports.order_by("agency__path", "-year"))
    shown = [
        r
        for r in all_reports
        if (agency_id is None or r.agency_id == agency_id) and (year is None or r.year == year)
    ]
    agencies = Agency.objects.filter(pk__in={r.agency_id for r in all_reports}).order_by("path")
    context = {
        "reports": shown,
        "agencies": agencies,
        "years": sorted({r.year for r in all_reports}, reverse=True),
        "agency_id": agency_id,
        "year": year,
    }
    return render(request, "portal/gk/annual_index.html", context)


@cacheable
def annual_report(request: HttpRequest, pk: int) -> HttpResponse:
    """One agency's report on one year: its versions, each with its three formats."""
    report = get_object_or_404(published_reports(), pk=pk)
    versions = list(report.versions.all())
    return render(
        request,
        "portal/gk/annual_report.html",
        {"report": report, "current": versions[0], "versions": versions,
         "title": _title(report)},
    )  # fmt: skip


def annual_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    version = get_object_or_404(
        ReportVersion.objects.select_related("report__agency"),
        pk=pk,
        report__status=ReportStatus.PUBLISHED,
    )
    if fmt not in FORMATS:
        raise Http404
    built = from_json(version.data["report"])
    if fmt == "html":
        return HttpResponse(renderers.render_html(built), content_type=FORMATS[fmt])
    body = renderers.render_pdf(built) if fmt == "pdf" else renderers.render_docx(built)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = _("%(t)s（第%(n)s版）") % {"t": _title(version.report), "n": version.number}
    response["Content-Disposition"] = (
        content_disposition_header(fmt == "docx", f"{name}.{fmt}") or ""
    )
    return response


def _title(report: AgencyReport) -> str:
    return _("%(a)s%(y)s年政府信息公开工作年度报告") % {"a": report.agency.name, "y": report.year}
