"""Case lists as Excel workbooks, for officials who work in Excel/WPS.

Exports always mask personal data (identity numbers and phones never appear;
natural persons' names only for the handling agency's staff, as in lists).

Up to 20,000 rows per workbook, streamed: core.spreadsheet's own XLSX writer
(every string an inline string, so applicant text is never a formula) makes the
bytes while the rows are read; labels are translated once per export (not
`get_*_display()` per row) and the query fetches only FIELDS. openpyxl's
write-only mode cost ~100 µs per row by itself (issue 9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.spreadsheet import xlsx_stream

from . import deadlines
from .models import OPEN_STATUSES, Application, Status, case_number

COLUMNS = [
    (_("申请编号"), 18),
    (_("受理机关"), 22),
    (_("申请人"), 14),
    (_("申请人类型"), 12),
    (_("联系电话"), 15),
    (_("申请方式"), 12),
    (_("收到申请之日"), 13),
    (_("答复期限"), 12),
    (_("期限状态"), 10),
    (_("状态"), 12),
    (_("答复类型"), 28),
    (_("办结日期"), 12),
    (_("所需信息"), 50),
]

# The columns the export (and list_row's masking) reads, as plain tuples (`Case`); everything
# else stays in the database.
FIELDS = (
    "pk", "agency__code", "agency__name", "agency__path", "year", "seq", "status", "channel",
    "applicant_type", "applicant_name", "phone", "receipt_date", "due_on", "due_state", "decision",
    "concluded_on", "description",
)  # fmt: skip
_LABELLED = ("applicant_type", "channel", "due_state", "status", "decision")


class Case(NamedTuple):
    """One case as the export reads it: FIELDS in order."""

    pk: int
    agency_code: str
    agency_name: str
    agency_path: str
    year: int
    seq: int
    status: str
    channel: str
    applicant_type: str
    applicant_name: str
    phone: str
    receipt_date: dt.date | None
    due_on: dt.date | None
    due_state: str
    decision: str
    concluded_on: dt.date | None
    description: str


def cases_xlsx(rows: Iterable[tuple[Case, str, str]]) -> Iterator[bytes]:
    """The workbook as chunks of bytes, made while `rows` is consumed (a streamed response).

    rows: (case, applicant name as the viewer may see it, masked phone).
    """
    labels = _labels()
    return xlsx_stream(
        _("依申请公开案件"),
        [str(label) for label, _width in COLUMNS],
        (_row(case, name, phone, labels) for case, name, phone in rows),
        widths=[width for _label, width in COLUMNS],
    )


def _labels() -> dict[str, dict[str, str]]:
    """Each choice set translated once: {field: {value: label}}."""
    return {name: _choices(Application, name) for name in _LABELLED}


def _choices(model: type[Model], name: str) -> dict[str, str]:
    field: Any = model._meta.get_field(name)
    return {str(value): str(label) for value, label in field.choices or []}


_OPEN = frozenset(OPEN_STATUSES)


def _row(case: Case, name: str, phone: str, labels: dict[str, dict[str, str]]) -> list[Any]:
    return [
        case_number(case.agency_code, case.year, case.seq),
        case.agency_name,
        name,
        labels["applicant_type"].get(case.applicant_type, case.applicant_type),
        phone,
        labels["channel"].get(case.channel, case.channel),
        case.receipt_date,
        _deadline(case),
        labels["due_state"].get(case.due_state, case.due_state) if case.status in _OPEN else "",
        labels["status"].get(case.status, case.status),
        labels["decision"].get(case.decision, case.decision),
        case.concluded_on,
        case.description,
    ]


# The statuses in which the reply clock can stand still (deadlines.clock_state); only their
# rows pay for working the clock out (a few queries), the others show the stored date.
_PAUSABLE = frozenset({Status.CORRECTION, Status.CONSULTING, Status.FEE})


def _deadline(case: Case) -> dt.date | str | None:
    """The stored reply deadline, or 暂停（自…） while the clock is paused: during 补正 the
    stored date no longer applies at all (条例第三十条), so it must not be shown."""
    if case.status not in _PAUSABLE:
        return case.due_on
    clock = deadlines.clock_state(Application.objects.get(pk=case.pk))
    if clock.paused and clock.since is not None:
        return _("暂停（自%(d)s）") % {"d": clock.since.isoformat()}
    return case.due_on


def filename() -> str:
    return f"gongkai-cases-{timezone.localdate():%Y%m%d}.xlsx"
