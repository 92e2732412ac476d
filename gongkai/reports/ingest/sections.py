"""Sections 一 to 六: headings recognised by keyword, text kept, deviations reported.

Real reports renumber, reorder and rename their sections ('五、其他事项' before '六、存在问题
及改进措施', numbers shifted by one, tables after the signature). None of that is an error in
the tables; it is reported as information.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import Finding, Section, Severity

from ..formats import SECTION_TITLES
from .blocks import Document
from .normalize import compact

_HEADING = re.compile(r"^(?:#+)?([一二三四五六七八九十]{1,2})[、.]\s*(.{2,40})$")
_KEYS: tuple[tuple[int, tuple[str, ...]], ...] = (  # most specific first
    (3, ("行政复议", "行政诉讼")),
    (4, ("存在的主要问题", "存在问题", "主要问题", "改进")),
    (5, ("其他需要报告", "其他事项", "其他需要")),
    (2, ("收到和处理", "依申请公开")),
    (1, ("主动公开政府信息", "主动公开")),
    (0, ("总体情况", "概述", "基本情况")),
)
_NOT_HEADING = ("数量", "办理结果", "继续办理")
_WS = re.compile(r"\s+")  # what `compact` removes


def _key(title: str, compacted: bool = False) -> int | None:
    text = title if compacted else compact(title)
    if any(w in text for w in _NOT_HEADING):
        return None  # a table-三 row label, not a section heading
    for key, words in _KEYS:
        if any(w in text for w in words):
            return key
    return None


def _finding(section: Section) -> Finding | None:
    number, title = SECTION_TITLES[section.key] if section.key is not None else ("", "")
    values = {"printed": f"{section.number}、{section.title}", "number": number, "title": title}
    if section.number != number:
        message = _("章节“%(printed)s”在格式中是“%(number)s、%(title)s”（编号或顺序与格式不同）。")
        return Finding("section_order", message % values, Severity.INFO)
    if compact(section.title) != title:
        message = _("章节标题“%(printed)s”与格式标题“%(number)s、%(title)s”不一致。")
        return Finding("section_title", message % values, Severity.INFO)
    return None


def read_sections(doc: Document) -> tuple[list[Section], list[Finding]]:
    sections: list[Section] = []
    norm = doc.norm
    for b_index, block in enumerate(doc.blocks):
        if block.kind != "para":
            continue  # table rows are neither headings nor section text
        start = doc.cell_start(b_index, 0)
        text = norm[start : start + len(block.cells[0])].strip()
        # `norm` is normalised already: compacting it only removes the whitespace
        match = _HEADING.match(_WS.sub("", text)) if text and len(text) <= 44 else None
        key = _key(match.group(2), compacted=True) if match else None
        if match and key is not None:
            sections.append(Section(match.group(1), match.group(2), key))
        elif sections:
            sections[-1].text += ("\n" if sections[-1].text else "") + text
    findings = [f for s in sections if (f := _finding(s))]
    return sections, findings
