"""The register of 文号 (发文登记): every number an agency took in a year, issued or 作废.

Letter numbers are gapless per agency, year and kind (numbering.py), and a re-issued
letter is kept and marked 作废 with its number never reused (issue.py). The register
lets an auditor check that: every number from 1 to the series' counter appears once,
and each voided one says when, by whom, why and which 文号 replaced it. It names no
applicant (the case number carries no personal data).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency

from ..models import Letter, LetterCounter, LetterKind

ISSUED, VOIDED = "issued", "voided"


@dataclasses.dataclass(frozen=True)
class RegisterRow:
    kind: str
    kind_label: str
    seq: int | None
    doc_number: str
    case_number: str
    case_id: int
    issued_on: dt.date
    issued_by: str
    voided_at: dt.datetime | None
    voided_by: str
    void_reason: str
    replaced_by: str

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclasses.dataclass(frozen=True)
class Gap:
    """Numbers of a series that no letter carries (the counter passed them)."""

    kind: str
    kind_label: str
    missing: list[int]


@dataclasses.dataclass(frozen=True)
class Register:
    agency: Agency
    year: int
    rows: list[RegisterRow]
    gaps: list[Gap]
    issued: int  # numbers taken, voided ones included
    voided: int


def letter_register(
    user: Any, agency: Agency, year: int, kind: str = "", state: str = ""
) -> Register:
    """The agency's numbers of `year`, by kind and number; staff of the agency or above it.

    `kind` and `state` (issued: still in force, voided: 作废) narrow the rows shown; the
    counts and the gaps always cover every series of the year, so a filter hides nothing
    from the summary.
    """
    perm.require(
        perm.can_view_letter_register(user, agency), _("您无权查看该机关的文书编号登记簿。")
    )
    letters = list(
        Letter.objects.filter(application__agency=agency, issued_on__year=year)
        .select_related("application__agency", "created_by", "voided_by", "replaced_by")
        .defer("docx", "pdf", "replaced_by__docx", "replaced_by__pdf")
        .order_by("kind", "seq", "created_at", "id")
    )
    labels = {str(value): str(label) for value, label in LetterKind.choices}
    rows = [_row(letter, labels) for letter in letters]
    shown = [r for r in rows if (not kind or r.kind == kind) and _in_state(r, state)]
    return Register(
        agency=agency,
        year=year,
        rows=sorted(shown, key=_order(labels)),
        gaps=_gaps(agency, year, rows, labels),
        issued=len(rows),
        voided=sum(1 for r in rows if r.voided),
    )


def _in_state(row: RegisterRow, state: str) -> bool:
    if state == ISSUED:
        return not row.voided
    if state == VOIDED:
        return row.voided
    return True


def _order(labels: dict[str, str]) -> Any:
    # Series in the order of the case's life (LetterKind), then by number; unnumbered last.
    rank = {value: i for i, value in enumerate(labels)}
    return lambda r: (rank.get(r.kind, len(rank)), r.seq is None, r.seq or 0)


def _gaps(agency: Agency, year: int, rows: list[RegisterRow], labels: dict[str, str]) -> list[Gap]:
    """Per series, the numbers from 1 to the counter's last that no letter carries."""
    taken: dict[str, set[int]] = {}
    for r in rows:
        if r.seq is not None:
            taken.setdefault(r.kind, set()).add(r.seq)
    counters = LetterCounter.objects.filter(agency=agency, year=year).values_list("kind", "last")
    gaps = []
    for series, last in sorted(counters):
        top = max([last, *taken.get(series, set())])
        missing = sorted(set(range(1, top + 1)) - taken.get(series, set()))
        if missing:
            gaps.append(Gap(series, labels.get(series, series), missing))
    return sorted(gaps, key=lambda g: list(labels).index(g.kind) if g.kind in labels else 99)


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def _row(letter: Letter, labels: dict[str, str]) -> RegisterRow:
    return RegisterRow(
        kind=letter.kind,
        kind_label=labels.get(letter.kind, letter.kind),
        seq=letter.seq,
        doc_number=letter.doc_number,
        case_number=letter.application.number,
        case_id=letter.application_id,
        issued_on=letter.issued_on,
        issued_by=_name(letter.created_by),
        voided_at=letter.voided_at,
        voided_by=_name(letter.voided_by),
        void_reason=letter.void_reason,
        replaced_by=letter.replaced_by.doc_number if letter.replaced_by else "",
    )
