"""The 规章 and 行政规范性文件 ledger by year: made, repealed, in force at year end.

The annual report's table 二 (条例第五十条; report-formats.md) reads these figures:
本年制发件数 = 成文日期 in the year; 本年废止件数 = turned 失效/废止 in the year;
现行有效件数 = published, 成文 by 12-31 and still 有效 on 12-31. The 2019 template's columns read
本年新制作数量 = made, 本年新公开数量 = published in the year, 对外公开总数量 = published by 12-31
(an item withdrawn since then no longer counts: the catalogue keeps no history of withdrawn
publications' dates). Items of category 20-01 whose 体裁 is 命令（令） count as 规章, the rest of
20-01 as 行政规范性文件."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.agencies.models import Agency

from .models import Item, Status, Validity

RULE_GENRE = "命令（令）"
REGULATION_CATEGORY = "20-01"  # 条例第二十条第（一）项


@dataclass(frozen=True)
class LedgerRow:
    made: int
    repealed: int
    in_force: int
    published: int = 0  # published in the year (2019 template: 本年新公开数量)
    published_total: int = 0  # published by 12-31 (2019 template: 对外公开总数量)


LEDGER_FIGURES = ("made", "repealed", "in_force", "published", "published_total")


@dataclass(frozen=True)
class Ledger:
    year: int
    rules: LedgerRow  # 规章
    normative: LedgerRow  # 行政规范性文件


def _figures(year: int, of: Q) -> dict[str, Count]:
    """The five figures of one row as aggregates over the items matching `of`."""
    end = dt.date(year, 12, 31)
    in_force = Q(written_on__lte=end) & (
        Q(validity=Validity.VALID) | Q(validity_changed_on__gt=end)
    )
    repealed = ~Q(validity=Validity.VALID) & Q(validity_changed_on__year=year)
    return {
        "made": Count("id", filter=of & Q(written_on__year=year)),
        "repealed": Count("id", filter=of & repealed),
        "in_force": Count("id", filter=of & in_force),
        "published": Count("id", filter=of & Q(published_at__year=year)),
        "published_total": Count("id", filter=of & Q(published_at__year__lte=year)),
    }


def _regulations(agency: Agency) -> QuerySet[Item]:
    return Item.objects.filter(agency=agency, category=REGULATION_CATEGORY, status=Status.PUBLISHED)


def keeps_regulations(agency: Agency) -> bool:
    """Whether the agency keeps its 规章 / 规范性文件 in the catalogue (one published is enough)."""
    return _regulations(agency).exists()


def build_ledgers(agency_ids: Iterable[int], year: int) -> dict[int, Ledger]:
    """The ledger of every given agency that keeps its 规章 / 规范性文件 in the catalogue, in one
    grouped query (GROUP BY agency); an agency keeping none there has no entry."""
    rule = Q(genre=RULE_GENRE)
    figures = {f"rules_{k}": v for k, v in _figures(year, rule).items()}
    figures |= {f"normative_{k}": v for k, v in _figures(year, ~rule).items()}
    rows = (
        Item.objects.filter(
            agency_id__in=list(agency_ids), category=REGULATION_CATEGORY, status=Status.PUBLISHED
        )
        .values("agency_id")
        .annotate(**figures)
        .order_by()
    )
    out: dict[int, Ledger] = {}
    for row in rows:
        got: dict[str, Any] = dict(row)
        out[got["agency_id"]] = Ledger(
            year=year,
            rules=LedgerRow(**{k: got[f"rules_{k}"] for k in LEDGER_FIGURES}),
            normative=LedgerRow(**{k: got[f"normative_{k}"] for k in LEDGER_FIGURES}),
        )
    return out


def build_ledger(agency: Agency, year: int) -> Ledger:
    empty = LedgerRow(0, 0, 0)
    return build_ledgers([agency.pk], year).get(agency.pk, Ledger(year, empty, empty))
