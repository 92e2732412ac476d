"""Item text: sanitised rich-text bodies, their plain text, and search tokens.

Bodies come from an editor or an imported site, so they are cleaned with `nh3` (an
allow-list HTML sanitiser) before they are stored; the plain text (what checks and
search read, and what finding offsets count in) is derived from the clean HTML.
Search tokens are jieba words of the text after OpenCC 繁→简, lower-cased, space-separated:
the same function serves indexing and queries, so both sides always agree.
"""

from __future__ import annotations

import html
import logging
import re
from functools import cache

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ol", "ul", "li",
    "table", "thead", "tbody", "tr", "th", "td", "blockquote", "a", "span", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_BLOCK_END = re.compile(r"</(p|div|h[2-4]|li|tr|blockquote)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w", re.UNICODE)


def clean_body(value: str) -> str:
    """The HTML that may be stored and shown: an allow-list of tags, no scripts or styles."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(body_html: str) -> str:
    """The text of a clean body, one line per block; finding offsets count in this string."""
    text = _BLOCK_END.sub("\n", body_html or "")
    return html.unescape(_TAG.sub("", text)).strip()


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # the dictionary ships inside the wheel; nothing is downloaded
    return jieba


def simplified(text: str) -> str:
    return str(_converter().convert(text or ""))


def tokens(text: str) -> list[str]:
    """Search words: every word and, for long words, their shorter dictionary words too
    (jieba's search mode), so a 2-character query matches inside 政务公开."""
    words = _jieba().cut_for_search(simplified(text).lower())
    return [w for w in (w.strip() for w in words) if w and _WORD.search(w)]


def query_tokens(text: str) -> list[str]:
    """The words of a query (precise mode): all must match."""
    words = _jieba().cut(simplified(text).lower())
    return list(dict.fromkeys(w for w in (w.strip() for w in words) if w and _WORD.search(w)))
