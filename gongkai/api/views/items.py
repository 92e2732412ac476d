"""主动公开 catalogue items for staff: list, detail, draft and edit, and one POST per review step.

Every write calls one `catalog.services` verb, which checks the permission and the step's
precondition (`*_blocker`) itself; the API adds nothing but input parsing. An item outside the
caller's visible agencies does not exist for them (404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.catalog import services
from gongkai.catalog.models import Item, ItemQuerySet, Status, Validity
from gongkai.core.pagination import CappedPageNumberPagination

from ..catalog import ItemDetailSerializer
from ..permissions import IsBackOfficeUser
from ..serializers import LongTextField
from .common import ERRORS_400, ERRORS_403, ERRORS_404, ERRORS_409, ApiMixin

STAFF_CATALOG = cast(
    str, gettext_lazy("主动公开目录（工作人员）")
)  # a tag: drf-spectacular types it str


class StaffItemSerializer(ItemDetailSerializer):
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    author = serializers.SerializerMethodField()
    first_reviewer = serializers.SerializerMethodField()
    second_reviewer = serializers.SerializerMethodField()

    class Meta(ItemDetailSerializer.Meta):
        fields = [*ItemDetailSerializer.Meta.fields, "status", "status_label", "publish_at",
                  "withdrawn_reason", "author", "first_reviewer", "second_reviewer"]  # fmt: skip

    @staticmethod
    def _name(user: Any) -> str | None:
        return (user.get_full_name() or user.username) if user else None

    def get_author(self, item: Item) -> str | None:
        return self._name(item.author)

    def get_first_reviewer(self, item: Item) -> str | None:
        return self._name(item.first_reviewer)

    def get_second_reviewer(self, item: Item) -> str | None:
        return self._name(item.second_reviewer)


class ItemFieldsSerializer(serializers.Serializer):
    """The editable fields (`catalog.services.EDITABLE`); choices are checked by the service."""

    title = serializers.CharField(max_length=300, required=False, help_text=gettext_lazy("名称"))
    doc_no = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=gettext_lazy("文号")
    )
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                      help_text=gettext_lazy("发布机构（空为本机关）"))  # fmt: skip
    written_on = serializers.DateField(
        required=False, allow_null=True, help_text=gettext_lazy("成文日期")
    )
    effective_on = serializers.DateField(
        required=False, allow_null=True, help_text=gettext_lazy("实施日期")
    )
    category = serializers.CharField(
        max_length=8, required=False, help_text=gettext_lazy("公开类别代码，如 20-01")
    )
    subject = serializers.CharField(max_length=80, required=False, allow_blank=True,
                                    help_text=gettext_lazy("主题分类（“类\\小类”）"))  # fmt: skip
    genre = serializers.CharField(
        max_length=16, required=False, allow_blank=True, help_text=gettext_lazy("体裁分类")
    )
    keywords = serializers.CharField(max_length=200, required=False, allow_blank=True)
    summary = LongTextField(label=gettext_lazy("内容概述"))
    body = serializers.CharField(required=False, allow_blank=True, max_length=200_000,
                                 help_text=gettext_lazy("正文（HTML，保存时清理）"))  # fmt: skip


class CreateItemSerializer(ItemFieldsSerializer):
    agency = serializers.CharField(help_text=gettext_lazy("机关 id 或代码（如 TCBGS）"))
    title = serializers.CharField(max_length=300, help_text=gettext_lazy("名称"))
    category = serializers.CharField(max_length=8, help_text=gettext_lazy("公开类别代码，如 20-01"))


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text=gettext_lazy("true 通过，false 退回"))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class PublishSerializer(serializers.Serializer):
    at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=gettext_lazy("定时发布时间（空为立即）")
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text=gettext_lazy("撤回原因"))


class InvalidateSerializer(serializers.Serializer):
    # The model's full choice set (one enum in the OpenAPI document); the service accepts
    # only 失效 or 废止 and says so.
    validity = serializers.ChoiceField(
        choices=Validity.choices, help_text=gettext_lazy("expired 失效 或 repealed 废止")
    )
    on = serializers.DateField(help_text=gettext_lazy("失效/废止日期"))
    reason = serializers.CharField(
        max_length=300, help_text=gettext_lazy("原因（如废止文件的文号）")
    )


WRITE_ERRORS = {400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404, 409: ERRORS_409}


def _agency(value: str) -> Agency:
    found = Agency.objects.filter(**({"pk": value} if value.isdigit() else {"code": value})).first()
    if found is None:
        raise serializers.ValidationError({"agency": [_("没有这个机关。")]})
    return found


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None and k not in ("written_on", "effective_on") else v)
            for k, v in data.items() if k != "agency"}  # fmt: skip


class StaffItemViewSet(ApiMixin, viewsets.GenericViewSet):
    permission_classes = [IsBackOfficeUser]
    serializer_class = StaffItemSerializer
    pagination_class = CappedPageNumberPagination

    def get_queryset(self) -> ItemQuerySet:
        visible = perm.visible_agencies(self.request.user)
        return Item.objects.filter(agency__in=visible).select_related(
            "agency", "author", "first_reviewer", "second_reviewer", "interprets"
        )

    def _item(self, pk: str) -> Item:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _answer(self, item: Item, code: int = status.HTTP_200_OK) -> Response:
        item = self._item(str(item.pk))  # fresh, with the reviewers' names
        return Response(StaffItemSerializer(item).data, status=code)

    @extend_schema(
        tags=[STAFF_CATALOG],
        summary=gettext_lazy("本人可见机关的公开目录条目（含草稿与审核中的）"),
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=Status.values, description=gettext_lazy("状态")
            ),
            OpenApiParameter(
                "agency", OpenApiTypes.STR, description=gettext_lazy("机关 id 或代码")
            ),
        ],
    )
    def list(self, request: Request) -> Response:
        qs = self.get_queryset().order_by("-updated_at", "-id")
        if (value := request.query_params.get("status")) is not None:
            if value not in Status.values:
                raise serializers.ValidationError({"status": [_("状态取值无效。")]})
            qs = qs.filter(status=value)
        if value := request.query_params.get("agency"):
            qs = qs.filter(agency=_agency(value))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(StaffItemSerializer(page, many=True).data)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("公开目录条目（工作人员视图）"),
                   responses={200: StaffItemSerializer, 404: ERRORS_404})  # fmt: skip
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(StaffItemSerializer(self._item(pk)).data)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("起草条目（取得索引号）"),
                   request=CreateItemSerializer,
                   responses={201: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    def create(self, request: Request) -> Response:
        data = CreateItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agency = _agency(data.validated_data["agency"])
        item = services.create_draft(request.user, agency, **_fields(data.validated_data))
        return self._answer(item, status.HTTP_201_CREATED)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("修改草稿"), request=ItemFieldsSerializer,
                   responses={200: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self._item(pk)
        data = ItemFieldsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self._answer(services.edit_draft(request.user, item, **_fields(data.validated_data)))

    def _step(self, request: Request, pk: str, parser: type[serializers.Serializer] | None,
              verb: Callable[..., Item]) -> Response:  # fmt: skip
        item = self._item(pk)
        values: dict[str, Any] = {}
        if parser is not None:
            data = parser(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        return self._answer(verb(request.user, item, **values))

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("提交审核"), request=None,
                   responses={200: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, None, services.submit)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("初审（通过或退回）"), request=ReviewSerializer,
                   responses={200: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="first-review")
    def first_review(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, ReviewSerializer, services.first_review)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("复核（通过或退回；不得由起草人、初审人复核）"),
                   request=ReviewSerializer,
                   responses={200: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="second-review")
    def second_review(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, ReviewSerializer, services.second_review)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("发布（立即或定时；政策解读同步发布）"),
                   request=PublishSerializer,
                   responses={200: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, PublishSerializer, services.publish)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("撤回（从门户和检索中移除）"),
                   request=WithdrawSerializer,
                   responses={200: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, WithdrawSerializer, services.withdraw)

    @extend_schema(tags=[STAFF_CATALOG], summary=gettext_lazy("标记失效或废止（列入失效文件清单）"),
                   request=InvalidateSerializer,
                   responses={200: StaffItemSerializer, **WRITE_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def invalidate(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, InvalidateSerializer, services.mark_invalid)
