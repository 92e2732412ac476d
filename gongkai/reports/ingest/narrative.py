"""Figures stated in the prose of pre-2019 narrative reports (no statutory tables).

Reports under the 2007 条例 state their figures in sentences ('共妥善处理依申请公开申请206件').
Each rule below is one such statement; the phrase returned is the exact source text
(traditional characters and punctuation as printed), found through the offset-preserving
normalised twin of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.applications.reportmodel.model import Figure

from .blocks import Document

_CLAUSE_ENDS = ",;:。!?\n\x1e\x1f"
C = rf"[^{_CLAUSE_ENDS}]"  # a character inside one clause
_LAZY_CLAUSE = C + "*?"


@dataclass(frozen=True)
class Rule:
    group: str | None  # None: top level
    key: str  # may contain {y}: the year captured by the rule
    regex: re.Pattern[str]
    after: str | None = None  # search after this key's figure, within its sentence
    # For a pattern that opens with "any clause characters, lazily": the rest on its own.
    tail: re.Pattern[str] | None = None

    def search(self, text: str, start: int, stop: int) -> re.Match[str] | None:
        """`regex.search`, without trying the leading clause run at every position.

        A pattern `C*?X` matches first at the start of the clause holding the first X: no
        earlier position can reach an X, and C*? stops at the first X. So find the first X,
        step back to its clause start and match there — the same match, found in one pass.
        """
        if self.tail is None:
            return self.regex.search(text, start, stop)
        first = self.tail.search(text, start, stop)
        if first is None:
            return None
        clause = max(text.rfind(ch, start, first.start()) for ch in _CLAUSE_ENDS) + 1
        return self.regex.match(text, max(clause, start), stop) or self.regex.search(
            text, start, stop
        )


def _rule(group: str | None, key: str, pattern: str, after: str | None = None) -> Rule:
    tail = pattern.removeprefix(_LAZY_CLAUSE) if pattern.startswith(_LAZY_CLAUSE) else None
    return Rule(group, key, re.compile(pattern), after, re.compile(tail) if tail else None)


RULES = (
    _rule(None, "共处理依申请公开申请数", rf"共{C}{{0,8}}?(?:处理|受理|收到){C}{{0,4}}?依申请公开申请(?P<v>\d+)(?P<u>件)"),
    _rule(None, "其中市政府本级", r"其中市政府本级(?:处理|受理)?(?P<v>\d+)(?P<u>件)"),
    _rule(None, "行政复议", rf"{C}*?行政复议(?P<v>\d+)(?P<u>件)"),
    _rule(None, "行政复议_纠错", r"(?:被依法纠错(?P<v>\d+)|(?P<none>无)被依法纠错案?)(?P<u>件)", after="行政复议"),
    _rule(None, "行政诉讼", rf"{C}*?行政诉讼(?P<v>\d+)(?P<u>件)"),
    _rule(None, "行政诉讼_纠错", r"(?:被依法纠错(?P<v>\d+)|(?P<none>无)被依法纠错案?)(?P<u>件)", after="行政诉讼"),
    _rule(None, "收费", rf"{C}*费用[^。;]*?未(?:向申请人)?收(?:取)?费(?P<none>)"),
    _rule("主动公开", "公示行政许可", r"公示行政许可(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "公示行政处罚", r"公示行政处罚(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "双公示目录清单单位", rf"{C}*?(?P<v>\d+)(?P<u>家)单位双公示目录清单"),
    _rule("主动公开", "公开{y}年预算信息的市级部门", r"(?:\d+月\d+日,)?(?P<v>\d+)(?P<u>家)市级部门\([^)]*\)公开(?P<y>\d{4})年预算信息"),
    _rule("主动公开", "公开{y}年决算信息的市级部门", r"(?:\d+月\d+日,)?(?P<v>\d+)(?P<u>家)市级部门\([^)]*\)公开(?P<y>\d{4})年决算信息"),
    _rule("主动公开", "土地市场专题信息", r"(?:\d{4}年)?公开土地市场专题信息(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "其中招拍挂信息", r"其中“招拍挂”信息(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "征地专题信息", r"公开征地专题信息(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "其中批复信息", r"其中批[复覆]信息(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "征地告知书", r"征地告知书(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "征地公告", r"征地公告(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "安置补偿方案公告", r"安置补偿方案公告(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "公共资源交易项目", r"(?:\d{4}年)?完成交易项目(?P<v>\d+)(?P<u>项)"),
    _rule("主动公开", "公共资源交易公告公示信息", rf"{C}*?各类公告公示信息(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "网上新闻发布会", r"(?:\d{4}年)?共召开网上新闻发布会(?P<v>\d+)(?P<u>场)"),
    _rule("主动公开", "政策解读", r"“政策解读”专栏发布政策解读(?P<v>\d+)(?P<u>条)"),
    _rule("主动公开", "网站更新政务公开信息", r"“[^”]{1,20}”网站共更新政务公开信息(?P<v>\d+)(?P<u>条)"),
    _rule("咨询与互动", "答复民众咨询", r"(?:\d{4}年)?共答[复覆](?:民众|群众)咨询(?P<v>\d+)(?P<u>件),满意率为[\d.]+%"),
    _rule("咨询与互动", "政府信息咨询接待", rf"{C}*?咨询{C}*?工作(?P<v>\d+)(?P<q>多)?(?P<u>件)"),
    _rule("咨询与互动", "网站线上咨询", r"收到各类线上咨询(?P<q>超)?(?P<v>\d+)(?P<u>条),及时处理回复率[\d.]+%"),
    _rule("咨询与互动", "处置网络突发舆情", r"重大网[路络]突发舆情(?P<v>\d+)(?P<u>起)"),
)  # fmt: skip

_QUALIFIERS = {"多": "多 (more than)", "超": "超 (more than)"}
_SENTENCE_END = re.compile(r"[。;\n]")


def _figure(doc: Document, match: re.Match[str]) -> Figure:
    groups = match.groupdict()
    value = 0 if groups.get("none") is not None or groups.get("v") is None else int(groups["v"])
    unit = doc.text[match.start("u") : match.end("u")] if groups.get("u") else None
    qualifier = _QUALIFIERS.get(groups.get("q") or "")
    phrase = doc.text[match.start() : match.end()]
    return Figure(value, unit, phrase, qualifier, doc.locate(match.start()))


def extract_figures(doc: Document) -> dict[str, object]:
    """{key: Figure} and {group: {key: Figure}} for every rule that matches."""
    norm = doc.norm
    figures: dict[str, object] = {}
    ends: dict[str, int] = {}
    for rule in RULES:
        start, stop = 0, len(norm)
        if rule.after:
            if rule.after not in ends:
                continue
            start = ends[rule.after]
            sentence = _SENTENCE_END.search(norm, start)
            stop = sentence.start() if sentence else stop
        match = rule.search(norm, start, stop)
        if not match:
            continue
        key = rule.key.format(y=match.groupdict().get("y") or "")
        ends[key] = match.end()
        target = figures if rule.group is None else figures.setdefault(rule.group, {})
        target[key] = _figure(doc, match)  # type: ignore[index]
    return figures
