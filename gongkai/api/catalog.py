"""Public read API of the 主动公开 catalogue: list/search and item detail.

Reads only through `Item.objects.published()` and `catalog.search`, the same gate and the
same engine as the portal's /gk/ pages."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from gongkai.catalog import search
from gongkai.catalog.models import Item, Validity
from gongkai.core.pagination import CappedPageNumberPagination

CATALOG = cast(str, gettext_lazy("主动公开目录"))  # a lazy tag passes for str (see views.common)


class ItemSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    validity_label = serializers.CharField(source="get_validity_display", read_only=True)
    interprets = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id", "index_no", "title", "doc_no", "agency", "publisher", "written_on",
            "published_at", "revised_at", "effective_on", "category", "category_label", "subject", "genre",
            "keywords", "summary", "validity", "validity_label", "validity_changed_on",
            "validity_reason", "interprets",
        ]  # fmt: skip

    def get_interprets(self, item: Item) -> int | None:
        link = getattr(item, "interprets", None)
        return link.policy_id if link else None


class ItemDetailSerializer(ItemSerializer):
    interpretations = serializers.SerializerMethodField()

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "body", "interpretations"]

    def get_interpretations(self, item: Item) -> list[int]:
        return list(
            Item.objects.published().filter(interprets__policy=item).values_list("id", flat=True)
        )


FILTERS = [
    OpenApiParameter(
        "q", OpenApiTypes.STR, description=gettext_lazy("检索词（简体或繁体，按词匹配）")
    ),
    OpenApiParameter("agency", OpenApiTypes.INT, description=gettext_lazy("机关编号")),
    OpenApiParameter(
        "category", OpenApiTypes.STR, description=gettext_lazy("公开类别代码，如 20-01")
    ),
    OpenApiParameter(
        "subject", OpenApiTypes.STR, description=gettext_lazy("主题分类（类或“类\\小类”）")
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description=gettext_lazy("发布年份")),
    OpenApiParameter(
        "validity", OpenApiTypes.STR, enum=Validity.values, description=gettext_lazy("有效性")
    ),
    OpenApiParameter(
        "order", OpenApiTypes.STR, enum=["relevance", "date"], description=gettext_lazy("排序")
    ),
]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class PublicItemListView(ListAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = ItemSerializer
    pagination_class = CappedPageNumberPagination

    @extend_schema(
        tags=[CATALOG], summary=gettext_lazy("公开目录：浏览与全文检索"), parameters=FILTERS
    )
    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        g = self.request.query_params
        validity = g.get("validity", "")
        query = search.Query(
            g.get("q", "")[:100],
            search.Filters(
                agency=_int(g.get("agency")),
                category=g.get("category", "")[:8],
                subject=g.get("subject", "")[:80],
                year=_int(g.get("year")),
                validity=validity if validity in Validity.values else "",
            ),
            "date" if g.get("order") == "date" else "relevance",
        )
        self.paginator.cap = search.results_cap(query)  # type: ignore[union-attr]
        return search.search(query).select_related("agency", "interprets")


class PublicItemDetailView(RetrieveAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = ItemDetailSerializer

    @extend_schema(tags=[CATALOG], summary=gettext_lazy("公开目录条目（含正文与政策解读）"))
    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Item.objects.published().select_related("agency")
