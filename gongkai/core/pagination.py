"""Page-number pagination whose count stops at a cap.

A list over every case a supervisor sees (500,000 at province scale) must not
count them all on every page: the count runs over a LIMITed subquery, so it reads
at most CAP + 1 index entries. Past the cap, narrow the list (year, agency, status)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    cap = COUNT_CAP

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        if cap is not None:  # a list that shows fewer (a search: its N results) counts fewer
            self.cap = cap

    @cached_property
    def _seen(self) -> int:
        if not isinstance(self.object_list, QuerySet):  # a list, or a search's known ids
            return len(self.object_list)
        # Counting needs no order: without it the database stops at CAP + 1 rows instead of
        # ordering every match first (a search ranked by relevance would score them all).
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._seen, self.cap)

    @property
    def capped(self) -> bool:
        return self._seen > self.cap


class CappedPageNumberPagination(PageNumberPagination):
    """`count` is exact up to COUNT_CAP; `count_capped` says when there are more."""

    cap: int | None = None  # None: CappedCountPaginator's; a view may set it per request

    def django_paginator_class(  # type: ignore[override]
        self, object_list: Any, per_page: int
    ) -> CappedCountPaginator:
        return CappedCountPaginator(object_list, per_page, cap=self.cap)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        assert self.page is not None
        response.data["count_capped"] = self.page.paginator.capped  # type: ignore[attr-defined]
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count_capped"] = {
            "type": "boolean",
            "description": _(
                "共有超过 %(n)d 条记录：count 只计到 %(n)d，请按年度、机关等条件缩小范围。"
            )
            % {"n": COUNT_CAP},
        }
        return out
