"""Comparing a printed label with the statutory one: tolerated, but reported."""

from __future__ import annotations

import difflib
import functools
import re

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import Finding, Severity

from .normalize import compact

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}、|\([一二三四五六七八九十]{1,2}\)|\d{1,2}[.、,])+"
)


@functools.lru_cache(maxsize=1024)  # the statutory labels come back for every report
def core(label: str) -> str:
    """'三、（三）不予公开 1.属于国家秘密' → '属于国家秘密' (numbering and group removed)."""
    last = label.split(" ")[-1]
    return _NUMBERING.sub("", compact(last)).replace("、", ",")


def printed_label(label: str) -> str:
    """The label as printed, without whitespace and leading numbering (truth.json keys)."""
    return _NUMBERING.sub("", compact(label))


def label_finding(
    printed: str, canonical: str, table: str, row: str, locator: str
) -> Finding | None:
    """None when the printed label is the statutory one; otherwise a finding saying how it differs."""
    got, want = core(printed), core(canonical)
    if not got or got == want:
        return None
    values = {"printed": compact(printed), "canonical": canonical.split(" ")[-1]}
    if got in want or want in got:
        message = _("标签“%(printed)s”是法定标签“%(canonical)s”的简称或变体，已按法定行识别。")
        return Finding("label_variant", message % values, Severity.INFO, table, row, None, locator)
    ratio = difflib.SequenceMatcher(None, got, want).ratio()
    message = _(
        "标签“%(printed)s”与法定标签“%(canonical)s”不一致（疑似错别字或缺字），已按法定行识别。"
    )
    severity = Severity.WARNING if ratio < 0.9 else Severity.INFO
    return Finding("label_typo", message % values, severity, table, row, None, locator)


def best_match(printed: str, canonicals: dict[str, str], threshold: float = 0.6) -> str | None:
    """The id whose canonical label is most similar to `printed`, if similar enough."""
    got = core(printed)
    if len(got) < 2:
        return None
    scored = [
        (difflib.SequenceMatcher(None, got, core(label)).ratio(), key)
        for key, label in canonicals.items()
    ]
    score, key = max(scored, default=(0.0, ""))
    return key if score >= threshold else None
