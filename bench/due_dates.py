"""Benchmark: reply deadlines for 100k open cases, fast calendar vs a naive loop.

    .venv/bin/python bench/due_dates.py [--cases 100000] [--seed 2019] [--repeat 3]

Each case gets a random receipt date in 2019–2026 and, at random, a 补正
restart, consultation / fee pauses (some still open) and an approved
extension. The same cases are computed over two calendars holding the same
announced data:

- fast:  `core.calendar.WorkCalendar` — a bisect over the working-day ordinals
         of the announced years;
- naive: `NaiveCalendar` below — the obvious day-by-day walk, collecting the
         holidays passed and 调休 days worked as it goes.

Two measurements: the deadline date alone (`due_date`), and the full
`applications.deadlines.reply_due` with its explanation (条例第三十三条, each
pause, the extension, the holidays). Both calendars must give the same date,
provisional flag and explanation for every case; exit status 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("DEBUG", "1")  # no SECRET_KEY needed: nothing is signed

import django

django.setup()

from bench._common import cpu_model  # noqa: E402
from gongkai.applications import deadlines  # noqa: E402
from gongkai.core.calendar import WorkCalendar, WorkdayResult  # noqa: E402

FIRST, LAST = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
ONE = dt.timedelta(days=1)


def random_facts(rng: random.Random, cal: WorkCalendar) -> deadlines.ClockFacts:
    start = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days + 1))
    pauses = []
    if rng.random() < 0.25:  # consultation (条例第三十二、三十四条), answered or not
        sent = cal.add_working_days(start, rng.randint(1, 10)).date
        end = cal.add_working_days(sent, rng.randint(1, 15)).date
        pauses.append(deadlines.Pause(sent, end, "征求第三方意见", open=rng.random() < 0.2))
    if rng.random() < 0.1:  # fee notice until payment (国办函〔2020〕109号)
        sent = cal.add_working_days(start, rng.randint(1, 10)).date
        end = cal.add_working_days(sent, rng.randint(1, 20)).date
        pauses.append(deadlines.Pause(sent, end, "等待缴纳信息处理费"))
    extension = rng.randint(1, 20) if rng.random() < 0.15 else 0
    return deadlines.ClockFacts(start, rng.random() < 0.1, tuple(pauses), extension)


class NaiveCalendar(WorkCalendar):
    """The same calendar data, with the arithmetic one writes first: look at
    each day in turn. Builds the same WorkdayResult (holidays passed, 调休 days
    worked, unannounced years), so `deadlines.reply_due` runs unchanged on it."""

    def add_working_days(self, start: dt.date, n: int) -> WorkdayResult:
        d, left, rests, makeups = start, n, [], []
        while left:
            d += ONE
            if self.is_workday(d):
                left -= 1
                if d in self._makeup_days:
                    makeups.append(d)
            elif d.weekday() < 5 and self._rest_days[d] not in rests:
                rests.append(self._rest_days[d])
        missing = tuple(y for y in range(start.year, d.year + 1) if not self.is_announced(y))
        return WorkdayResult(start, n, d, bool(missing), tuple(rests), tuple(makeups), missing)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        n, d = 0, start
        while d < end:
            d += ONE
            n += self.is_workday(d)
        return n


def due_date(cal: WorkCalendar, facts: deadlines.ClockFacts) -> tuple[dt.date, bool]:
    """The deadline without its explanation: the calendar arithmetic alone."""
    paused = sum(
        cal.working_days_between(max(p.start, facts.clock_start), p.end)
        for p in facts.pauses
        if p.end > facts.clock_start
    )
    result = cal.add_working_days(
        facts.clock_start, deadlines.REPLY_DAYS + facts.extension_days + paused
    )
    return result.date, result.provisional or any(p.open for p in facts.pauses)


def timed(fn, cases, repeat: int) -> tuple[float, list]:
    """Best of `repeat` runs, in CPU seconds of this process: the work is single-
    threaded and CPU-bound, and CPU time is not inflated by other processes
    competing for the same cores (wall time would be)."""
    best, out = float("inf"), []
    for _ in range(repeat):
        t0 = time.process_time()
        out = [fn(c) for c in cases]
        best = min(best, time.process_time() - t0)
    return best, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    cal = WorkCalendar.shipped()
    naive = NaiveCalendar(cal.years)
    rng = random.Random(args.seed)
    cases = [random_facts(rng, cal) for _ in range(args.cases)]
    for c in (cal, naive):  # build each calendar's tables outside the timing
        deadlines.reply_due(c, cases[0])

    load = os.getloadavg()[0]
    rows = []
    for label, fn in (("date only", due_date), ("with explanation", deadlines.reply_due)):
        fast_s, fast = timed(lambda f, fn=fn: fn(cal, f), cases, args.repeat)
        naive_s, slow = timed(lambda f, fn=fn: fn(naive, f), cases, args.repeat)
        rows.append((label, fast_s, naive_s, sum(a != b for a, b in zip(fast, slow, strict=True))))
        if label == "with explanation":
            provisional = sum(d.provisional for d in fast)

    n = len(cases)
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}; Python {platform.python_version()}")
    print(f"cases: {n} (seed {args.seed}), best of {args.repeat} runs, CPU time")
    print(f"load average (1 min) at start: {load:.2f} on {os.cpu_count()} CPUs")
    print(f"provisional (reach unannounced 2027, or a pause still open): {provisional}")
    print(
        f"{'':18} {'fast µs/case':>13} {'naive µs/case':>14} {'naive/fast':>11} {'identical':>12}"
    )
    for label, fast_s, naive_s, diff in rows:
        print(
            f"{label:18} {fast_s / n * 1e6:13.2f} {naive_s / n * 1e6:14.2f} "
            f"{naive_s / fast_s:10.2f}× {n - diff:>6}/{n}"
        )
    return 1 if any(diff for *_x, diff in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
