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
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.spreadsheet import xlsx_stream

from . import deadlines
from .models import Application, Status

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

# The columns the export (and list_row's masking) reads; everything else stays in the database.
FIELDS = (
    "agency__code", "agency__name", "agency__path", "year", "seq", "status", "channel", "applicant_type",
    "applicant_name", "phone", "receipt_date", "due_on", "due_provisional", "due_state", "decision",
    "concluded_on", "description",
)  # fmt: skip
_LABELLED = ("applicant_type", "channel", "due_state", "status", "decision")


def cases_xlsx(rows: Iterable[tuple[Application, str, str]]) -> Iterator[bytes]:
    """The workbook as chunks of bytes, made while `rows` is consumed (a streamed response).

    rows: (case, applicant name as the viewer may see it, masked phone).
    """
    labels = _labels()
    return xlsx_stream(
        _("依申请公开案件"),
        [str(label) for label, _width in COLUMNS],
        (_row(app, name, phone, labels) for app, name, phone in rows),
        widths=[width for _label, width in COLUMNS],
    )


def _labels() -> dict[str, dict[str, str]]:
    """Each choice set translated once: {field: {value: label}}."""
    return {name: _choices(Application, name) for name in _LABELLED}


def _choices(model: type[Model], name: str) -> dict[str, str]:
    field: Any = model._meta.get_field(name)
    return {str(value): str(label) for value, label in field.choices or []}


def _row(app: Application, name: str, phone: str, labels: dict[str, dict[str, str]]) -> list[Any]:
    return [
        app.number,
        app.agency.name,
        name,
        labels["applicant_type"].get(app.applicant_type, app.applicant_type),
        phone,
        labels["channel"].get(app.channel, app.channel),
        app.receipt_date,
        _deadline(app),
        labels["due_state"].get(app.due_state, app.due_state) if app.is_open else "",
        labels["status"].get(app.status, app.status),
        labels["decision"].get(app.decision, app.decision),
        app.concluded_on,
        app.description,
    ]


# The statuses in which the reply clock can stand still (deadlines.clock_state); only their
# rows pay for working the clock out (a query or two), the others show the stored date.
_PAUSABLE = frozenset({Status.CORRECTION, Status.CONSULTING, Status.FEE})


def _deadline(app: Application) -> dt.date | str | None:
    """The stored reply deadline, or 暂停（自…） while the clock is paused: during 补正 the
    stored date no longer applies at all (条例第三十条), so it must not be shown."""
    if app.status not in _PAUSABLE:
        return app.due_on
    clock = deadlines.clock_state(app)
    if clock.paused and clock.since is not None:
        return _("暂停（自%(d)s）") % {"d": clock.since.isoformat()}
    return app.due_on


def filename() -> str:
    return f"gongkai-cases-{timezone.localdate():%Y%m%d}.xlsx"
