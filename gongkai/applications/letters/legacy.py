"""Wording written in the old Django-template form, turned into Chinese placeholders.

Until issue 9 agency admins wrote ``{{ opening }}`` and ``{% if is_inspection %}``;
the shipped defaults in defaults/ are still written that way (they are read
through `from_django` when loaded), and migration 0004 converts every stored
LetterTemplate once. Only what the new language can say is converted: bare
variables, ``{% if [not] x %}…{% else %}…{% endif %}`` and comments. Anything
else (loops, filters, ``with``, attribute access, ``elif``) raises
`Unconvertible`, because guessing its meaning could change a letter.
"""

from __future__ import annotations

import re

from . import placeholders as ph
from . import sandbox

_TOKEN = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#.*?#\}", re.S)
_NAME = re.compile(r"[A-Za-z_]\w*")
_COMMENT = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)


class Unconvertible(ValueError):
    """The old wording uses something the placeholder language cannot say."""


def from_django(source: str) -> str:
    """The same wording with 【placeholders】; Unconvertible if it cannot be said."""
    if "【" in source or "】" in source:
        raise Unconvertible("literal 【 or 】 in the old wording")
    source = _COMMENT.sub("", source)
    out: list[str] = []
    last = 0
    for m in _TOKEN.finditer(source):
        out.append(source[last : m.start()])
        last = m.end()
        if m.group(1) is not None:
            out.append(_variable(m.group(1).strip()))
        elif m.group(2) is not None:
            out.append(_tag(m.group(2).split()))
    text = "".join(out) + source[last:]
    problems = sandbox.check(text)
    if problems:
        raise Unconvertible(str(problems[0]))
    return text


def _placeholder(key: str) -> ph.Placeholder:
    if not _NAME.fullmatch(key) or key not in ph.by_key():
        raise Unconvertible(f"unknown or compound variable {key!r}")
    return ph.by_key()[key]


def _variable(expr: str) -> str:
    found = _placeholder(expr)
    if found.condition:
        raise Unconvertible(f"yes/no fact {expr!r} printed")
    return found.token


def _tag(words: list[str]) -> str:
    match words:
        case ["if", key]:
            return f"【{ph.IF} {_placeholder(key).name}】"
        case ["if", "not", key]:
            return f"【{ph.IF}{ph.NEGATIONS[0]} {_placeholder(key).name}】"
        case ["else"]:
            return f"【{ph.ELSE}】"
        case ["endif"]:
            return f"【{ph.END}】"
    raise Unconvertible(f"tag {' '.join(words)!r}")


def to_django(text: str) -> str:
    """The reverse (for migrating back): placeholders to the old form."""
    out: list[str] = []
    for piece in re.split(r"(【[^【】\n]*】)", text):
        if not (piece.startswith("【") and piece.endswith("】")):
            out.append(piece)
            continue
        inner = piece[1:-1].strip(" \u3000:：")
        out.append(_back(inner))
    return "".join(out)


def _back(inner: str) -> str:
    if inner == ph.ELSE:
        return "{% else %}"
    if inner == ph.END:
        return "{% endif %}"
    if inner.startswith(ph.IF):
        rest = inner[len(ph.IF) :].strip(" \u3000:：")
        negate = rest.startswith(ph.NEGATIONS)
        if negate:
            rest = rest[len(ph.NEGATIONS[0]) :].strip(" \u3000:：")
        return "{% if " + ("not " if negate else "") + ph.by_name()[rest].key + " %}"
    return "{{ " + ph.by_name()[inner].key + " }}"
