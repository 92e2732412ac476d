"""The 规章 and 行政规范性文件 ledger by year: made, repealed, in force at year end.

The annual report's table 二 (条例第五十条; report-formats.md) reads these figures:
本年制发件数 = 成文日期 in the year; 本年废止件数 = turned 失效/废止 in the year;
现行有效件数 = published, 成文 by 12-31 and still 有效 on 12-31. Items of category 20-01 whose
体裁 is 命令（令） count as 规章, the rest of 20-01 as 行政规范性文件."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongkai.agencies.models import Agency

from .models import Item, Status, Validity

RULE_GENRE = "命令（令）"


@dataclass(frozen=True)
class LedgerRow:
    made: int
    repealed: int
    in_force: int


@dataclass(frozen=True)
class Ledger:
    year: int
    rules: LedgerRow  # 规章
    normative: LedgerRow  # 行政规范性文件


def _row(qs: QuerySet[Item], year: int) -> LedgerRow:
    end = dt.date(year, 12, 31)
    return LedgerRow(
        made=qs.filter(written_on__year=year).count(),
        repealed=qs.exclude(validity=Validity.VALID).filter(validity_changed_on__year=year).count(),
        in_force=qs.filter(written_on__lte=end)
        .filter(Q(validity=Validity.VALID) | Q(validity_changed_on__gt=end))
        .count(),
    )


def build_ledger(agency: Agency, year: int) -> Ledger:
    base = Item.objects.filter(agency=agency, category="20-01", status=Status.PUBLISHED)
    return Ledger(
        year=year,
        rules=_row(base.filter(genre=RULE_GENRE), year),
        normative=_row(base.exclude(genre=RULE_GENRE), year),
    )
