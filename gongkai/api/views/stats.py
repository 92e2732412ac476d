"""Case counts per visible agency."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.applications.decisions import Decision
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationQuerySet,
    DueState,
    Status,
)

from .. import serializers as api_serializers
from ..permissions import IsBackOfficeUser
from .common import ERRORS_400, ERRORS_403, STATS, ApiMixin


class StatsView(ApiMixin, APIView):
    permission_classes = [IsBackOfficeUser]

    @extend_schema(
        tags=[STATS],
        summary=gettext_lazy("按机关统计：状态、期限状态、答复类型"),
        description=gettext_lazy("统计当前用户可见的每个机关（主管部门：整个下级树）。"),
        parameters=[
            OpenApiParameter("year", int, description=gettext_lazy("申请年度；不填为全部"))
        ],
        responses={200: api_serializers.StatsSerializer, 400: ERRORS_400, 403: ERRORS_403},
    )
    def get(self, request: Request) -> Response:
        year = request.query_params.get("year")
        if year is not None and not year.isdigit():
            raise ValidationError({"year": [_("年度应为四位数字。")]})
        agencies = list(perm.visible_agencies(request.user).order_by("path"))
        qs = Application.objects.filter(agency__in=agencies)
        if year:
            qs = qs.filter(year=int(year))
        body = {
            "year": int(year) if year else None,
            "labels": stats_labels(),
            **stats_rows(agencies, qs),
        }
        return Response(api_serializers.StatsSerializer(body).data)


def stats_labels() -> dict[str, dict[str, str]]:
    return {
        "status": {k: str(v) for k, v in Status.choices},
        "due_state": {k: str(v) for k, v in DueState.choices},
        "decision": {k: str(v) for k, v in Decision.choices},
    }


def stats_rows(agencies: list[Agency], qs: ApplicationQuerySet) -> dict[str, Any]:
    rows = {a.pk: empty_row(a) for a in agencies}
    totals = empty_row(None)
    groups = [
        ("by_status", qs, "status"),
        ("by_due_state", qs.open(), "due_state"),
        ("by_decision", qs.exclude(decision=""), "decision"),
    ]
    for key, subset, field in groups:
        for r in subset.values("agency", field).annotate(n=Count("id")):
            for row in (rows[r["agency"]], totals):
                row[key][r[field]] = row[key].get(r[field], 0) + r["n"]
    for row in [*rows.values(), totals]:
        row["total"] = sum(row["by_status"].values())
        row["open"] = sum(n for st, n in row["by_status"].items() if st in OPEN_STATUSES)
    return {"totals": totals, "agencies": list(rows.values())}


def empty_row(agency: Agency | None) -> dict[str, Any]:
    brief = {"id": agency.pk, "code": agency.code, "name": agency.name} if agency else None
    return {
        "agency": brief,
        "total": 0,
        "open": 0,
        "by_status": {},
        "by_due_state": {},
        "by_decision": {},
    }
