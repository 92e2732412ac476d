"""Agency and year from the report's own title ('苏州市人民政府办公室2019年政府信息公开工作年度报告')."""

from __future__ import annotations

import re

from .blocks import Document
from .normalize import normalize

_HAN = r"\u4e00-\u9fff"
_N = r"\n?"  # a title may wrap onto the next line anywhere


def _wrapping(word: str) -> str:
    return _N.join(word)


_TITLE = re.compile(
    rf"(?P<year>(?:19|20)\d{{2}}){_N}年{_N}度?{_N}(?P<mid>[{_HAN}()\n]{{0,30}}?)"
    rf"{_wrapping('政府信息公开')}(?:{_N}{_wrapping('工作')})?{_N}年{_N}度?{_N}报(?:{_N}告)?"
)
_BEFORE = re.compile(rf"([{_HAN}()]{{2,40}})$")
_PERIOD = re.compile(r"统计(?:期限|周期|时限)?(?:自|为|从)?((?:19|20)\d{2})年0?1月0?1日")
_BARE_AREA = re.compile(rf"^[{_HAN}]{{1,8}}[市县旗镇乡区]$")
_ZONE = re.compile(r"(?:开发|园|新|保税|试验|实验|示范|合作)区$")
_BARE_STREET = re.compile(rf"^[{_HAN}]{{1,8}}街道$")
_GENERIC = re.compile(r"^(?:标题|名称|正文|关于|附件|发布|首页)+")
_TRAILING = re.compile(r"(?:关于|的)+$")
# flattened pages glue the breadcrumb's last item to the title ('…政府信息公开年报云溪县人民政府')
_CRUMB = re.compile(r"^.*(?:年报|首页|当前位置)")
_WS = re.compile(r"[^\S\n]+|[\x1e\x1f]")
_ALL_WS = re.compile(r"[\s\x1e\x1f]+")
_LINE = re.compile(rf"^[{_HAN}()]{{2,40}}$")


def _compact_head(doc: Document, limit: int = 6000) -> str:
    """The head of the document without whitespace inside lines; line breaks are kept, so a
    title is never glued to the breadcrumb or 来源 line above it."""
    head = doc.norm[:limit]
    if doc.title_hint:
        head = normalize(doc.title_hint, doc.traditional) + "\n" + head
    return re.sub(r"\n+", "\n", _WS.sub("", head))


def _agency(head: str, match: re.Match[str]) -> str | None:
    mid = match.group("mid").replace("\n", "").strip("()")
    if len(mid) >= 2:
        name = mid
    else:
        before = _BEFORE.search(head[: match.start()])
        if before:
            name = before.group(1)
        else:  # a title printed on two lines: the agency on the line above
            lines = head[: match.start()].rstrip("\n").rsplit("\n", 1)
            above = lines[-1] if head[: match.start()].endswith("\n") else ""
            name = above if _LINE.match(above) else ""
        name = _TRAILING.sub("", _GENERIC.sub("", _CRUMB.sub("", name)))
    if len(name) < 2:
        return None
    # A whole-area report ('太仓市2019年…', '青山镇2021年…') is the people's government's report
    # (a sub-district's: its 街道办事处); zones ('…开发区') are named in full by their reports.
    if _BARE_STREET.match(name):
        return name + "办事处"
    return name + "人民政府" if _BARE_AREA.match(name) and not _ZONE.search(name) else name


def detect_agency_year(doc: Document) -> tuple[str | None, int | None]:
    head = _compact_head(doc)
    match = _TITLE.search(head)
    if match:
        return _agency(head, match), int(match.group("year"))
    period = _PERIOD.search(_ALL_WS.sub("", doc.norm[:20000]))
    return None, int(period.group(1)) if period else None
