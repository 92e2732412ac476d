"""Finding the statutory labels in a document: normalised keywords plus position.

Exact label matching fails on almost every real source (typos, spans, line breaks, OCR), so
each row is recognised by a short keyword that survives all of that, and the enumerator in
front of it ('2.', '（三）', '一、') is then absorbed so it is not mistaken for a value.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import formats

G = r"[ \t\r\n]*"  # whitespace a label may contain (never a cell boundary)


def kw(word: str) -> str:
    """Regex for a literal keyword that tolerates whitespace between its characters."""
    return G.join(re.escape(ch) for ch in word)


@dataclass(frozen=True)
class Pattern:
    key: str  # row id, or a group/stop name
    kind: str  # row | group | six | stop
    regex: re.Pattern[str]
    enumerator: str | None = None  # the digit printed before a sub-row label


def _p(
    key: str, kind: str, *words: str, enum: str | None = None, raw: str | None = None
) -> Pattern:
    source = raw or "|".join(kw(w) for w in words)
    return Pattern(key, kind, re.compile(source), enum)


REQUEST_PATTERNS = (
    _p("new_received", "row", "本年新收"),
    _p("carried_over", "row", "上年结转"),
    _p("g_results", "group", "本年度办理结果", "办理结果"),
    _p("r_open", "row", "予以公开"),
    _p("r_partial", "row", "部分公开"),
    _p("g_deny", "group", "不予公开"),
    _p("r_deny_secret", "row", "国家秘密", enum="1"),
    _p("r_deny_law", "row", "法规禁止", "禁止公开", enum="2"),
    _p("r_deny_safety", "row", "三安全", "一稳定", enum="3"),
    _p("r_deny_third_party", "row", "第三方合法", "第三方", enum="4"),
    _p("r_deny_internal", "row", "内部事务", enum="5"),
    _p("r_deny_process", "row", "过程性", enum="6"),
    _p("r_deny_enforcement", "row", "执法案卷", enum="7"),
    _p("r_deny_inquiry", "row", "行政查询", "查询事项", enum="8"),
    _p("g_na", "group", "无法提供"),
    _p("r_na_not_held", "row", "不掌握", enum="1"),
    _p("r_na_need_create", "row", "另行制作", "没有现成", enum="2"),
    _p("r_na_unclear", "row", "仍不明确", "补正后申请", enum="3"),
    _p("g_np", "group", "不予处理"),
    _p("r_np_petition", "row", "信访举报", "举报投诉", enum="1"),
    _p("r_np_repeat", "row", "重复申请", enum="2"),
    _p("r_np_publication", "row", "出版物", enum="3"),
    _p("r_np_mass", "row", "大量反复", enum="4"),
    _p("r_np_confirm", "row", "重新出具", "确认或重新", enum="5"),
    _p("six", "six", "其他处理"),
    _p("r_other_no_correction", "row", "不补正", "逾期不补", enum="1"),
    _p("r_other_no_fee", "row", "收费通知", "缴纳费用", enum="2"),
    _p("r_other_other", "row", raw=rf"3{G}[.、,]{G}其{G}他(?!{G}法)"),
    _p("r_total", "row", raw=rf"(?:\({G}七{G}\){G})?总{G}计"),
    _p("carry_next", "row", "结转下年度", "下年度继续"),
)

ACTIVE_PATTERNS = (
    _p("regulations", "row", raw=rf"规{G}章(?!{G}制)"),
    _p("normative_docs", "row", raw=rf"(?:行{G}政{G})?(?:规{G}范{G}性{G}文{G}件)"),
    _p("licensing", "row", "行政许可"),
    _p("other_services", "row", "对外管理服务", "其他对外管理"),
    _p("penalty", "row", "行政处罚"),
    _p("compulsion", "row", "行政强制"),
    _p("admin_fees", "row", "事业性收费"),
    _p("central_procurement", "row", "集中采购"),
    _p(
        "caption",
        "stop",
        raw=rf"第{G}二{G}十{G}条{G}第?{G}\(?{G}[一二三四五六七八九\d]{{1,2}}{G}\)?{G}项",
    ),
    _p("header", "stop", "信息内容"),
)


# Markers of the two table-二 templates, counted to tell them apart (header labels).
def present_markers(norm: str, start: int, end: int, part: str) -> set[str]:
    """The registered formats' marker phrases of `part` printed between start and end
    (whitespace inside a phrase tolerated); `formats.detect` scores them."""
    return {
        phrase for phrase in formats.all_markers(part) if _kw_regex(phrase).search(norm, start, end)
    }


@functools.cache
def _kw_regex(word: str) -> re.Pattern[str]:
    return re.compile(kw(word))


REVIEW_HEADER = re.compile(
    "|".join(
        kw(w)
        for w in ("行政复议", "行政诉讼", "维持", "纠正", "其他结果", "尚未审结", "总计", "直接起诉", "复议后起诉")
    )
)  # fmt: skip

_CN = "一二三四五六七八九十"
_PREFIX = re.compile(rf"(?:[{_CN}]{{1,2}}{G}、|\({G}[{_CN}]{{1,2}}{G}\)){G}$")
# Characters a printed label may consist of, walking back from its keyword. Not digits (the
# previous row's values), not 元/万 (their units), not cell or row separators.
_LABEL_CHAR = re.compile(r"[\u4e00-\u9fff“”\"()、,;: \t\r\n]")
_NOT_LABEL = set("元万")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Hit:
    start: int  # where the printed label begins (numbering included)
    end: int
    key: str
    kind: str
    keyword_start: int = -1  # where the matched keyword itself begins


def _walk_back(norm: str, start: int, floor: int) -> int:
    while (
        start > floor and _LABEL_CHAR.match(norm[start - 1]) and norm[start - 1] not in _NOT_LABEL
    ):
        start -= 1
    return start


@functools.cache
def _enumerated(enumerator: str) -> re.Pattern[str]:
    """The sub-row digit before a label and its separator ('2.'), at the end of a window."""
    return re.compile(rf"{enumerator}{G}[.、,]{G}$")


def _extend_back(norm: str, start: int, floor: int, enumerator: str | None) -> int:
    """Absorb the label text before the keyword and its '2.' / '（三）' / '一、' numbering."""
    start = _walk_back(norm, start, floor)
    for _round in range(3):
        window = norm[max(floor, start - 12) : start]
        match = _enumerated(enumerator).search(window) if enumerator else None
        match = match or _PREFIX.search(window)
        if not match:
            break
        start = _walk_back(norm, start - (len(window) - match.start()), floor)
        enumerator = None  # only the innermost enumerator is a digit
    return start


def _raw_hits(
    norm: str, start: int, end: int, patterns: tuple[Pattern, ...]
) -> list[tuple[Hit, str | None]]:
    found = [
        (Hit(m.start(), m.end(), p.key, p.kind), p.enumerator)
        for p in patterns
        for m in p.regex.finditer(norm, start, end)
    ]
    found.sort(key=lambda h: (h[0].start, -(h[0].end - h[0].start)))
    kept: list[tuple[Hit, str | None]] = []
    for hit, enum in found:
        if kept and hit.start < kept[-1][0].end:
            continue  # overlapping keywords: the earliest, longest wins
        if (
            kept
            and kept[-1][0].key == hit.key
            and not _DIGIT.search(norm, kept[-1][0].end, hit.start)
        ):
            kept[-1] = (Hit(kept[-1][0].start, hit.end, hit.key, hit.kind), kept[-1][1])
            continue  # two keywords of one label ('三安全' … '一稳定')
        kept.append((hit, enum))
    return kept


def _walk_forward(norm: str, end: int, ceiling: int) -> int:
    """The rest of a label after its keyword, up to a value, a line break or a cell boundary."""
    while (
        end < ceiling
        and norm[end] not in "\n\r"
        and _LABEL_CHAR.match(norm[end])
        and norm[end] not in _NOT_LABEL
    ):
        end += 1
    while end > 0 and norm[end - 1] in " \t":
        end -= 1
    return end


def find_hits(norm: str, start: int, end: int, patterns: tuple[Pattern, ...]) -> list[Hit]:
    """All label occurrences in norm[start:end], each widened to its whole printed label."""
    raw = _raw_hits(norm, start, end, patterns)
    hits: list[Hit] = []
    for index, (hit, enum) in enumerate(raw):
        floor = hits[-1].end if hits else start
        cell_start = (
            max(norm.rfind("\x1f", floor, hit.start), norm.rfind("\x1e", floor, hit.start)) + 1
        )
        s = _extend_back(norm, hit.start, max(floor, cell_start), enum)
        while s < hit.start and norm[s].isspace():
            s += 1  # a label begins at its first printed character, not at a line break
        ceiling = raw[index + 1][0].start if index + 1 < len(raw) else end
        e = max(_walk_forward(norm, hit.end, ceiling), hit.end)
        hits.append(Hit(s, e, hit.key, hit.kind, hit.start))
    return hits


def first(regex: str, norm: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    return re.compile(regex).search(norm, start, len(norm) if end is None else end)
