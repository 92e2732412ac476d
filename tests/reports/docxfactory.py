"""Word files in the official layout, built from truth.json data with python-docx.

The corpus has no DOCX, so these are made here: merged header blocks (the 3×3 corner, 申请人情况
over seven columns, 自然人/总计 over two rows), 三、本年度办理结果 merged down 20 or 22 rows,
group labels merged down 8/3/5(/3) rows, and the three-row header of table 四.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from gongkai.reports.formats import REQUEST_COLUMNS, TRUTH_REVIEW_COLUMNS

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
GROUPS = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}


def text(value: Any) -> str:
    return "" if value is None else str(value)


def _merge(table, r0: int, c0: int, r1: int, c1: int, value: str):  # type: ignore[no-untyped-def]
    cell = (
        table.cell(r0, c0).merge(table.cell(r1, c1)) if (r0, c0) != (r1, c1) else table.cell(r0, c0)
    )
    cell.text = value
    return cell


def _active_tables(doc, active: dict[str, dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    captions = {
        "规章": "第二十条第（一）项", "行政许可": "第二十条第（五）项", "行政处罚": "第二十条第（六）项",
        "行政事业性收费": "第二十条第（八）项", "政府集中采购": "第二十条第（九）项",
    }  # fmt: skip
    rows: list[tuple[str, Any]] = []
    for label, cells in active.items():
        if label in captions:
            rows += [("caption", captions[label]), ("header", list(cells))]
        rows.append(("data", (label, list(cells.values()))))
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, (kind, content) in enumerate(rows):
        if kind == "caption":
            _merge(table, r, 0, r, 3, content)
            continue
        label, values = ("信息内容", content) if kind == "header" else content
        table.cell(r, 0).text = label
        _fill(table, r, values)


def _fill(table, r: int, values: list[Any]) -> None:  # type: ignore[no-untyped-def]
    """Values spread over three columns: 1 value spans 3, 2 values span 1+2 (as pub-004)."""
    if len(values) == 3:
        for c, v in enumerate(values, start=1):
            table.cell(r, c).text = text(v)
    elif len(values) == 2:
        table.cell(r, 1).text = text(values[0])
        _merge(table, r, 2, r, 3, text(values[1]))
    else:
        _merge(table, r, 1, r, 3, text(values[0]))


def _request_table(doc, rows: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=3 + len(rows), cols=10)
    table.style = "Table Grid"
    _merge(table, 0, 0, 2, 2, NOTE)
    _merge(table, 0, 3, 0, 9, "申请人情况")
    _merge(table, 1, 3, 2, 3, "自然人")
    _merge(table, 1, 4, 1, 8, "法人或其他组织")
    _merge(table, 1, 9, 2, 9, "总计")
    for c, column in enumerate(REQUEST_COLUMNS[1:6], start=4):
        table.cell(2, c).text = column.label
    outcome = [i for i, r in enumerate(rows) if r["row"].startswith("三、")]
    _merge(table, 3 + outcome[0], 0, 3 + outcome[-1], 0, "三、本年度办理结果")
    seen: set[str] = set()
    for i, row in enumerate(rows):
        r = 3 + i
        label = row["row"]
        if not label.startswith("三、"):
            _merge(table, r, 0, r, 2, label)
        elif " " in label:
            group, sub = label[2:].split(" ", 1)
            if group not in seen:
                seen.add(group)
                span = sum(1 for x in rows if x["row"].startswith(f"三、{group} "))
                _merge(table, r, 1, r + span - 1, 1, group)
            table.cell(r, 2).text = sub
        else:
            _merge(table, r, 1, r, 2, label[2:])
        for c, value in enumerate(row["values"], start=3):
            table.cell(r, c).text = text(value)


def _review_table(doc, review: dict[str, list[Any]]) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    _merge(table, 0, 0, 0, 4, "行政复议")
    _merge(table, 0, 5, 0, 14, "行政诉讼")
    parts = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for c, part in enumerate(parts):
        _merge(table, 1, c, 2, c, part)
    _merge(table, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(table, 1, 10, 1, 14, "复议后起诉")
    for c in range(10):
        table.cell(2, 5 + c).text = parts[c % 5]
    values = review["复议"] + review["诉讼_未经复议"] + review["诉讼_复议后"]
    assert len(values) == 3 * len(TRUTH_REVIEW_COLUMNS)
    for c, value in enumerate(values):
        table.cell(3, c).text = text(value)


def build_docx(
    truth: dict[str, Any], agency: str, year: int, narrative: str | None = None
) -> bytes:
    doc = Document()
    doc.add_paragraph(f"{agency}{year}年政府信息公开工作年度报告")
    if narrative is not None:
        for line in narrative.splitlines():
            doc.add_paragraph(line)
    else:
        doc.add_paragraph("一、总体情况")
        doc.add_paragraph("本年度依法做好政府信息公开工作。")
        doc.add_paragraph("二、主动公开政府信息情况")
        _active_tables(doc, truth["table_active"])
        doc.add_paragraph("三、收到和处理政府信息公开申请情况")
        _request_table(doc, truth["table_requests"])
        doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
        _review_table(doc, truth["table_review"])
        doc.add_paragraph("五、存在的主要问题及改进情况")
        doc.add_paragraph("六、其他需要报告的事项")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
