"""Reference data: the caller's agencies and the working-day calendar."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.agencies import permissions as perm
from gongkai.core.workcalendar import get_calendar, out_of_range_message

from .. import serializers as api_serializers
from ..permissions import IsBackOfficeUser
from .common import ERRORS_400, ERRORS_403, REFERENCE, ApiMixin, PublicApiView


class AgencyListView(ApiMixin, APIView):
    permission_classes = [IsBackOfficeUser]

    @extend_schema(
        tags=[REFERENCE],
        summary=gettext_lazy("当前用户可见的机关（树，按路径排序）"),
        responses={200: api_serializers.StaffAgencySerializer(many=True), 403: ERRORS_403},
    )
    def get(self, request: Request) -> Response:
        agencies = perm.visible_agencies(request.user).order_by("path")
        data = api_serializers.StaffAgencySerializer(
            agencies, many=True, context={"request": request}
        ).data
        return Response(data)


class CalendarAddQuery(serializers.Serializer):
    start = serializers.DateField(help_text=gettext_lazy("起算日（当日不计入）"))
    days = serializers.IntegerField(min_value=0, max_value=3650, help_text=gettext_lazy("工作日数"))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return served_or_400(attrs, "start")


class CalendarBetweenQuery(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": [_("结束日期不能早于开始日期。")]})
        return served_or_400(attrs, "start", "end")


def served_or_400(attrs: dict[str, Any], *fields: str) -> dict[str, Any]:
    """Dates the calendar cannot answer for are refused, not computed (security H1)."""
    errors = {f: [message] for f in fields if (message := out_of_range_message(attrs[f]))}
    if errors:
        raise serializers.ValidationError(errors)
    return attrs


def rest_dict(r: Any) -> dict[str, Any]:
    return {"name": r.name, "start": r.start, "end": r.end}


class CalendarAddView(PublicApiView):
    @extend_schema(
        tags=[REFERENCE],
        summary=gettext_lazy("加 N 个工作日（含说明）"),
        description=gettext_lazy(
            "自起算日次日起算第 N 个工作日；跨入节假日安排未公布的年份时按法定节假日和周末计算并标为暂定。"
        ),
        parameters=[CalendarAddQuery],
        responses={200: api_serializers.WorkdayAddSerializer, 400: ERRORS_400},
    )
    def get(self, request: Request) -> Response:
        q = CalendarAddQuery(data=request.query_params)
        q.is_valid(raise_exception=True)
        result = get_calendar().add_working_days(
            q.validated_data["start"], q.validated_data["days"]
        )
        if message := out_of_range_message(result.date):
            raise serializers.ValidationError({"days": [message]})
        body = {
            "start": result.start,
            "days": result.days,
            "date": result.date,
            "provisional": result.provisional,
            "unannounced_years": list(result.unannounced_years),
            "skipped_rest": [rest_dict(r) for r in result.skipped_rest],
            "makeup_days": list(result.makeup_days),
            "explanation": result.explain(),
        }
        return Response(api_serializers.WorkdayAddSerializer(body).data)


class CalendarBetweenView(PublicApiView):
    @extend_schema(
        tags=[REFERENCE],
        summary=gettext_lazy("两个日期之间的工作日数（含说明）"),
        parameters=[CalendarBetweenQuery],
        responses={200: api_serializers.WorkdayBetweenSerializer, 400: ERRORS_400},
    )
    def get(self, request: Request) -> Response:
        q = CalendarBetweenQuery(data=request.query_params)
        q.is_valid(raise_exception=True)
        start, end = q.validated_data["start"], q.validated_data["end"]
        cal = get_calendar()
        n = cal.working_days_between(start, end)
        rests, makeups = cal.rests_between(start, end), cal.makeups_between(start, end)
        missing = [y for y in range(start.year, end.year + 1) if not cal.is_announced(y)]
        body = {
            "start": start,
            "end": end,
            "working_days": n,
            "provisional": bool(missing),
            "unannounced_years": missing,
            "rest": [rest_dict(r) for r in sorted(rests, key=lambda r: r.start)],
            "makeup_days": makeups,
            "explanation": between_explanation(start, end, n, rests, makeups, missing),
        }
        return Response(api_serializers.WorkdayBetweenSerializer(body).data)


def between_explanation(
    start: Any, end: Any, n: int, rests: list, makeups: list, missing: list
) -> str:
    parts = [
        _("自%(s)s次日起至%(e)s止，共%(n)d个工作日")
        % {"s": start.isoformat(), "e": end.isoformat(), "n": n}
    ]
    parts += [
        _("%(a)s至%(b)s %(name)s放假")
        % {"a": r.start.isoformat(), "b": r.end.isoformat(), "name": r.name}
        for r in sorted(rests, key=lambda r: r.start)
    ]
    parts += [_("%(d)s 调休上班") % {"d": d.isoformat()} for d in makeups]
    if missing:
        years = "、".join(str(y) for y in missing)
        parts.append(_("注意：%(y)s年节假日安排尚未公布，暂按法定节假日和周末计算") % {"y": years})
    return "；".join(parts)
