"""Bytes to text: BOM, declared charset, UTF-8, then GB18030 (a superset of GBK/GB2312)."""

from __future__ import annotations

import codecs
import re

from django.utils.translation import gettext as _

from .base import MalformedDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Control characters other than \t \n \v \f \r: text has next to none, binary many.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    name = _ALIASES.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    """(text, encoding). Raises MalformedDocument for binary data that is not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    candidates = ["utf-8", "gb18030"]
    declared = declared_charset(data) if html else None
    if declared:
        candidates.insert(0, declared)
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, name
    raise MalformedDocument(_("无法识别文本编码，或文件不是文本：请确认文件未损坏。"))


def _looks_like_text(text: str) -> bool:
    """Reject binary that happens to decode: too many control characters."""
    sample = text[:20000]
    if not sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls * 100 <= len(sample)
