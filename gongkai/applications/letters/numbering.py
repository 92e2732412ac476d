"""文书 numbers: 发文机关代字〔年份〕序号 (GB/T 9704-2012 7.2.4), one series per
agency, year and letter kind, e.g. 太仓市政府办依申复〔2025〕12号.

Unique and gapless like the application numbers: the counter row is created if
missing, locked, and incremented inside the transaction that stores the
letter, so a rolled-back issue gives its number back.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency

from ..models import LetterCounter, LetterKind

# The kind's character in the 代字: 依申 (依申请公开) + this.
KIND_ABBREV: dict[str, str] = {
    LetterKind.RECEIPT: "受",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.FEE: "费",
    LetterKind.REPLY: "复",
    LetterKind.CLOSURE: "终",
}


def prefix(agency: Agency, kind: str) -> str:
    """The 发文机关代字 of a series: the agency's short name, 依申, the kind."""
    return f"{agency.short_name or agency.name}依申{KIND_ABBREV[kind]}"


# A draft's number: the series is known, the figure is taken only when the letter is issued.
PLACEHOLDER = "〔待编号〕"


def format_number(agency: Agency, kind: str, year: int, seq: int | None) -> str:
    """A number; without a sequence (a draft) the figure reads 〔待编号〕."""
    if seq is None:
        return _("%(prefix)s〔%(year)d〕%(n)s") % {
            "prefix": prefix(agency, kind),
            "year": year,
            "n": PLACEHOLDER,
        }
    return _("%(prefix)s〔%(year)d〕%(n)s号") % {
        "prefix": prefix(agency, kind),
        "year": year,
        "n": seq,
    }


def next_seq(agency: Agency, year: int, kind: str) -> int:
    """Take the next number of the series. Call inside the issuing transaction."""
    with transaction.atomic():
        LetterCounter.objects.bulk_create(
            [LetterCounter(agency=agency, year=year, kind=kind)], ignore_conflicts=True
        )
        counter = LetterCounter.objects.select_for_update().get(agency=agency, year=year, kind=kind)
        LetterCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        return counter.last + 1


def next_number(agency: Agency, kind: str, year: int) -> str:
    return format_number(agency, kind, year, next_seq(agency, year, kind))
