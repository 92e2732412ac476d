"""The REST API: the same services and permission predicates as the back office.

Every case action is one POST that calls one service verb; every refusal is
Chinese (errors.py). A case outside the caller's visible agencies does not
exist for them (404); a visible case they may not act on is refused (403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.decisions import Decision
from gongkai.applications.intake import APPLICANT_FIELDS
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationQuerySet,
    DueState,
    Status,
)
from gongkai.applications.steps import STEPS, Step
from gongkai.core import audit
from gongkai.core.http import client_ip
from gongkai.core.pagination import CappedPageNumberPagination
from gongkai.core.workcalendar import get_calendar, out_of_range_message
from gongkai.portal import throttle
from gongkai.portal.public import public_case, public_letter
from gongkai.portal.submission import check_identity_upload, submit_with_identity
from gongkai.portal.views import TRACK_FAILED, letter_response

from . import errors
from . import serializers as s
from .permissions import DENIED, IsBackOfficeUser

CASES = "申请办理"
PUBLIC = "公众"
REFERENCE = "机关与工作日"
STATS = "统计"

ERRORS_400 = OpenApiResponse(s.ErrorSerializer, description="输入有误或案件状态不允许（中文说明）")
ERRORS_403 = OpenApiResponse(s.DetailSerializer, description="未登录或无权限")
ERRORS_404 = OpenApiResponse(s.DetailSerializer, description="不存在或不在可见范围内")
ERRORS_409 = OpenApiResponse(s.ErrorSerializer, description="案件已被他人处理，请刷新后重试")
ERRORS_429 = OpenApiResponse(s.DetailSerializer, description="操作过于频繁")
ACTION_RESPONSES = {
    200: s.ApplicationDetailSerializer,
    400: ERRORS_400,
    403: ERRORS_403,
    404: ERRORS_404,
    409: ERRORS_409,
}


class ApiMixin:
    # Chinese errors in one shape for every view of this API. (A comment, not a
    # docstring: drf-spectacular would publish a docstring as every operation's description.)

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return errors.handle


def applicant_data(validated: dict[str, Any]) -> dict[str, Any]:
    return {k: validated.get(k, "") for k in APPLICANT_FIELDS}


def visible_cases(user: Any) -> ApplicationQuerySet:
    return Application.objects.filter(agency__in=perm.visible_agencies(user)).select_related(
        "agency"
    )


# -- the case list and its filters ------------------------------------------------

LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=Status.values, description="案件状态"),
    OpenApiParameter("agency", str, description="机关 id 或代码（如 TCBGS）"),
    OpenApiParameter("subtree", bool, description="与 agency 同用：包含其下级机关"),
    OpenApiParameter("year", int, description="申请年度（编号年度）"),
    OpenApiParameter("due_state", str, enum=DueState.values, description="期限状态（仅办理中）"),
]


def filter_cases(qs: ApplicationQuerySet, params: Any) -> ApplicationQuerySet:
    """Apply the list filters; unknown values are a 400 with Chinese messages."""
    errs: dict[str, list[str]] = {}
    if value := params.get("status"):
        if value in Status.values:
            qs = qs.filter(status=value)
        else:
            errs["status"] = [_("状态取值无效。")]
    if value := params.get("due_state"):
        if value in DueState.values:
            qs = qs.open().filter(due_state=value)
        else:
            errs["due_state"] = [_("期限状态取值无效。")]
    if value := params.get("year"):
        if value.isdigit():
            qs = qs.filter(year=int(value))
        else:
            errs["year"] = [_("年度应为四位数字。")]
    if value := params.get("agency"):
        agency = Agency.objects.filter(
            **({"pk": value} if value.isdigit() else {"code": value})
        ).first()
        if agency is None:
            errs["agency"] = [_("机关不存在。")]
        elif params.get("subtree") in ("1", "true", "True"):
            qs = qs.filter(agency__path__startswith=agency.path)
        else:
            qs = qs.filter(agency=agency)
    if errs:
        raise ValidationError(errs)
    return qs


class RegisteredSerializer(serializers.Serializer):
    application = s.ApplicationDetailSerializer()
    tracking_code = serializers.CharField(
        help_text="查询码：只返回这一次，请写入受理回执告知申请人"
    )


@extend_schema_view(
    list=extend_schema(
        tags=[CASES],
        summary="可见范围内的申请列表",
        description="仅列出当前用户可见机关的申请；非受理机关工作人员看到的个人信息已脱敏。",
        parameters=LIST_PARAMETERS,
        responses={200: s.ApplicationListSerializer(many=True), 400: ERRORS_400, 403: ERRORS_403},
    ),
    retrieve=extend_schema(
        tags=[CASES],
        summary="申请详情",
        description="含办理记录、期限计算说明、补正、征求意见、延期、收费、文书、送达、复议诉讼。",
        responses={200: s.ApplicationDetailSerializer, 403: ERRORS_403, 404: ERRORS_404},
    ),
    create=extend_schema(
        tags=[CASES],
        summary="登记申请（当面、邮寄、传真、电子邮件等）",
        description="收到申请之日按条例第三十一条由申请方式确定；需双方确认的方式可稍后确认。",
        request=s.RegisterSerializer,
        responses={201: RegisteredSerializer, 400: ERRORS_400, 403: ERRORS_403},
    ),
)
class ApplicationViewSet(ApiMixin, viewsets.GenericViewSet):
    permission_classes = [IsBackOfficeUser]
    pagination_class = CappedPageNumberPagination  # no COUNT(*) over every visible case
    serializer_class = s.ApplicationDetailSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> ApplicationQuerySet:
        return visible_cases(self.request.user)

    def case_body(self, app: Application) -> dict[str, Any]:
        return dict(s.ApplicationDetailSerializer(app, context=self.get_serializer_context()).data)

    def list(self, request: Request) -> Response:
        qs = filter_cases(self.get_queryset(), request.query_params)
        page = self.paginate_queryset(qs)
        data = s.ApplicationListSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(data.data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        app = self.get_object()
        services.note_personal_data_view(request.user, app)  # full data is in the body
        return Response(self.case_body(app))

    def create(self, request: Request) -> Response:
        ser = s.RegisterSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        perm.require(
            perm.can_register_in(request.user, d["agency"]), str(DENIED[perm.can_handle_case])
        )
        app, code = services.register(
            request.user,
            d["agency"],
            applicant_data(d),
            d["channel"],
            d["arrived_on"],
            d.get("confirmed_on"),
        )
        body = {"application": self.case_body(app), "tracking_code": code}
        return Response(body, status=status.HTTP_201_CREATED)

    # -- one POST per step: generated from applications.steps.STEPS (below the class) --

    def act(self, step: Step) -> Response:
        """Permission first, then the input; the service verb checks the permission again
        and the step's precondition (a 400 with its reason)."""
        app = self.get_object()
        perm.require(step.permitted(self.request.user, app), str(DENIED[step.permitted]))
        context = {"app": app, "request": self.request}
        ser = STEP_INPUTS[step.name].input(data=self.request.data, context=context)
        ser.is_valid(raise_exception=True)
        step.take(self.request.user, app, ser.validated_data)
        app.refresh_from_db()
        return Response(self.case_body(app))


@dataclass(frozen=True)
class ApiStep:
    """A step's API face: its input serializer and the OpenAPI summary."""

    input: type[serializers.Serializer]
    summary: str


# One row per entry of STEPS that has an API path (tests/applications/test_step_registry.py).
STEP_INPUTS: dict[str, ApiStep] = {
    "confirm": ApiStep(s.ConfirmReceiptInput, "确认收到申请（条例第三十一条）"),
    "correction": ApiStep(s.CorrectionInput, "发出补正告知（条例第三十条）"),
    "receive_correction": ApiStep(s.CorrectionReceivedInput, "收到补正材料：答复期限重新计算"),
    "consult": ApiStep(s.ConsultationInput, "征求第三方或其他机关意见（条例第三十二、三十四条）"),
    "opinion": ApiStep(s.OpinionInput, "记录征求意见结果"),
    "extension": ApiStep(s.ExtensionInput, "申请延长答复期限（条例第三十三条）"),
    "decide_extension": ApiStep(s.ExtensionDecisionInput, "审批延期（审核人）"),
    "fee": ApiStep(s.FeeNoticeInput, "发出收费通知（国办函〔2020〕109号）"),
    "payment": ApiStep(s.PaymentInput, "记录缴费"),
    "abandon": ApiStep(s.AbandonInput, "视为放弃申请（逾期不补正或不缴费）"),
    "withdraw": ApiStep(s.WithdrawInput, "申请人撤回申请"),
    "propose": ApiStep(s.DecisionInput, "拟定答复（条例第三十六—三十九条），提交审核"),
    "return": ApiStep(s.DecisionReturnInput, "退回拟定的答复（审核人）"),
    "approve": ApiStep(s.DecisionApproveInput, "审核通过并答复：生成答复告知书（审核人）"),
    "deliver": ApiStep(s.DeliveryInput, "记录送达"),
    "letter": ApiStep(s.IssueLetterInput, "出具文书（受理回执、补正告知书、延期答复告知书等）"),
    "upload": ApiStep(s.AttachmentInput, "上传材料（身份证明、申请表扫描件、证据等）"),
    "appeal": ApiStep(s.AppealInput, "记录行政复议或行政诉讼"),
    "conclude_appeal": ApiStep(s.AppealResultInput, "记录复议或诉讼结果"),
}


def step_action(step: Step) -> Callable[..., Response]:
    """The viewset action for one step: POST /api/applications/<pk>/<step.api>/."""

    def handler(self: ApplicationViewSet, request: Request, pk: str | None = None) -> Response:
        return self.act(step)

    handler.__name__ = step.api.replace("-", "_")
    routed = action(detail=True, methods=["post"], url_path=step.api)(handler)
    return extend_schema(  # after @action, which would replace the schema's kwargs
        tags=[CASES],
        summary=STEP_INPUTS[step.name].summary,
        request=STEP_INPUTS[step.name].input,
        responses=ACTION_RESPONSES,
    )(routed)


for _step in STEPS.values():
    if _step.api:
        setattr(ApplicationViewSet, _step.api.replace("-", "_"), step_action(_step))


# -- letters ---------------------------------------------------------------------


class LetterDownloadView(ApiMixin, APIView):
    permission_classes = [IsBackOfficeUser]

    @extend_schema(
        tags=[CASES],
        summary="下载文书（PDF 或 Word）",
        description="文书载有申请人个人信息，仅受理机关工作人员可下载。",
        parameters=[
            OpenApiParameter("pk", int, OpenApiParameter.PATH, description="申请 id"),
            OpenApiParameter("letter_id", int, OpenApiParameter.PATH, description="文书 id"),
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["pdf", "docx"]),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (
                200,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ): OpenApiTypes.BINARY,
            403: ERRORS_403,
            404: ERRORS_404,
        },
    )
    def get(self, request: Request, pk: str, letter_id: str, fmt: str) -> HttpResponse:
        app = get_object_or_404(visible_cases(request.user), pk=pk)
        perm.require(
            perm.can_see_personal_data(request.user, app),
            _("文书载有申请人个人信息，仅受理机关工作人员可以下载。"),
        )
        letter = get_object_or_404(app.letters.all(), pk=letter_id)
        audit.record(
            request.user, "personal_data.downloaded", app.number, ip=client_ip(request),
            file="letter", id=letter.pk, kind=letter.get_kind_display(), channel="api",
        )  # fmt: skip
        return letter_response(app, letter, fmt)


# -- public: submit and track ------------------------------------------------------


def too_many() -> Response:
    seconds = throttle.retry_after_seconds()
    return Response(
        {"detail": _("操作过于频繁，请约 %(m)d 分钟后再试。") % {"m": max(1, seconds // 60)}},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(seconds)},
    )


class PublicApiView(ApiMixin, APIView):
    # Anonymous: no session (so no CSRF token needed) and no login.

    permission_classes = [AllowAny]
    authentication_classes: list = []


class PublicSubmitView(PublicApiView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=[PUBLIC],
        summary="网上提交政府信息公开申请",
        description="与门户网站相同的校验与频率限制（每个网络地址每小时限定次数）；"
        "返回申请编号和查询码，查询码只返回这一次。",
        request={
            "application/json": s.PublicSubmitSerializer,
            "multipart/form-data": s.PublicSubmitSerializer,
        },
        responses={201: s.SubmittedSerializer, 400: ERRORS_400, 429: ERRORS_429},
    )
    def post(self, request: Request) -> Response:
        ip = client_ip(request)
        limit = throttle.submissions_limit()
        if throttle.exhausted(limit, ip):
            return too_many()
        ser = s.PublicSubmitSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        upload = ser.validated_data.get("identity_file")
        if upload:
            try:
                check_identity_upload(upload)
            except ValidationError as exc:
                raise ValidationError({"identity_file": exc.messages}) from exc
        if not throttle.take(limit, ip):
            return too_many()
        try:
            app, code = submit_with_identity(
                ser.validated_data["agency"], applicant_data(ser.validated_data), upload, ip
            )
        except ValidationError:
            throttle.give_back(limit, ip)
            raise
        body = {
            "number": app.number,
            "tracking_code": code,
            "agency": app.agency.name,
            "status": app.status,
            "status_label": public_case(app).status_label,
            "submitted_on": app.arrived_on,
        }
        return Response(s.SubmittedSerializer(body).data, status=status.HTTP_201_CREATED)


class PublicTrackView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary="凭申请编号和查询码查询办理进度",
        description="编号或查询码不正确时统一返回 404，不提示编号是否存在；同一网络地址每小时输错次数有限。",
        request=s.TrackInput,
        responses={200: s.PublicCaseSerializer, 400: ERRORS_400, 404: ERRORS_404, 429: ERRORS_429},
    )
    def post(self, request: Request) -> Response:
        ip = client_ip(request)
        limit = throttle.track_limit()
        if throttle.exhausted(limit, ip):
            return too_many()
        ser = s.TrackInput(data=request.data)
        ser.is_valid(raise_exception=True)
        number = "".join(ser.validated_data["number"].split()).upper()
        app = services.find_by_tracking(number, ser.validated_data["code"])
        if app is None:
            throttle.take(limit, ip)
            return Response({"detail": str(TRACK_FAILED)}, status=status.HTTP_404_NOT_FOUND)
        return Response(s.PublicCaseSerializer(public_case(app)).data)


class PublicLetterView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary="凭申请编号和查询码下载文书（PDF 或 Word）",
        description="只提供申请人可见的文书（受理回执、补正告知书、延期告知书、收费通知书、答复告知书等）。",
        request=s.PublicLetterInput,
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (
                200,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ): OpenApiTypes.BINARY,
            400: ERRORS_400,
            404: ERRORS_404,
            429: ERRORS_429,
        },
    )
    def post(self, request: Request) -> HttpResponse:
        ip = client_ip(request)
        limit = throttle.track_limit()
        if throttle.exhausted(limit, ip):
            return too_many()
        ser = s.PublicLetterInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        app = services.find_by_tracking("".join(d["number"].split()).upper(), d["code"])
        if app is None:
            throttle.take(limit, ip)
            return Response({"detail": str(TRACK_FAILED)}, status=status.HTTP_404_NOT_FOUND)
        letter = public_letter(app, d["letter_id"])
        if letter is None:
            return Response({"detail": _("文书不存在。")}, status=status.HTTP_404_NOT_FOUND)
        return letter_response(app, letter, d["format"])


class PublicAgencyListView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary="受理机关及其政府信息公开工作机构（条例第十二条）",
        responses={200: s.AgencySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        agencies = Agency.objects.active().order_by("path")
        return Response(s.AgencySerializer(agencies, many=True).data)


# -- reference data: agencies and the calendar ---------------------------------------


class AgencyListView(ApiMixin, APIView):
    permission_classes = [IsBackOfficeUser]

    @extend_schema(
        tags=[REFERENCE],
        summary="当前用户可见的机关（树，按路径排序）",
        responses={200: s.StaffAgencySerializer(many=True), 403: ERRORS_403},
    )
    def get(self, request: Request) -> Response:
        agencies = perm.visible_agencies(request.user).order_by("path")
        data = s.StaffAgencySerializer(agencies, many=True, context={"request": request}).data
        return Response(data)


class CalendarAddQuery(serializers.Serializer):
    start = serializers.DateField(help_text="起算日（当日不计入）")
    days = serializers.IntegerField(min_value=0, max_value=3650, help_text="工作日数")

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
        summary="加 N 个工作日（含说明）",
        description="自起算日次日起算第 N 个工作日；跨入节假日安排未公布的年份时按法定节假日和周末计算并标为暂定。",
        parameters=[CalendarAddQuery],
        responses={200: s.WorkdayAddSerializer, 400: ERRORS_400},
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
        return Response(s.WorkdayAddSerializer(body).data)


class CalendarBetweenView(PublicApiView):
    @extend_schema(
        tags=[REFERENCE],
        summary="两个日期之间的工作日数（含说明）",
        parameters=[CalendarBetweenQuery],
        responses={200: s.WorkdayBetweenSerializer, 400: ERRORS_400},
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
        return Response(s.WorkdayBetweenSerializer(body).data)


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


# -- statistics --------------------------------------------------------------------


class StatsView(ApiMixin, APIView):
    permission_classes = [IsBackOfficeUser]

    @extend_schema(
        tags=[STATS],
        summary="按机关统计：状态、期限状态、答复类型",
        description="统计当前用户可见的每个机关（主管部门：整个下级树）。",
        parameters=[OpenApiParameter("year", int, description="申请年度；不填为全部")],
        responses={200: s.StatsSerializer, 400: ERRORS_400, 403: ERRORS_403},
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
        return Response(s.StatsSerializer(body).data)


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
