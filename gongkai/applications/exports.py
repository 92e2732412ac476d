"""Case lists as Excel workbooks, for officials who work in Excel/WPS.

Exports always mask personal data (identity numbers and phones never appear;
natural persons' names only for the handling agency's staff, as in lists)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .models import Application

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


def cases_xlsx(rows: Iterable[tuple[Application, str, str]]) -> bytes:
    """rows: (case, applicant name as the viewer may see it, masked phone)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("依申请公开案件")
    ws.append([str(label) for label, _w in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    for app, name, phone in rows:
        ws.append(_row(app, name, phone))
    for i, (_label, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(app: Application, name: str, phone: str) -> list[Any]:
    return [
        app.number,
        app.agency.name,
        name,
        app.get_applicant_type_display(),
        phone,
        app.get_channel_display(),
        app.receipt_date,
        app.due_on,
        app.get_due_state_display() if app.is_open else "",
        app.get_status_display(),
        app.get_decision_display() if app.decision else "",
        app.concluded_on,
        app.description,
    ]


def filename() -> str:
    return f"gongkai-cases-{timezone.localdate():%Y%m%d}.xlsx"
