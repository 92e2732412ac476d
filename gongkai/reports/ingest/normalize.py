"""Character-level normalisation that keeps offsets: one character in, one character out.

Label matching runs on the normalised text, provenance and quoted phrases come from the
original; because the mapping is 1:1, an offset found in one is valid in the other.
"""

from __future__ import annotations

import functools
import re

# Characters that occur in traditional but (practically) never in simplified Chinese text.
_TRADITIONAL_MARKERS = set(
    "國開資報與為這個們來時會後發對說關應當於過體點條處請機號經權實義質數類區將專務"
)

# one scan for all of them (a `str.count` per marker scans the text 54 times)
_MARKER = re.compile(f"[{''.join(sorted(_TRADITIONAL_MARKERS))}]")

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"}
_SPACES = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u202f"}
_EXTRA = {"〔": "[", "〕": "]", "【": "[", "】": "]", "—": "-", "－": "-", "–": "-"}


def looks_traditional(text: str, sample: int = 20000) -> bool:
    head = text[:sample]
    hits = len(_MARKER.findall(head))
    return hits >= 5 and hits * 200 >= len(head.strip()) * 1


class _FastT2S:
    """OpenCC's t2s with the same output, an order of magnitude faster.

    The pure-Python OpenCC matches every segment (text between punctuation) against the
    phrase table by trying each length at each position, then maps the rest character by
    character. Only 277 phrases exist and a segment rarely contains one; for those segments
    the result is exactly the character table applied by `str.translate`. Segments with a
    phrase still go through OpenCC itself.
    """

    def __init__(self) -> None:
        from opencc import OpenCC

        self._cc = OpenCC("t2s")
        self._cc._init_dict()
        chain = self._cc._dict_chain_data
        self._fast = (
            len(chain) == 1
            and isinstance(chain[0], list)
            and len(chain[0]) == 2
            and chain[0][0][1] >= 2  # phrases: every key two characters or more
            and chain[0][1][0] == 1  # characters: every key one character
        )
        if self._fast:
            phrases, characters = chain[0][0][2], chain[0][1][2]
            # Longest first, as OpenCC matches; presence is all that is asked here.
            alternatives = sorted(phrases, key=len, reverse=True)
            self._phrase = re.compile("|".join(re.escape(p) for p in alternatives))
            # OpenCC takes the first of several candidates, and an empty value as no match.
            first = {k: v.split(" ")[0] for k, v in characters.items()}
            self._chars = {ord(k): v for k, v in first.items() if v}
            # A lone character: a separator stays, anything else goes through the table.
            split = self._cc.split_chars_re
            self._lone = {c: v for c, v in self._chars.items() if not split.fullmatch(chr(c))}

    def convert(self, text: str) -> str:
        if not self._fast:
            converted: str = self._cc.convert(text)
            return converted
        chain = self._cc._dict_chain_data
        parts = self._cc.split_chars_re.split(text)
        for i in range(0, len(parts), 2):  # even: text between separators (odd: kept as is)
            part = parts[i]
            if self._phrase.search(part):
                parts[i] = self._cc._convert(part, chain)
            else:
                parts[i] = part.translate(self._chars)
        return "".join(parts)

    def convert_chars(self, text: str) -> str:
        """Each character converted on its own (an empty result keeps the character)."""
        if not self._fast:
            return "".join(self._cc.convert(ch) or ch for ch in text)
        return text.translate(self._lone)


@functools.lru_cache(maxsize=1)
def _t2s() -> _FastT2S:
    return _FastT2S()


# Taiwan vocabulary left by automatic 简→繁 conversion (s2twp), mapped back to the mainland
# words of the statutory labels; each pair has the same length, so offsets survive.
_TAIWAN = (("资讯", "信息"), ("性档案", "性文件"), ("专案", "项目"))


def to_simplified(text: str) -> str:
    """繁→简 with the same length (phrase conversion may not change offsets)."""
    converted: str = _t2s().convert(text)
    if len(converted) != len(text):
        converted = _t2s().convert_chars(text)  # character by character
    for taiwan, mainland in _TAIWAN:
        converted = converted.replace(taiwan, mainland)
    return converted


def _table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # （）．：１２ → ().:12
    table.update({ord(ch): " " for ch in _SPACES | _ZERO_WIDTH})
    table.update({ord(k): v for k, v in _EXTRA.items()})
    return table


_TRANSLATE = _table()
# `str.translate` looks every character up in the table (a Python int and a dict lookup
# each); finding the few characters that change with one regex scan is several times faster.
_CHANGED = re.compile("[" + "".join(re.escape(chr(code)) for code in _TRANSLATE) + "]")
_REPLACEMENT = {chr(code): value for code, value in _TRANSLATE.items()}


def _replace(match: re.Match[str]) -> str:
    return _REPLACEMENT[match.group()]


def normalize(text: str, traditional: bool | None = None) -> str:
    """Half-width ASCII, plain spaces, simplified characters — same length as the input."""
    if traditional is None:
        traditional = looks_traditional(text)
    if traditional:
        text = to_simplified(text)
    return _CHANGED.sub(_replace, text)


_WS = re.compile(r"\s+")


def compact(text: str) -> str:
    """Normalised text without any whitespace: for comparing labels."""
    return _WS.sub("", normalize(text, traditional=False))
