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

_SEGMENT = re.compile(r"^(?P<sign>-?)(?P<int>\d+)(?P<suffix>(?:\.\d+)?(?:万元|元)?)$")

MAX_STATES = 100_000  # enumeration budget per row: hostile input must end quickly


class SplitBudgetExceeded(Exception):
    pass


@dataclass(frozen=True)
class Segment:
    digits: str  # the splittable integer digits ("" for a token that cannot be split)
    suffix: str  # decimals and/or unit, glued to the last part ("/" for a slash)
    sign: str = ""  # a minus sign, glued to the first part (本年增/减 -8)


def segments(tokens: list[str]) -> list[Segment]:
    result = []
    for token in tokens:
        match = _SEGMENT.match(token)
        result.append(
            Segment(match["int"], match["suffix"], match["sign"]) if match else Segment("", token)
        )
    return result


def _valid(part: str) -> bool:
    return part == "0" or not part.startswith("0")


MAX_PART_DIGITS = 10  # no table cell holds a count of more than ten digits


def enumerate_splits(
    tokens: list[str],
    n: int,
    accept: Callable[[list[str]], bool] = lambda parts: True,
    budget: int = MAX_STATES,
    max_digits: int = MAX_PART_DIGITS,
) -> Iterator[list[str]]:
    """All ways to cut `tokens` into exactly `n` parts; `accept` prunes partial splits."""
    segs = segments(tokens)
    if not segs or not len(segs) <= n <= sum(max(len(s.digits), 1) for s in segs):
        return
    search = _SplitSearch(segs, n, accept, budget, max_digits)
    if search.feasible(0, 0, n):
        search.walk(0, 0, [])
    yield from search.results


class _SplitSearch:
    """A depth-first search over the cut points, pruned by counting what is left."""

    def __init__(
        self,
        segs: list[Segment],
        n: int,
        accept: Callable[[list[str]], bool],
        budget: int,
        max_digits: int,
    ) -> None:
        self.segs, self.n, self.accept = segs, n, accept
        self.budget, self.max_digits = budget, max_digits
        self.results: list[list[str]] = []
        self.steps = 0
        # digits[i]: splittable digits from segment i on; a slash segment counts as one part
        self.digits = [0] * (len(segs) + 1)
        self.units = [0] * (len(segs) + 1)
        self.runs = [0] * (len(segs) + 1)  # segments with digits from segment i on
        for i in range(len(segs) - 1, -1, -1):
            self.digits[i] = self.digits[i + 1] + len(segs[i].digits)
            self.units[i] = self.units[i + 1] + (0 if segs[i].digits else 1)
            self.runs[i] = self.runs[i + 1] + (1 if segs[i].digits else 0)

    def feasible(self, i: int, pos: int, parts_left: int) -> bool:
        units = self.units
        left = self.digits[i] - pos
        low = self.runs[i] - (1 if pos and self.segs[i].digits else 0)
        return (
            max(low, 0) + units[i] <= parts_left <= left + units[i]
            and left <= (parts_left - units[i]) * self.max_digits
        )

    def walk(self, i: int, pos: int, parts: list[str]) -> None:
        if i == len(self.segs):
            if len(parts) == self.n:
                self.results.append(list(parts))
            return
        seg = self.segs[i]
        if not seg.digits:
            self.push(i + 1, 0, parts, seg.suffix)
            return
        for end in range(pos + 1, min(len(seg.digits), pos + self.max_digits) + 1):
            self.steps += 1
            if self.steps > self.budget:
                raise SplitBudgetExceeded
            part = seg.digits[pos:end]
            if not _valid(part):
                break
            part = seg.sign + part if pos == 0 else part
            if end == len(seg.digits):
                self.push(i + 1, 0, parts, part + seg.suffix)
            else:
                self.push(i, end, parts, part)

    def push(self, i: int, pos: int, parts: list[str], part: str) -> None:
        parts.append(part)
        if (
            len(parts) <= self.n
            and self.feasible(i, pos, self.n - len(parts))
            and self.accept(parts)
        ):
            self.walk(i, pos, parts)
        parts.pop()


def value(part: str) -> int | None:
    plain = part.replace(",", "")
    return int(plain) if plain.isdigit() else None


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


def _row_splits(tokens: list[str], width: int, budget: int) -> Iterator[list[str]]:
    """Splits of a table-三 row: choose the total (a suffix) first, then parts that sum to it."""
    segs = segments(tokens)
    if not segs or not segs[-1].digits:
        yield from enumerate_splits(tokens, width, row_total_ok, budget)
        return
    last = segs[-1]
    lengths = min(len(last.digits), MAX_PART_DIGITS)
    for length in range(1, lengths + 1):
        total_text = last.digits[-length:]
        if not _valid(total_text):
            continue
        total, head = int(total_text), last.digits[:-length]
        rest = tokens[:-1] + ([head] if head else [])
        if last.suffix or not rest:
            continue

        def bounded(parts: list[str], total: int = total) -> bool:
            numbers = [value(p) for p in parts]
            if any(v is None for v in numbers):
                return True
            return sum(numbers) <= total and (len(parts) < width - 1 or sum(numbers) == total)  # type: ignore[arg-type]

        for parts in enumerate_splits(rest, width - 1, bounded, budget // lengths, length):
            yield [*parts, total_text]


def candidates(
    tokens: list[str],
    n: int,
    accept: Callable[[list[str]], bool] = lambda parts: True,
    limit: int = 64,
) -> list[list[str]] | None:
    """Up to `limit` complete splits; None when the budget runs out (undecidable)."""
    found: list[list[str]] = []
    splits = (
        _row_splits(tokens, n, MAX_STATES)
        if accept is row_total_ok
        else enumerate_splits(tokens, n, accept)
    )
    try:
        for parts in splits:
            found.append(parts)
            if len(found) >= limit:
                break
    except SplitBudgetExceeded:
        return None
    return found
