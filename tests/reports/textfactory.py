"""Plain-text renderings of a truth.json in the shapes seen in practice.

markdown tables, tab-separated rows, one cell per line (DOCX text), one paragraph per non-empty
cell (web scrape), and flattened text where every cell boundary is lost.
"""

from __future__ import annotations

from typing import Any

from docxfactory import NOTE

HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
REVIEW_HEADER = (
    "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉"
)


def cell(value: Any) -> str:
    return "" if value is None else str(value)


def _label(row: str) -> str:
    """'三、（三）不予公开 1.属于国家秘密' → '1.属于国家秘密'; top rows keep their numbering."""
    return row.split(" ", 1)[1] if " " in row else row.removeprefix("三、")


def _rows(truth: dict[str, Any]) -> list[tuple[str, list[str], list[str]]]:
    """(title, [label, values…] rows, header) for the three tables, in print order."""
    captions = {
        "规章": "（一）",
        "行政许可": "（五）",
        "行政处罚": "（六）",
        "行政事业性收费": "（八）",
        "政府集中采购": "（九）",
    }
    active: list[list[str]] = []
    for label, cells in truth["table_active"].items():
        if label in captions:
            active += [[f"第二十条第{captions[label]}项"], ["信息内容", *cells]]
        active.append([label, *map(cell, cells.values())])
    requests = [[_label(r["row"]), *map(cell, r["values"])] for r in truth["table_requests"]]
    review = truth["table_review"]
    values = review["复议"] + review["诉讼_未经复议"] + review["诉讼_复议后"]
    return [
        ("二、主动公开政府信息情况", active, []),
        ("三、收到和处理政府信息公开申请情况", requests, [NOTE, *HEADER]),
        (
            "四、政府信息公开行政复议、行政诉讼情况",
            [list(map(cell, values))],
            REVIEW_HEADER.split(),
        ),
    ]


def _title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告\n一、总体情况\n本年度依法做好政府信息公开工作。\n"


def markdown(truth: dict[str, Any], agency: str, year: int) -> str:
    out = [_title(agency, year)]
    for title, rows, header in _rows(truth):
        out.append(f"## {title}")
        if header:
            out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n五、存在的主要问题及改进情况\n"


def tsv(truth: dict[str, Any], agency: str, year: int) -> str:
    out = [_title(agency, year)]
    for title, rows, header in _rows(truth):
        out.append(title)
        if header:
            out.append("\t".join(header))
        out += ["\t".join(r) if len(r) > 1 else r[0] for r in rows]
    return "\n".join(out) + "\n"


def docx_text(truth: dict[str, Any], agency: str, year: int) -> str:
    out = [_title(agency, year)]
    for title, rows, header in _rows(truth):
        out.append(title + "\n")
        for row in [header, *rows] if header else rows:
            out.append("\n".join("\t" + c for c in row) + "\n")
    return "\n".join(out)


def web_text(truth: dict[str, Any], agency: str, year: int) -> str:
    """One paragraph per non-empty cell: empty cells vanish, as in a web scrape."""
    out = [_title(agency, year)]
    for title, rows, header in _rows(truth):
        out += [title, *header]
        out += [c for row in rows for c in row if c]
    return "\n\n".join(out) + "\n"


def flattened(truth: dict[str, Any], agency: str, year: int) -> str:
    """Every cell boundary lost: labels and values run together on one line."""
    parts = [_title(agency, year).replace("\n", "")]
    for title, rows, header in _rows(truth):
        parts.append(title + "".join(header))
        parts += ["".join(row) for row in rows]
    return "".join(parts) + "五、存在的主要问题及改进情况"
