"""What a report states in words about its table 二 ('制发行政规范性文件20件，废止2件，现行有效20件',
'全年作出行政处罚决定961件').

Table 二 has no totals, so run-together digits in flattened text cannot be split by
arithmetic. The narrative usually repeats the counts of the 规章 and 行政规范性文件 rows; a
split that contradicts a stated count is dropped. The narrative can count another scope, so a
stated count that no split matches is ignored rather than trusted.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_COUNT = r"[^\d，,。；;]{0,10}?(?P<n>\d+)\s*(?:件|个|份)"
_COLUMNS = {  # column id -> the verbs that name it
    "issued": r"(?:制发|印发|出台|制定|发布)",
    "new_made": r"(?:制作|制发|印发|出台|制定)",
    "repealed": r"(?:废止|宣布失效)",
    "in_force": r"现行有效",
    "decisions": r"(?:决定|办结|办理)",
}
_COUNTED = {column: re.compile(verb + _COUNT) for column, verb in _COLUMNS.items()}
_ROWS = {
    "regulations": re.compile(r"规章"),
    "normative_docs": re.compile(r"规范性文件"),
    "licensing": re.compile(r"行政许可"),
    "penalty": re.compile(r"行政处罚"),
    "compulsion": re.compile(r"行政强制"),
}

Stated = dict[tuple[str, str], int]  # (row id, column id) -> count


def _row_of(sentence: str) -> str | None:
    """The one table-二 row a sentence speaks of; None when it names both or neither."""
    named = [row for row, pattern in _ROWS.items() if pattern.search(sentence)]
    return named[0] if len(named) == 1 else None


def stated_counts(text: str) -> Stated:
    """Counts stated once and unambiguously; a count stated twice differently is dropped."""
    found: dict[tuple[str, str], set[int]] = {}
    for sentence in _SENTENCE.findall(text):
        row = _row_of(sentence)
        if row is None:
            continue
        for column, counted in _COUNTED.items():
            for match in counted.finditer(sentence):
                found.setdefault((row, column), set()).add(int(match["n"]))
    return {key: values.pop() for key, values in found.items() if len(values) == 1}
