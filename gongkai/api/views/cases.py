"""Cases for staff: the list, the detail, registration, one POST per step (generated from
``applications.steps.STEPS``) and the letter downloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.letters import files as letter_files
from gongkai.applications.models import Application, ApplicationQuerySet, DueState, Status
from gongkai.applications.steps import STEPS, Step
from gongkai.core.http import client_ip
from gongkai.core.pagination import CappedPageNumberPagination

from .. import serializers as api_serializers
from ..permissions import DENIED, IsBackOfficeUser

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .common import (
    ACTION_RESPONSES,
    CASES,
    ERRORS_400,
    ERRORS_403,
    ERRORS_404,
    ApiMixin,
    applicant_data,
)


def visible_cases(user: Any) -> ApplicationQuerySet:
    return Application.objects.filter(agency__in=perm.visible_agencies(user)).select_related(
        "agency"
    )


LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=Status.values, description=gettext_lazy("案件状态")),
    OpenApiParameter("agency", str, description=gettext_lazy("机关 id 或代码（如 TCBGS）")),
    OpenApiParameter("subtree", bool, description=gettext_lazy("与 agency 同用：包含其下级机关")),
    OpenApiParameter("year", int, description=gettext_lazy("申请年度（编号年度）")),
    OpenApiParameter(
        "due_state", str, enum=DueState.values, description=gettext_lazy("期限状态（仅办理中）")
    ),
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
    application = api_serializers.ApplicationDetailSerializer()
    tracking_code = serializers.CharField(
        help_text=gettext_lazy("查询码：只返回这一次，请写入受理回执告知申请人")
    )


@extend_schema_view(
    list=extend_schema(
        tags=[CASES],
        summary=gettext_lazy("可见范围内的申请列表"),
        description=gettext_lazy(
            "仅列出当前用户可见机关的申请；非受理机关工作人员看到的个人信息已脱敏。"
        ),
        parameters=LIST_PARAMETERS,
        responses={
            200: api_serializers.ApplicationListSerializer(many=True),
            400: ERRORS_400,
            403: ERRORS_403,
        },
    ),
    retrieve=extend_schema(
        tags=[CASES],
        summary=gettext_lazy("申请详情"),
        description=gettext_lazy(
            "含办理记录、期限计算说明、补正、征求意见、延期、收费、文书、送达、复议诉讼。"
        ),
        responses={
            200: api_serializers.ApplicationDetailSerializer,
            403: ERRORS_403,
            404: ERRORS_404,
        },
    ),
    create=extend_schema(
        tags=[CASES],
        summary=gettext_lazy("登记申请（当面、邮寄、传真、电子邮件等）"),
        description=gettext_lazy(
            "收到申请之日按条例第三十一条由申请方式确定；需双方确认的方式可稍后确认。"
        ),
        request=api_serializers.RegisterSerializer,
        responses={201: RegisteredSerializer, 400: ERRORS_400, 403: ERRORS_403},
    ),
)
class ApplicationViewSet(ApiMixin, viewsets.GenericViewSet):
    permission_classes = [IsBackOfficeUser]
    pagination_class = CappedPageNumberPagination  # no COUNT(*) over every visible case
    serializer_class = api_serializers.ApplicationDetailSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> ApplicationQuerySet:
        return visible_cases(self.request.user)

    def case_body(self, app: Application) -> dict[str, Any]:
        return dict(
            api_serializers.ApplicationDetailSerializer(
                app, context=self.get_serializer_context()
            ).data
        )

    def list(self, request: Request) -> Response:
        qs = filter_cases(self.get_queryset(), request.query_params)
        page = self.paginate_queryset(qs)
        data = api_serializers.ApplicationListSerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(data.data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        app = self.get_object()
        services.note_personal_data_view(request.user, app)  # full data is in the body
        return Response(self.case_body(app))

    def create(self, request: Request) -> Response:
        ser = api_serializers.RegisterSerializer(data=request.data)
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

    @extend_schema(
        tags=[CASES],
        summary=gettext_lazy("作废文书（不重新出具）"),
        description=gettext_lazy(
            "承办机关的信息员或审核人作废本案一份文书，须填写作废原因。文书保留并标明作废，"
            "文号不再使用；记入办理记录和审计日志。答复告知书随审核通过的答复出具，不能单独作废；"
            "已作废的文书不能再次作废。申请人在办理查询中看到该文书已作废，不能再下载。"
        ),
        parameters=[
            OpenApiParameter(
                "letter_id", int, OpenApiParameter.PATH, description=gettext_lazy("文书 id")
            )
        ],
        request=api_serializers.VoidLetterInput,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path=r"letters/(?P<letter_id>\d+)/void")
    def void_letter(self, request: Request, pk: str, letter_id: str) -> Response:
        """The office's 作废 page (office/cases/<pk>/letters/<id>/void/) over the API."""
        app = self.get_object()
        letter = get_object_or_404(app.letters.defer("docx", "pdf"), pk=letter_id)
        perm.require(
            perm.can_handle_case(request.user, app), _("只有承办机关的信息员或审核人可以作废文书。")
        )
        ser = api_serializers.VoidLetterInput(data=request.data)
        ser.is_valid(raise_exception=True)
        services.void_letter(letter, request.user, ser.validated_data["reason"])
        app.refresh_from_db()
        return Response(self.case_body(app))

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
    summary: StrOrPromise


# One row per entry of STEPS that has an API path (tests/applications/test_step_registry.py).
STEP_INPUTS: dict[str, ApiStep] = {
    "confirm": ApiStep(
        api_serializers.ConfirmReceiptInput, gettext_lazy("确认收到申请（条例第三十一条）")
    ),
    "correction": ApiStep(
        api_serializers.CorrectionInput, gettext_lazy("发出补正告知（条例第三十条）")
    ),
    "receive_correction": ApiStep(
        api_serializers.CorrectionReceivedInput, gettext_lazy("收到补正材料：答复期限重新计算")
    ),
    "consult": ApiStep(
        api_serializers.ConsultationInput,
        gettext_lazy("征求第三方或其他机关意见（条例第三十二、三十四条）"),
    ),
    "opinion": ApiStep(api_serializers.OpinionInput, gettext_lazy("记录征求意见结果")),
    "extension": ApiStep(
        api_serializers.ExtensionInput, gettext_lazy("申请延长答复期限（条例第三十三条）")
    ),
    "decide_extension": ApiStep(
        api_serializers.ExtensionDecisionInput, gettext_lazy("审批延期（审核人）")
    ),
    "fee": ApiStep(
        api_serializers.FeeNoticeInput, gettext_lazy("发出收费通知（国办函〔2020〕109号）")
    ),
    "payment": ApiStep(api_serializers.PaymentInput, gettext_lazy("记录缴费")),
    "abandon": ApiStep(
        api_serializers.AbandonInput, gettext_lazy("视为放弃申请（逾期不补正或不缴费）")
    ),
    "withdraw": ApiStep(api_serializers.WithdrawInput, gettext_lazy("申请人撤回申请")),
    "propose": ApiStep(
        api_serializers.DecisionInput, gettext_lazy("拟定答复（条例第三十六—三十九条），提交审核")
    ),
    "return": ApiStep(
        api_serializers.DecisionReturnInput, gettext_lazy("退回拟定的答复（审核人）")
    ),
    "approve": ApiStep(
        api_serializers.DecisionApproveInput,
        gettext_lazy("审核通过并答复：生成答复告知书（审核人）"),
    ),
    "deliver": ApiStep(api_serializers.DeliveryInput, gettext_lazy("记录送达")),
    "letter": ApiStep(
        api_serializers.IssueLetterInput,
        gettext_lazy("出具文书（受理回执、补正告知书、延期答复告知书等）"),
    ),
    "upload": ApiStep(
        api_serializers.AttachmentInput, gettext_lazy("上传材料（身份证明、申请表扫描件、证据等）")
    ),
    "appeal": ApiStep(api_serializers.AppealInput, gettext_lazy("记录行政复议或行政诉讼")),
    "conclude_appeal": ApiStep(
        api_serializers.AppealResultInput, gettext_lazy("记录复议或诉讼结果")
    ),
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


class LetterDownloadView(ApiMixin, APIView):
    permission_classes = [IsBackOfficeUser]

    @extend_schema(
        tags=[CASES],
        summary=gettext_lazy("下载文书（PDF 或 Word）"),
        description=gettext_lazy("文书载有申请人个人信息，仅受理机关工作人员可下载。"),
        parameters=[
            OpenApiParameter("pk", int, OpenApiParameter.PATH, description=gettext_lazy("申请 id")),
            OpenApiParameter(
                "letter_id", int, OpenApiParameter.PATH, description=gettext_lazy("文书 id")
            ),
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
        return letter_files.download_response(
            app, letter, fmt, actor=request.user, ip=client_ip(request), channel="api"
        )
