"""Narrative rules found in one pass give exactly the match of a plain `regex.search`."""

from __future__ import annotations

import random

from reportcorpus import CORPUS, require_corpus

from gongkai.reports.ingest.blocks import Document
from gongkai.reports.ingest.narrative import RULES
from gongkai.reports.ingest.text import text_blocks

PIECES = [
    "行政复议", "行政诉讼", "12", "3", "件", "家", "单位双公示目录清单", "各类公告公示信息",
    "条", "咨询", "工作", "多", ",", "。", "\n", "\x1e", "甲", "乙",
]  # fmt: skip


def _same(text: str, start: int, stop: int) -> int:
    found = 0
    for rule in RULES:
        plain, fast = rule.regex.search(text, start, stop), rule.search(text, start, stop)
        assert (plain and (plain.span(), plain.groupdict())) == (
            fast and (fast.span(), fast.groupdict())
        ), (text, start, stop, rule.key)
        found += plain is not None
    return found


def test_one_pass_rules_exist() -> None:
    assert sum(rule.tail is not None for rule in RULES) >= 5


def test_generated_clauses_match_as_search() -> None:
    rnd = random.Random(2019)
    found = 0
    for _ in range(20000):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 14)))
        start = rnd.randint(0, len(text)) if rnd.random() < 0.3 else 0
        stop = rnd.randint(start, len(text)) if rnd.random() < 0.3 else len(text)
        found += _same(text, start, stop)
    assert found > 50  # the generator does produce matches


def test_narrative_report_matches_as_search() -> None:
    require_corpus()
    text = (CORPUS / "seed-004" / "source.txt").read_text(encoding="utf-8")
    blocks, form = text_blocks(text)
    norm = Document(blocks, form).norm
    assert _same(norm, 0, len(norm)) >= 5
