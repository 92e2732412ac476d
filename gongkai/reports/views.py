"""Back office: upload published reports, review each beside its source, compare, export.

Every view is a `staff_view` (login; back-office users only; PermissionDenied → 403 page) and
additionally requires the supervisor or agency-admin role; what a user sees is limited to the
reports uploaded in the subtrees they supervise (`services.visible_reports`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from gongkai.core.http import client_ip
from gongkai.core.models import JobState
from gongkai.core.private_files import PrivateUploadHandler
from gongkai.core.web import staff_view

from . import bulk, charts, presenters, serialization, services
from .audit import audit, audit_pair
from .forms import CompareForm, UploadForm
from .ingest.active import settle_with_previous
from .models import IngestedReport


def _require_reviewer(request: HttpRequest) -> None:
    if not services.can_review_reports(request.user):
        raise PermissionDenied(_("只有主管部门或机关管理员可以审查年度报告。"))


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    form = UploadForm(scopes=services.reviewer_scopes(request.user))
    reports = services.visible_reports(request.user)
    year = request.GET.get("year")
    if year and year.isdigit():
        reports = reports.filter(year=int(year))
    years = sorted(
        {y for y in services.visible_reports(request.user).values_list("year", flat=True) if y},
        reverse=True,
    )
    return render(
        request,
        "reports/index.html",
        {"form": form, "reports": reports, "years": years, "year": year},
    )


@csrf_exempt  # only so the handler can be set before the body is read: checked just below
def upload(request: HttpRequest) -> HttpResponseBase:
    """A report, or a province's ZIP of up to 500 MB: every uploaded file is streamed to disk
    in the private batch folder as it arrives, never held in memory. The CSRF check reads the
    body, so it runs after the handler is set (and after the staff gate: a stranger's upload
    is never written)."""
    request.upload_handlers = [PrivateUploadHandler(request, bulk.upload_folder())]
    return _upload(request)


@staff_view
@require_POST
@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    form = UploadForm(request.POST, request.FILES, scopes=services.reviewer_scopes(request.user))
    if form.is_valid() and form.is_batch():
        try:
            return _queue_batch(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
    elif form.is_valid():
        data, filename = form.document()
        job = services.queue_upload(
            request.user, form.cleaned_data["scope"], data, filename, client_ip(request)
        )
        if job.state == JobState.DONE:  # already read (a fast worker, or tests run jobs at once)
            messages.success(request, job.message)
            return redirect(job.result["url"])
        if job.state == JobState.FAILED:
            form.add_error(None, job.error)
        else:
            messages.info(request, _("报告已上传，正在后台读取；读取完成后可在此查看结果。"))
            return redirect("jobs:detail", pk=job.pk)
    reports = services.visible_reports(request.user)
    return render(
        request, "reports/index.html", {"form": form, "reports": reports, "years": []}, status=400
    )


def _queue_batch(request: HttpRequest, form: UploadForm) -> HttpResponse:
    """Keep the ZIP (checked on disk by the form) as a private file and read it in one
    background job, which removes it at the end; nothing kept when it holds no report."""
    source = bulk.save_upload(form.cleaned_data["file"])
    try:
        job = bulk.queue_batch(request.user, form.cleaned_data["scope"], source, client_ip(request))
    except ValidationError:
        source.unlink(missing_ok=True)
        raise
    return redirect("jobs:detail", pk=job.pk)  # its page shows n of N and the failed files


def _visible(request: HttpRequest, pk: int) -> IngestedReport:
    _require_reviewer(request)
    return get_object_or_404(services.visible_reports(request.user), pk=pk)


@staff_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _visible(request, pk)
    report = obj.report()
    previous = _previous_year(request, obj)
    if previous is not None:  # last year's 现行有效 may settle a split left open here
        settle_with_previous(previous, report)
    result = audit(report)
    context = {
        "obj": obj,
        "report": report,
        "columns": [c.label for c in report.requests.columns()] if report.requests else [],
        "review_parts": [_("结果维持"), _("结果纠正"), _("其他结果"), _("尚未审结"), _("总计")],
        "active_groups": presenters.active_groups(report),
        "request_rows": presenters.requests_rows(report, result),
        "review_rows": presenters.review_rows(report, result),
        "figures": presenters.figure_rows(report.figures),
        "checks": presenters.checks_by_status(result),
        "headline": presenters.headline(report, result),
        "unreadable": presenters.unreadable_cells(report),
        "cross_year": _cross_year(previous, report),
        "versions": presenters.other_versions(report, _same_year(request, obj)),
        "agency_candidates": services.agency_candidates(request.user, obj),
    }
    return render(request, "reports/detail.html", context)


def _previous_year(request: HttpRequest, obj: IngestedReport) -> Any:
    """Last year's report of the same agency, if it was uploaded too (parsed), else None."""
    if not obj.year or not obj.agency_name:
        return None
    previous = (
        services.visible_reports(request.user)
        .filter(agency_name=obj.agency_name, year=obj.year - 1)
        .first()
    )
    return previous.report() if previous is not None else None


def _same_year(request: HttpRequest, obj: IngestedReport) -> list[tuple[IngestedReport, Any]]:
    """Other uploads of the same agency's report for the same year (visible to this user)."""
    if not obj.year or not obj.agency_name:
        return []
    same = services.visible_reports(request.user).filter(agency_name=obj.agency_name, year=obj.year)
    return [(other, other.report()) for other in same.exclude(pk=obj.pk).order_by("uploaded_at")]


def _cross_year(previous: Any, report: Any) -> list[Any]:
    """Checks against last year's report of the same agency: what did not pass."""
    if previous is None:
        return []
    return [c for c in audit_pair(previous, report).checks if c.status.value != "pass"]


@staff_view
@require_POST
def confirm_agency(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer confirms which agency in the tree published the report."""
    obj = _visible(request, pk)
    chosen = request.POST.get("agency", "")
    agency = next(
        (a for a, _why in services.agency_candidates(request.user, obj) if str(a.pk) == chosen),
        None,
    )
    try:
        if agency is None:
            raise ValueError(_("请从列出的机关中选择一个。"))
        services.confirm_agency(request.user, obj, agency, client_ip(request))
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认报告机关：%(name)s。") % {"name": agency.name})
    return redirect("reports:detail", pk=obj.pk)


@staff_view
def source(request: HttpRequest, pk: int) -> HttpResponse:
    """The original file, always as a download: never rendered in our origin (it may be hostile)."""
    obj = _visible(request, pk)
    response = HttpResponse(bytes(obj.source), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, obj.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@staff_view
def compare(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    all_reports = list(services.visible_reports(request.user).order_by("agency_name", "year"))
    years = sorted({r.year for r in all_reports if r.year})
    form = CompareForm(request.GET or None, years=years)
    metric = form.cleaned_data.get("metric") if form.is_valid() else None
    metric = metric or "new_received"
    year = form.cleaned_data.get("year") if form.is_valid() else None
    chosen = [r for r in all_reports if year is None or r.year == year]
    label = dict(CompareForm.METRICS)[metric]
    return render(
        request, "reports/compare.html", {"form": form, **_charts(chosen, metric, str(label))}
    )


def _charts(reports: list[IngestedReport], metric: str, label: str) -> dict[str, Any]:
    parsed = [(r, r.report()) for r in reports]
    names = [f"{r.agency_name or r.filename} {r.year or ''}" for r, _p in parsed]
    values = [presenters.metric(p, metric, r.errors) for r, p in parsed]
    by_agency: dict[str, dict[int, int | None]] = defaultdict(dict)
    for (r, _p), v in zip(parsed, values, strict=True):
        if r.year:
            by_agency[r.agency_name or r.filename][r.year] = v
    years = sorted({y for series in by_agency.values() for y in series})
    series = [charts.Series(a, [s.get(y) for y in years]) for a, s in by_agency.items()]
    parts = [presenters.outcome_parts(p) for _r, p in parsed]
    outcome = [
        charts.Series(str(name), [row[k] for row in parts])
        for k, (name, _pre) in enumerate(presenters.OUTCOME_GROUPS)
    ]
    return {
        "rows": list(zip(names, values, [r for r, _p in parsed], strict=True)),
        "metric_label": label,
        "bar": charts.bar_chart(names, [float(v) if v is not None else None for v in values], label)
        if parsed
        else "",
        "line": charts.line_chart([str(y) for y in years], series, label) if len(years) > 1 else "",
        "stacked": charts.stacked_bars(names, outcome, _("办理结果构成（总计列）"))
        if parsed
        else "",
    }


@staff_view
def export_dataset(request: HttpRequest, fmt: str) -> HttpResponse:
    """The visible dataset: csv (summary or ?cells=1), xlsx (three sheets), json (truth shape)."""
    _require_reviewer(request)
    if fmt not in ("csv", "xlsx", "json"):
        raise Http404
    reports = services.visible_reports(request.user)
    if request.GET.get("year", "").isdigit():
        reports = reports.filter(year=int(request.GET["year"]))
    items = [(obj.filename, obj, obj.report()) for obj in reports]
    audited = [(name, obj, report, audit(report)) for name, obj, report in items]
    if fmt == "json":
        data = [
            {"id": obj.pk, "file": name, **serialization.to_truth(report, result)}
            for name, obj, report, result in audited
        ]
        body: bytes = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        content_type = "application/json; charset=utf-8"
    elif fmt == "xlsx":
        body = serialization.to_xlsx(_sheets(audited))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        rows = [
            serialization.summary_row(name, report, result) for name, _o, report, result in audited
        ]
        if request.GET.get("cells"):
            text = serialization.to_csv(
                [r for n, _o, rep, _r in audited for r in serialization.cell_rows(n, rep)],
                serialization.CELL_FIELDS,
            )
        else:
            text = serialization.to_csv(rows, serialization.SUMMARY_FIELDS)
        body, content_type = (
            ("\ufeff" + text).encode("utf-8"),
            "text/csv; charset=utf-8",
        )  # BOM: Excel opens UTF-8
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, _("年度报告数据") + f".{fmt}"
    )
    return response


def _sheets(audited: list[Any]) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    return {
        _("汇总"): (
            serialization.SUMMARY_FIELDS,
            [serialization.summary_row(n, rep, res) for n, _o, rep, res in audited],
        ),
        _("单元格"): (
            serialization.CELL_FIELDS,
            [r for n, _o, rep, _res in audited for r in serialization.cell_rows(n, rep)],
        ),
        _("发现"): (
            serialization.FINDING_FIELDS,
            [r for n, _o, rep, res in audited for r in serialization.finding_rows(n, rep, res)],
        ),
    }
