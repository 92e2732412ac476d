"""Cases told as stories, then played in time order through the services.

A story schedules its steps (receive, 补正, consult, extend, charge, decide,
deliver, appeal …) at dates and times of day. The timeline sorts every step of
every story and runs each while the clock is moved to that moment, so case
numbers follow the order of arrival, every CaseEvent carries the time it
happened, and the daily sweep runs each morning as it would in production.
Nothing is written except through `services` and `letters.issue`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongkai.agencies.models import Agency

from .. import services
from ..letters.issue import issue_letter
from ..models import Appeal, Application, Consultation
from .people import Applicant

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def moment(day: dt.date, hm: str) -> dt.datetime:
    hour, minute = (int(x) for x in hm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@dataclass(order=True)
class Step:
    at: dt.datetime
    seq: int
    run: Callable[[], Any] = field(compare=False)


@dataclass
class Handle:
    """Something a later step needs that an earlier step creates (an appeal)."""

    value: Any = None


class Timeline:
    def __init__(self, agencies: dict[str, Agency], staff: dict[str, dict[str, Any]]) -> None:
        self.agencies, self.staff = agencies, staff
        self.steps: list[Step] = []
        self.stories: list[Story] = []
        self._seq = itertools.count()

    def at(self, day: dt.date, hm: str, fn: Callable[[], Any]) -> None:
        self.steps.append(Step(moment(day, hm), next(self._seq), fn))

    def story(self, key: str, agency: str, who: Applicant, description: str, **extra: str) -> Story:
        story = Story(self, key, agency, who.data(description, **extra))
        self.stories.append(story)
        return story

    def play(self, clock: Callable[[dt.datetime], Any], sweep_mornings: bool = True) -> int:
        """Run every step in time order under `clock(moment)` (a time-travel context)."""
        last_day = None
        for step in sorted(self.steps):
            day = step.at.date()
            if sweep_mornings and day != last_day:
                with clock(moment(day, "00:30")):
                    services.sweep(day)
                last_day = day
            with clock(step.at):
                step.run()
        return len(self.steps)


class Story:
    """One case from arrival to its last appeal; methods schedule, `play` runs."""

    def __init__(self, timeline: Timeline, key: str, agency: str, data: dict[str, str]) -> None:
        self.t, self.key, self.agency_code, self.data = timeline, key, agency, data
        self.app: Application | None = None
        self.code = ""
        self.consultation: Consultation | None = None

    # -- who acts ---------------------------------------------------------------
    @property
    def clerk(self) -> Any:
        return self.t.staff[self.agency_code]["clerk"]

    @property
    def reviewer(self) -> Any:
        return self.t.staff[self.agency_code]["reviewer"]

    @property
    def case(self) -> Application:
        assert self.app is not None, f"{self.key}: not received yet"
        self.app.refresh_from_db()
        return self.app

    def _keep(self, result: tuple[Application, str]) -> None:
        self.app, self.code = result

    # -- intake (条例第二十九、三十一条) --------------------------------------------
    def online(self, day: dt.date, hm: str, confirmed: dt.date | None = None) -> Story:
        agency = self.t.agencies[self.agency_code]
        self.t.at(
            day, hm, lambda: self._keep(services.submit_online(agency, self.data, "203.0.113.27"))
        )
        if confirmed:
            self.t.at(
                confirmed,
                "09:20",
                lambda: services.confirm_receipt(self.clerk, self.case, confirmed),
            )
        return self

    def register(
        self, channel: str, day: dt.date, confirmed: dt.date | None = None, hm: str = "09:10"
    ) -> Story:
        agency = self.t.agencies[self.agency_code]
        at_once = confirmed if confirmed == day else None

        def go() -> None:
            self._keep(services.register(self.clerk, agency, self.data, channel, day, at_once))

        self.t.at(day, hm, go)
        if confirmed and confirmed != day:
            self.t.at(
                confirmed,
                "09:05",
                lambda: services.confirm_receipt(self.clerk, self.case, confirmed),
            )
        return self

    # -- the clock's events ---------------------------------------------------------
    def letter(self, kind: str, day: dt.date, hm: str = "16:40") -> Story:
        def go() -> None:
            consultation = self.consultation if kind == "consultation" else None
            issue_letter(self.clerk, self.case, kind, day, consultation)

        self.t.at(day, hm, go)
        return self

    def correction(self, day: dt.date, items: str, period: int | None = None) -> Story:
        self.t.at(
            day,
            "10:30",
            lambda: services.request_correction(self.clerk, self.case, items, day, period),
        )
        return self

    def corrected(self, day: dt.date, content: str) -> Story:
        self.t.at(
            day, "14:15", lambda: services.receive_correction(self.clerk, self.case, day, content)
        )
        return self

    def consult(
        self,
        day: dt.date,
        kind: str,
        party: str,
        matter: str,
        answer: tuple[dt.date, str, str] | None = None,
    ) -> Story:
        def go() -> None:
            self.consultation = services.start_consultation(
                self.clerk, self.case, kind, party, day, matter=matter
            )

        self.t.at(day, "11:00", go)
        if answer:
            on, opinion, text = answer
            answered = None if opinion == "no_answer" else on

            def record() -> None:
                assert self.consultation is not None
                services.record_opinion(self.clerk, self.consultation, opinion, answered, text)

            self.t.at(on, "15:30", record)
        return self

    def extend(self, days: int, reason: str, asked: dt.date, approved: dt.date) -> Story:
        self.t.at(
            asked, "10:00", lambda: services.request_extension(self.clerk, self.case, days, reason)
        )
        self.t.at(
            approved,
            "15:00",
            lambda: services.decide_extension(self.reviewer, self.case, True, approved),
        )
        return self

    def fee(
        self,
        day: dt.date,
        received: dt.date,
        pages: int = 0,
        pieces_before: int = 0,
        paid: tuple[dt.date, str] | None = None,
    ) -> Story:
        method = "per_page" if pages else "per_piece"

        def go() -> None:
            services.issue_fee_notice(
                self.clerk, self.case, method, day, received, pieces_before, 1, pages
            )

        self.t.at(day, "10:45", go)
        if paid:
            on, receipt = paid
            self.t.at(
                on, "11:20", lambda: services.record_payment(self.clerk, self.case, on, receipt)
            )
        return self

    # -- conclusions ----------------------------------------------------------------------
    def decide(
        self,
        decision: str,
        proposed: dt.date,
        approved: dt.date | None,
        reason: str = "",
        returned: tuple[dt.date, str] | None = None,
        **details: Any,
    ) -> Story:
        """The clerk drafts; the reviewer (optionally after sending it back once) approves."""
        draft = lambda: services.propose_decision(  # noqa: E731
            self.clerk, self.case, decision, reason, **details
        )
        self.t.at(proposed, "14:00", draft)
        if returned:
            back_on, note = returned
            self.t.at(
                back_on, "09:40", lambda: services.return_decision(self.reviewer, self.case, note)
            )
            self.t.at(back_on, "15:10", draft)
        if approved:
            self.t.at(
                approved,
                "16:20",
                lambda: services.approve_decision(self.reviewer, self.case, approved),
            )
        return self

    def deliver(self, day: dt.date, method: str, proof: str = "") -> Story:
        self.t.at(day, "17:05", lambda: services.deliver(self.clerk, self.case, method, day, proof))
        return self

    def abandon(self, day: dt.date) -> Story:
        self.t.at(day, "09:30", lambda: services.abandon(self.clerk, self.case, day))
        return self

    def withdraw(self, day: dt.date, note: str) -> Story:
        self.t.at(day, "10:10", lambda: services.withdraw(self.clerk, self.case, day, note))
        return self

    def appeal(
        self,
        kind: str,
        filed: dt.date,
        case_number: str,
        result: tuple[str, dt.date, str] | None = None,
        after: Handle | None = None,
    ) -> Handle:
        """Record a 行政复议 / 行政诉讼 (and later its result); returns a handle for
        the litigation that may follow the review."""
        handle = Handle()

        def file() -> None:
            agency = self.t.agencies[self.agency_code]
            body = agency.review_body if kind == "review" else agency.court
            handle.value = services.record_appeal(
                self.clerk,
                self.case,
                kind,
                body,
                filed,
                case_number,
                after.value if after else None,
            )

        self.t.at(filed, "10:20", file)
        if result:
            outcome, on, note = result

            def conclude() -> None:
                appeal: Appeal = handle.value
                services.conclude_appeal(self.clerk, appeal, outcome, on, note)

            self.t.at(on, "16:00", conclude)
        return handle
