"""Reading one printed cell: a number (with its unit), "/", blank, or unreadable.

Footnote markers (`0 <sup>注1</sup>`) and parenthetical sub-counts (`12（其中…3件）`) are
dropped from the value and kept in the provenance note, as the corpus README prescribes.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from gongkai.applications.reportmodel.model import Cell, CellStatus, Method, Provenance

_SUP = re.compile(r"<sup>(.*?)</sup>", re.S | re.I)
_FOOTNOTE = re.compile(r"注\s*\d+")
_SUBCOUNT = re.compile(r"\((?:其中|含)[^()]*\)")
_SPACE = re.compile(r"\s+")
_DASHES = re.compile(r"^[-~]{1,3}$")  # a dash printed for "not applicable"
_NUMBER = re.compile(
    r"^(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<unit>万元|元|件|个|项|条|次)?$"
)
_AMOUNT_UNITS = {"万元", "元"}


def clean(text: str) -> tuple[str, str]:
    """The cell text without markup and notes, and the notes that were dropped."""
    if "<" not in text and "注" not in text and "(" not in text:
        return _SPACE.sub("", text), ""  # the common case: a bare number
    notes = [m.group(1).strip() for m in _SUP.finditer(text)]
    text = _SUP.sub(" ", text)
    notes += [m.group(0) for m in _FOOTNOTE.finditer(text)]
    text = _FOOTNOTE.sub(" ", text)
    notes += [m.group(0) for m in _SUBCOUNT.finditer(text)]
    text = _SUBCOUNT.sub(" ", text)
    return _SPACE.sub("", text), "；".join(n for n in notes if n)


def to_number(text: str) -> int | Decimal | None:
    plain = text.replace(",", "")
    try:
        return int(plain) if "." not in plain else Decimal(plain)
    except (ValueError, InvalidOperation):
        return None


def parse_cell(
    norm_text: str,
    locator: str,
    snippet: str = "",
    method: Method = Method.CELL,
    keep_unit: bool = False,
    note: str = "",
) -> Cell:
    """Interpret the normalised text of one cell."""
    if norm_text.isdigit() and norm_text.isascii():  # the common case: digits alone
        prov = Provenance(locator, snippet.strip()[:200], method, note)
        return Cell(CellStatus.NUMBER, int(norm_text), None, norm_text, prov)
    if not norm_text or norm_text.isspace():  # and the next commonest: nothing printed
        return Cell(
            CellStatus.BLANK, provenance=Provenance(locator, snippet.strip()[:200], method, note)
        )
    text, dropped = clean(norm_text)
    prov = Provenance(
        locator, snippet.strip()[:200], method, "；".join(filter(None, [note, dropped]))
    )
    if not text:
        return Cell.blank(prov)
    if text == "/" or _DASHES.match(text):
        return Cell.slash(prov)
    match = _NUMBER.match(text)
    value = to_number(match.group("num")) if match else None
    if match is None or value is None:
        return Cell.unreadable(prov)
    unit = match.group("unit")
    unit = unit if keep_unit and unit in _AMOUNT_UNITS else None
    return Cell.number(value, match.group("num").lstrip("+"), unit, provenance=prov)
