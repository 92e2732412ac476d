"""The public endpoints: online submission, tracking by number and code, the applicant's
letters, the agencies that accept applications. Throttled."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.letters import files as letter_files
from gongkai.applications.models import Application
from gongkai.core.http import client_ip
from gongkai.portal import throttle
from gongkai.portal.public import public_case, public_letter, voided_notice
from gongkai.portal.submission import (
    check_correction_upload,
    check_identity_upload,
    submit_with_identity,
)
from gongkai.portal.views import TRACK_FAILED

from .. import serializers as api_serializers
from .common import (
    ERRORS_400,
    ERRORS_404,
    ERRORS_410,
    ERRORS_429,
    PUBLIC,
    PublicApiView,
    applicant_data,
    too_many,
)


class PublicSubmitView(PublicApiView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=[PUBLIC],
        summary=gettext_lazy("网上提交政府信息公开申请"),
        description=gettext_lazy(
            "与门户网站相同的校验与频率限制（每个网络地址每小时限定次数）；"
            "返回申请编号和查询码，查询码只返回这一次。"
        ),
        request={
            "application/json": api_serializers.PublicSubmitSerializer,
            "multipart/form-data": api_serializers.PublicSubmitSerializer,
        },
        responses={201: api_serializers.SubmittedSerializer, 400: ERRORS_400, 429: ERRORS_429},
    )
    def post(self, request: Request) -> Response:
        ip = client_ip(request)
        limit = throttle.submissions_limit()
        if throttle.exhausted(limit, ip):
            return too_many()
        ser = api_serializers.PublicSubmitSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        upload = ser.validated_data.get("identity_file")
        if upload:
            try:
                check_identity_upload(upload)
            except ValidationError as exc:
                raise ValidationError({"identity_file": exc.messages}) from exc
        if not throttle.take(limit, ip):
            return too_many()
        with throttle.refunded_if_refused(limit, ip):
            app, code = submit_with_identity(
                ser.validated_data["agency"], applicant_data(ser.validated_data), upload, ip
            )
        body = {
            "number": app.number,
            "tracking_code": code,
            "agency": app.agency.name,
            "status": app.status,
            "status_label": public_case(app).status_label,
            "submitted_on": app.arrived_on,
        }
        return Response(
            api_serializers.SubmittedSerializer(body).data, status=status.HTTP_201_CREATED
        )


class PublicTrackView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary=gettext_lazy("凭申请编号和查询码查询办理进度"),
        description=gettext_lazy(
            "编号或查询码不正确时统一返回 404，不提示编号是否存在；同一网络地址每小时输错次数有限。"
        ),
        request=api_serializers.TrackInput,
        responses={
            200: api_serializers.PublicCaseSerializer,
            400: ERRORS_400,
            404: ERRORS_404,
            429: ERRORS_429,
        },
    )
    def post(self, request: Request) -> Response:
        ip = client_ip(request)
        limit = throttle.track_limit()
        if throttle.exhausted(limit, ip):
            return too_many()
        ser = api_serializers.TrackInput(data=request.data)
        ser.is_valid(raise_exception=True)
        number = "".join(ser.validated_data["number"].split()).upper()
        app = services.find_by_tracking(number, ser.validated_data["code"])
        if app is None:
            throttle.take(limit, ip)
            return Response({"detail": str(TRACK_FAILED)}, status=status.HTTP_404_NOT_FOUND)
        return Response(api_serializers.PublicCaseSerializer(public_case(app)).data)


def _tracked_case(request: Request, number: str, code: str) -> Application | Response:
    """The case proved by number + 查询码, or the answer to give (404 or 429); wrong pairs
    count against the same per-address limit as tracking."""
    ip = client_ip(request)
    limit = throttle.track_limit()
    if throttle.exhausted(limit, ip):
        return too_many()
    app = services.find_by_tracking("".join(number.split()).upper(), code)
    if app is None:
        throttle.take(limit, ip)
        return Response({"detail": str(TRACK_FAILED)}, status=status.HTTP_404_NOT_FOUND)
    return app


class PublicCorrectionView(PublicApiView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=[PUBLIC],
        summary=gettext_lazy("凭申请编号和查询码网上提交补正材料（条例第三十条）"),
        description=gettext_lazy(
            "仅在待补正期间可用；提交之日为收到补正之日，答复期限自该日起重新计算。"
            "文件与网上申请的上传校验相同。"
        ),
        request={
            "multipart/form-data": api_serializers.PublicCorrectionInput,
            "application/json": api_serializers.PublicCorrectionInput,
        },
        responses={
            200: api_serializers.PublicCaseSerializer,
            400: ERRORS_400,
            404: ERRORS_404,
            429: ERRORS_429,
        },
    )
    def post(self, request: Request) -> Response:
        ser = api_serializers.PublicCorrectionInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        found = _tracked_case(request, d["number"], d["code"])
        if isinstance(found, Response):
            return found
        ip = client_ip(request)
        limit = throttle.submissions_limit()
        if throttle.exhausted(limit, ip):
            return too_many()
        errors = []
        for upload in d["files"]:
            try:
                check_correction_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError({"files": errors})
        if not throttle.take(limit, ip):
            return too_many()
        with throttle.refunded_if_refused(limit, ip):
            services.submit_correction_online(found, d["content"], d["files"], ip)
        found.refresh_from_db()
        return Response(api_serializers.PublicCaseSerializer(public_case(found)).data)


class PublicWithdrawView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary=gettext_lazy("凭申请编号和查询码撤回申请"),
        description=gettext_lazy("须传 confirm=true；办理中的申请撤回后终止办理，不能恢复。"),
        request=api_serializers.PublicWithdrawInput,
        responses={
            200: api_serializers.PublicCaseSerializer,
            400: ERRORS_400,
            404: ERRORS_404,
            429: ERRORS_429,
        },
    )
    def post(self, request: Request) -> Response:
        ser = api_serializers.PublicWithdrawInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        found = _tracked_case(request, d["number"], d["code"])
        if isinstance(found, Response):
            return found
        services.withdraw_online(found, d["reason"], client_ip(request))
        found.refresh_from_db()
        return Response(api_serializers.PublicCaseSerializer(public_case(found)).data)


LOST_CODE_ANSWER = gettext_lazy(
    "已收到请求。如果申请编号和联系方式与申请记录一致，新的查询码将发送至申请时填写的电子邮箱，"
    "原查询码随即失效。本平台不能发送短信；申请时未填写电子邮箱的，请联系受理机关补发。"
)


class PublicLostCodeView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary=gettext_lazy("忘记查询码：发送新的查询码至申请时填写的电子邮箱"),
        description=gettext_lazy(
            "无论是否匹配都返回相同的 202 答复（不提示编号是否存在）；"
            "同一网络地址每小时10次、同一申请编号每小时3次。"
        ),
        request=api_serializers.PublicLostCodeInput,
        responses={202: api_serializers.DetailSerializer, 400: ERRORS_400, 429: ERRORS_429},
    )
    def post(self, request: Request) -> Response:
        ip = client_ip(request)
        per_ip = throttle.lost_code_limit()
        if throttle.exhausted(per_ip, ip):
            return too_many()
        ser = api_serializers.PublicLostCodeInput(data=request.data)
        ser.is_valid(raise_exception=True)
        number = "".join(ser.validated_data["number"].split()).upper()
        if not throttle.take(per_ip, ip) or not throttle.take(
            throttle.lost_code_number_limit(), number
        ):
            return too_many()
        services.request_code_by_contact(number, ser.validated_data["contact"], ip)
        return Response({"detail": str(LOST_CODE_ANSWER)}, status=status.HTTP_202_ACCEPTED)


class PublicLetterView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary=gettext_lazy("凭申请编号和查询码下载文书（PDF 或 Word）"),
        description=gettext_lazy(
            "只提供申请人可见的文书（受理回执、补正告知书、延期告知书、收费通知书、答复告知书等）。"
            "已作废的文书不提供下载（410），查询结果中标明作废日期和替代文书。"
        ),
        request=api_serializers.PublicLetterInput,
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (
                200,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ): OpenApiTypes.BINARY,
            400: ERRORS_400,
            404: ERRORS_404,
            410: ERRORS_410,
            429: ERRORS_429,
        },
    )
    def post(self, request: Request) -> HttpResponse:
        ip = client_ip(request)
        limit = throttle.track_limit()
        if throttle.exhausted(limit, ip):
            return too_many()
        ser = api_serializers.PublicLetterInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        app = services.find_by_tracking("".join(d["number"].split()).upper(), d["code"])
        if app is None:
            throttle.take(limit, ip)
            return Response({"detail": str(TRACK_FAILED)}, status=status.HTTP_404_NOT_FOUND)
        letter = public_letter(app, d["letter_id"])
        if letter is None:
            return Response({"detail": _("文书不存在。")}, status=status.HTTP_404_NOT_FOUND)
        if letter.voided:  # the same rule as the tracking page (portal.views.letter)
            return Response({"detail": voided_notice(letter)}, status=status.HTTP_410_GONE)
        return letter_files.download_response(
            app, letter, d["format"], actor=None, ip=ip, channel="public_api"
        )


class PublicAgencyListView(PublicApiView):
    @extend_schema(
        tags=[PUBLIC],
        summary=gettext_lazy("受理机关及其政府信息公开工作机构（条例第十二条）"),
        responses={200: api_serializers.AgencySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        agencies = Agency.objects.active().order_by("path")
        return Response(api_serializers.AgencySerializer(agencies, many=True).data)
