"""Uploading reports for review: the one place that creates an IngestedReport.

Who may: staff with the supervisor or agency-admin role (`permissions.can_supervise` in the
agency they upload under). Who sees: whoever supervises that agency — the uploader's scope and
its ancestors — never a sideways agency. Every upload, and every refused one, is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.applications.reportmodel.model import AnnualReport, CellStatus
from gongkai.core import audit as audit_log
from gongkai.core import jobs

from . import agency_names
from .audit import audit
from .ingest import IngestError
from .ingest.guard import parse_guarded
from .models import IngestedReport
from .serialization import iter_cells, to_json

UPLOAD_TIMEOUT = 30.0  # seconds per document in a web request (the corpus PDF takes 0.5 s)


def reviewer_scopes(user: Any) -> QuerySet[Agency]:
    """Agencies where the user holds the supervisor or admin role (granted there)."""
    return Agency.objects.active().filter(path__in=perm.subtree_paths(user))


can_review_reports = perm.can_review_reports


def visible_reports(user: Any) -> QuerySet[IngestedReport]:
    """Reports uploaded anywhere in the subtrees the user supervises or administers."""
    paths = perm.subtree_paths(user)
    if not paths:
        return IngestedReport.objects.none()
    where = Q()
    for path in paths:
        where |= Q(scope__path__startswith=path)
    return IngestedReport.objects.filter(where).select_related("scope", "agency", "uploaded_by")


def _tree_agency(name: str | None, user: Any) -> Agency | None:
    if not name:
        return None
    return perm.visible_agencies(user).filter(Q(name=name) | Q(short_name=name)).first()


def upload(
    user: Any, scope: Agency, data: bytes, filename: str, ip: str | None = None
) -> IngestedReport:
    """Parse one document (time-bounded), audit it and keep it. IngestError on a bad file."""
    perm.require(
        perm.can_supervise(user, scope), _("只有主管部门或机关管理员可以上传年度报告进行审查。")
    )
    try:
        report = parse_guarded(data, filename, timeout=UPLOAD_TIMEOUT)
    except IngestError as exc:
        audit_log.record(
            user, "reports.upload_refused", filename, ip, error=str(exc), code=exc.code
        )
        raise
    return keep(user, scope, report, data, filename, ip)


def keep(
    user: Any, scope: Agency, report: AnnualReport, data: bytes, filename: str, ip: str | None
) -> IngestedReport:
    """Audit a parsed report and store it once per scope and content (its SHA-256): the same
    file read again — a second upload, a resumed batch — returns the row already kept."""
    result = audit(report)
    fields = {
        "agency": _tree_agency(report.agency, user),
        "agency_name": (report.agency or "")[:100],
        "year": report.year,
        "format": str(report.format) if report.format else "",
        "filename": filename[:255],
        "form": report.source.form if report.source else "",
        "size": len(data),
        "source": data,
        "data": to_json(report, result),
        "errors": len(result.errors),
        "undecidable": len(result.undecidable),
        "unreadable": sum(
            1 for *_rest, c in iter_cells(report) if c.status is CellStatus.UNREADABLE
        ),
        "findings": len(report.findings),
        "uploaded_by": user,
    }
    sha = report.source.sha256 if report.source else ""
    try:
        with transaction.atomic():
            obj, created = IngestedReport.objects.get_or_create(
                scope=scope, sha256=sha, defaults=fields
            )
    except IntegrityError:  # the same file uploaded twice at once
        obj, created = IngestedReport.objects.get(scope=scope, sha256=sha), False
    audit_log.record(
        user,
        "reports.upload",
        obj,
        ip,
        filename=filename,
        sha256=sha,
        new=created,
        errors=obj.errors,
    )
    return obj


def queue_upload(
    user: Any, scope: Agency, data: bytes, filename: str, ip: str | None = None
) -> jobs.Job:
    """Read an uploaded report in a background job (a slow PDF must not time the request out).

    The permission is checked here, in the request, and again when the job runs."""
    perm.require(
        perm.can_supervise(user, scope), _("只有主管部门或机关管理员可以上传年度报告进行审查。")
    )
    return jobs.enqueue(
        read_upload,
        title=_("读取年度报告：%(name)s") % {"name": filename},
        owner=user,
        scope=scope.path,
        payload=data,
        user_id=user.pk,
        scope_id=scope.pk,
        filename=filename,
        ip=ip,
    )


def read_upload(
    run: jobs.JobRun, user_id: int, scope_id: int, filename: str, ip: str | None
) -> dict[str, str]:
    """Job handler: parse, audit and keep the report; an unreadable file fails the job."""
    user = get_user_model().objects.get(pk=user_id)
    scope = Agency.objects.get(pk=scope_id)
    run.progress(0, 1, _("正在读取与核对"))
    try:
        report = upload(user, scope, run.payload, filename, ip)
    except IngestError as exc:
        raise ValidationError(_("无法读取该报告：%(error)s") % {"error": exc}) from exc
    run.progress(1, 1, _("已读取“%(name)s”。") % {"name": report})
    return {"url": reverse("reports:detail", args=[report.pk]), "label": _("查看审查结果")}


def agency_candidates(user: Any, obj: IngestedReport) -> list[tuple[Agency, str]]:
    """Agencies in the user's tree that the report's printed name may mean (to be confirmed)."""
    if obj.agency_id is not None or not obj.agency_name:
        return []
    return agency_names.candidates(obj.agency_name, perm.visible_agencies(user).active())


def confirm_agency(user: Any, obj: IngestedReport, agency: Agency, ip: str | None = None) -> None:
    """Link an uploaded report to the agency in the tree that published it, once, audited.

    Only a candidate for the printed name may be chosen, by whoever may review the reports of
    the scope it was uploaded under; a second confirmation (two people at once) is refused.
    """
    perm.require(
        perm.can_supervise(user, obj.scope), _("只有主管部门或机关管理员可以确认报告机关。")
    )
    if agency not in [a for a, _why in agency_candidates(user, obj)]:
        raise ValueError(_("所选机关与报告中印的机关名称不对应。"))
    updated = IngestedReport.objects.filter(pk=obj.pk, agency__isnull=True).update(agency=agency)
    if updated != 1:
        raise ValueError(_("该报告的机关已被确认，请刷新页面。"))
    audit_log.record(
        user, "reports.confirm_agency", obj, ip, printed=obj.agency_name, agency=agency.name
    )
