"""The shipped wording of every letter body, and which (kind, decision) pairs exist.

A body lives in `defaults/`: `<kind>.txt` for the procedural letters,
`reply_<decision>.txt` for a reply, `closure_<decision>.txt` for a case closed
without one. Paragraphs are separated by blank lines. The files are still in
the old Django-variable form and are read into the Chinese placeholder
language (legacy.from_django), which is what the editor shows and letters
render. Agencies override a body with a `LetterTemplate` (see letter_templates.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..decisions import DECISIONS, REPLY_DECISIONS, Decision
from ..models import LetterKind
from . import legacy

DEFAULTS_DIR = Path(__file__).parent / "defaults"

CLOSURE_DECISIONS = [d for d, spec in DECISIONS.items() if spec.closes_without_reply]


def decisions_for(kind: str) -> list[Decision]:
    """The decisions a kind has one body each for; [] → one body for the kind."""
    if kind == LetterKind.REPLY:
        return list(REPLY_DECISIONS)
    if kind == LetterKind.CLOSURE:
        return list(CLOSURE_DECISIONS)
    return []


def is_valid_key(kind: str, decision: str) -> bool:
    if kind not in LetterKind.values:
        return False
    choices = decisions_for(kind)
    return decision in choices if choices else decision == ""


def all_keys() -> list[tuple[str, str]]:
    """Every (kind, decision) pair a body exists for, in display order."""
    keys: list[tuple[str, str]] = []
    for kind in LetterKind.values:
        choices = decisions_for(kind)
        if choices:
            keys.extend((kind, str(d)) for d in choices)
        else:
            keys.append((kind, ""))
    return keys


def default_path(kind: str, decision: str = "") -> Path:
    name = f"{kind}_{decision}.txt" if decision else f"{kind}.txt"
    return DEFAULTS_DIR / name


@cache
def default_body(kind: str, decision: str = "") -> str:
    """The shipped body for a key, in placeholders (KeyError for a pair that has none)."""
    if not is_valid_key(kind, decision):
        raise KeyError((kind, decision))
    return legacy.from_django(default_path(kind, decision).read_text(encoding="utf-8"))
