"""The development corpus (../shared/corpus) and how a parse is compared with its truth.json.

The corpus is read in place, never copied: its pub-* documents are third-party publications.
Set GONGKAI_CORPUS to use another location; without it, tests skip with a clear reason.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(
    os.environ.get(
        "GONGKAI_CORPUS", Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
    )
).resolve()
SKIP_REASON = f"development corpus not found at {CORPUS} (set GONGKAI_CORPUS)"


def corpus_names() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.name for p in CORPUS.iterdir() if (p / "truth.json").is_file())


def corpus_params() -> list[Any]:
    """One pytest param per corpus report, or a single skipped param when it is absent."""
    names = corpus_names()
    return names or [pytest.param(None, marks=pytest.mark.skip(reason=SKIP_REASON))]


def require_corpus() -> None:
    if not corpus_names():
        pytest.skip(SKIP_REASON)


def source_path(name: str) -> Path:
    """The report's source document; the calling test skips when the corpus is absent."""
    require_corpus()
    return next((CORPUS / name).glob("source.*"))


def truth(name: str) -> dict[str, Any]:
    """The report's hand-checked values; the calling test skips when the corpus is absent."""
    require_corpus()
    return json.loads((CORPUS / name / "truth.json").read_text(encoding="utf-8"))


def meta(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / name / "meta.json").read_text(encoding="utf-8"))


def same_value(got: Any, want: Any) -> bool:
    """Numbers by value (Decimal), unit strings without spaces, None and "/" exactly."""
    if want is None or want == "/":
        return got == want
    if isinstance(want, int | float) and not isinstance(want, bool):
        is_number = isinstance(got, int | float) and not isinstance(got, bool)
        return is_number and Decimal(str(got)) == Decimal(str(want))
    return isinstance(got, str) and got.replace(" ", "") == str(want).replace(" ", "")


def error_key(error: dict[str, Any]) -> tuple[str, str]:
    where = error.get("row") or error.get("column") or error.get("group")
    return error["type"], str(where)


def agency_matches(detected: str | None, described: str) -> bool:
    """meta.json describes the agency ('上海市科学技术委员会（市科委）'); the title names it."""
    if not detected:
        return False
    main, _sep, alias = described.partition("（")
    alias = alias.split("，")[0].rstrip("）")
    return (
        detected == main or main.startswith(detected) or (bool(alias) and detected.endswith(alias))
    )
