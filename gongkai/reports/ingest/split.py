"""Splitting run-together digits (`801000081` → 80|1|0|0|0|0|81) by the tables' own totals.

Flattened text loses every cell boundary. Whitespace that survives is a boundary (a number
never contains a space); inside a run, a cell is either "0" or starts with a non-zero digit.
Every split that honours that is enumerated, and the tables' equations choose among them.
What the equations cannot settle stays ambiguous and is reported, never guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_SEGMENT = re.compile(r"^(?P<int>\d+)(?P<suffix>(?:\.\d+)?(?:万元|元)?)$")

MAX_STATES = 200_000  # enumeration budget per row: hostile input must end quickly


class SplitBudgetExceeded(Exception):
    pass


@dataclass(frozen=True)
class Segment:
    digits: str  # the splittable integer digits ("" for a token that cannot be split)
    suffix: str  # decimals and/or unit, glued to the last part ("/" for a slash)


def segments(tokens: list[str]) -> list[Segment]:
    result = []
    for token in tokens:
        match = _SEGMENT.match(token)
        result.append(Segment(match["int"], match["suffix"]) if match else Segment("", token))
    return result


def _valid(part: str) -> bool:
    return part == "0" or not part.startswith("0")


def enumerate_splits(
    tokens: list[str],
    n: int,
    accept: Callable[[list[str]], bool] = lambda parts: True,
    budget: int = MAX_STATES,
) -> Iterator[list[str]]:
    """All ways to cut `tokens` into exactly `n` parts; `accept` prunes partial splits."""
    segs = segments(tokens)
    total_digits = sum(max(len(s.digits), 1) for s in segs)
    if not segs or n < len(segs) or n > total_digits:
        return
    counter = [0]
    capacity = [0] * (len(segs) + 1)  # how many parts the segments from i on can yield
    for i in range(len(segs) - 1, -1, -1):
        capacity[i] = capacity[i + 1] + max(len(segs[i].digits), 1)

    def walk(i: int, pos: int, parts: list[str]) -> Iterator[list[str]]:
        counter[0] += 1
        if counter[0] > budget:
            raise SplitBudgetExceeded
        if i == len(segs):
            if len(parts) == n:
                yield list(parts)
            return
        seg = segs[i]
        if not seg.digits:  # slash or unsplittable token: one part
            yield from _push(i + 1, 0, parts, seg.suffix)
            return
        if len(parts) + len(segs) - i > n:
            return
        for end in range(pos + 1, len(seg.digits) + 1):
            part = seg.digits[pos:end]
            if not _valid(part):
                break
            last = end == len(seg.digits)
            if n - len(parts) - 1 > len(seg.digits) - end + capacity[i + 1]:
                break  # too few digits left for the parts still needed
            if last:
                yield from _push(i + 1, 0, parts, part + seg.suffix)
            else:
                yield from _push(i, end, parts, part)

    def _push(i: int, pos: int, parts: list[str], part: str) -> Iterator[list[str]]:
        parts.append(part)
        if len(parts) <= n and accept(parts):
            yield from walk(i, pos, parts)
        parts.pop()

    yield from walk(0, 0, [])


def value(part: str) -> int | None:
    return int(part) if part.isdigit() else None


def row_total_ok(parts: list[str], width: int = 7) -> bool:
    """Partial check for a table-三 row: the last of `width` parts is the sum of the others."""
    if len(parts) < width:
        return True
    numbers = [value(p) for p in parts[:width]]
    if any(v is None for v in numbers):
        return True  # a slash or decimal: the equation does not apply
    return sum(numbers[:-1]) == numbers[-1]  # type: ignore[arg-type]


def review_groups_ok(parts: list[str]) -> bool:
    """Partial check for table 四: each completed group of five ends with its sum."""
    if len(parts) % 5 != 0 or not parts:
        return True
    group = [value(p) for p in parts[-5:]]
    if any(v is None for v in group):
        return True
    return sum(group[:4]) == group[4]  # type: ignore[arg-type]


def candidates(
    tokens: list[str],
    n: int,
    accept: Callable[[list[str]], bool] = lambda parts: True,
    limit: int = 64,
) -> list[list[str]] | None:
    """Up to `limit` complete splits; None when the budget runs out (undecidable)."""
    found: list[list[str]] = []
    try:
        for parts in enumerate_splits(tokens, n, accept):
            found.append(parts)
            if len(found) >= limit:
                break
    except SplitBudgetExceeded:
        return None
    return found
