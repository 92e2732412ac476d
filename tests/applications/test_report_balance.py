"""Table 三 on a realistic generated stretch of work (Nov 2024 – Jan 2026), every
case driven through the services: the official 勾稽关系 一 + 二 = 三(七)总计 + 四
holds in every applicant column, and what a year carries out is what the next
year carries in."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import transaction

from gongkai.applications import reporting, services
from gongkai.applications.decisions import DECISIONS, REPLY_DECISIONS, Decision, Ground
from gongkai.applications.models import ApplicantType, Application

D = dt.date
ORG_TYPES = [t for t in ApplicantType.values if t != ApplicantType.NATURAL]


def decision_args(decision: Decision, app: Application) -> dict:
    """What a clerk must fill in for a decision to be accepted (条例第三十六—三十九条)."""
    spec = DECISIONS[decision]
    args: dict = {"reason": "经审查，依据《政府信息公开条例》作出答复。"}
    if spec.needs_grounds:
        args["grounds"] = [Ground.THIRD_PARTY]
    if decision == Decision.NOT_OUR_INFO:
        args["responsible_organ"] = "太仓市自然资源和规划局，电话0512-53111111"
    if decision in (Decision.DISCLOSE, Decision.PARTIAL):
        args["provided_form"] = app.requested_form
    return args


def applicant(rng: random.Random, natural: dict, org: dict) -> dict:
    if rng.random() < 0.6:
        return natural
    return {**org, "applicant_type": rng.choice(ORG_TYPES)}


class YearGenerator:
    """Random but valid histories for cases received between `first` and `last`;
    nothing is concluded after `cutoff`, so some cases stay open."""

    def __init__(self, seed, agency, clerk, reviewer, natural, org, cutoff):
        self.rng = random.Random(seed)
        self.agency, self.clerk, self.reviewer = agency, clerk, reviewer
        self.natural, self.org, self.cutoff = natural, org, cutoff
        self.cal = services.get_calendar()

    def later(self, day: dt.date, low: int, high: int) -> dt.date:
        return self.cal.add_working_days(day, self.rng.randint(low, high)).date

    def run(self, first: dt.date, last: dt.date, n: int) -> None:
        span = (last - first).days
        days = sorted(first + dt.timedelta(days=self.rng.randint(0, span)) for _ in range(n))
        for day in days:
            self.one_case(self.cal.next_workday_on_or_after(day))

    def one_case(self, receipt: dt.date) -> None:
        data = applicant(self.rng, self.natural, self.org)
        app, _ = services.register(self.clerk, self.agency, data, "in_person", receipt)
        path = self.rng.choices(
            ["reply", "correction", "fee", "withdraw", "open"], [10, 3, 2, 1, 1]
        )[0]
        getattr(self, f"path_{path}")(app)

    def conclude(self, app: Application, on: dt.date) -> bool:
        return on <= self.cutoff

    def path_reply(self, app: Application, start: dt.date | None = None) -> None:
        on = self.later(start or app.receipt_date, 1, 30)
        if not self.conclude(app, on):
            return
        decision = self.rng.choice(REPLY_DECISIONS)
        services.propose_decision(self.clerk, app, decision, **decision_args(decision, app))
        services.approve_decision(self.reviewer, app, on)

    def path_correction(self, app: Application) -> None:
        notice = self.later(app.receipt_date, 1, 5)
        c = services.request_correction(self.clerk, app, "请写明所需信息的文号", notice)
        if self.rng.random() < 0.5:
            abandon_on = c.deadline + dt.timedelta(days=1)
            if self.conclude(app, abandon_on):
                services.abandon(self.clerk, app, abandon_on)
            return
        back = self.later(notice, 1, 10)
        if self.conclude(app, back):
            services.receive_correction(self.clerk, app, back, "补正：文号为太政办〔2025〕8号")
            self.path_reply(app, back)

    def path_fee(self, app: Application) -> None:
        notice = self.later(app.receipt_date, 1, 5)
        fee = services.issue_fee_notice(self.clerk, app, "per_page", notice, notice, pages=68)
        abandon_on = fee.pay_due + dt.timedelta(days=1)
        if self.conclude(app, abandon_on):
            services.abandon(self.clerk, app, abandon_on)

    def path_withdraw(self, app: Application) -> None:
        on = self.later(app.receipt_date, 1, 10)
        if self.conclude(app, on):
            services.withdraw(self.clerk, app, on, "申请人书面撤回")

    def path_open(self, app: Application) -> None:
        return


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """One realistic stretch of work (Nov 2024 – Jan 2026) for the whole module:
    built once inside a transaction that is rolled back after the last test."""
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership
    from gongkai.agencies.tree import build_seed_tree

    with django_db_blocker.unblock(), transaction.atomic():
        agency = build_seed_tree()["TCBGS"]
        users = []
        for name, role in (("gen_clerk", "clerk"), ("gen_reviewer", "reviewer")):
            user = get_user_model().objects.create_user(name, f"{name}@example.gov.cn")
            Membership.objects.create(user=user, agency=agency, role=role)
            users.append(user)
        natural = {
            "applicant_type": "natural",
            "applicant_name": "周建华",
            "id_type": "resident_id",
            "id_number": "320585198503121026",
            "phone": "13812345678",
            "email": "zhoujianhua@example.com",
            "description": "太仓市城厢镇2024年第2批次征地补偿安置方案",
            "requested_form": "electronic",
            "requested_delivery": "email",
        }
        org = {
            **natural,
            "applicant_name": "太仓港鑫物流有限公司",
            "id_type": "",
            "id_number": "",
            "credit_code": "91320585MA1N8QXK0K",
            "contact_person": "顾经理",
        }
        gen = YearGenerator(2025, agency, *users, natural, org, cutoff=D(2026, 1, 31))
        gen.run(D(2024, 11, 1), D(2025, 12, 31), 32)
        yield agency
        transaction.set_rollback(True)


@pytest.mark.slow
def test_every_column_balances_and_the_carry_over_chains_from_year_to_year(generated, db):
    tables = {y: reporting.count_requests([generated], y) for y in (2024, 2025, 2026)}

    for year, table in tables.items():
        assert table.imbalances() == [], year
    assert tables[2024].values("carry_next") == tables[2025].values("carried_over")
    assert tables[2025].values("carry_next") == tables[2026].values("carried_over")
    # The generated year is realistic: it has work carried in, done, and carried out.
    assert tables[2025].value("carried_over") > 0
    assert tables[2025].value("carry_next") > 0
    assert tables[2025].value("r_total") >= 15
    received = Application.objects.filter(agency=generated).count()
    assert sum(t.value("new_received") for t in tables.values()) == received


def test_every_closed_case_is_counted_in_exactly_one_result_row(generated, db):
    table = reporting.count_requests([generated], 2025)
    concluded = Application.objects.filter(agency=generated, concluded_on__year=2025)

    assert table.value("r_total") == concluded.count()
    for row in reporting.result_rows("2021"):
        expected = sum(1 for a in concluded if DECISIONS[Decision(a.decision)].row_2021 == row)
        assert table.value(row) == expected, row


def test_the_2019_format_counts_the_same_cases_with_one_other_row(generated, db):
    t2019 = reporting.count_requests([generated], 2025, "2019")
    t2021 = reporting.count_requests([generated], 2025, "2021")

    assert t2019.imbalances() == []
    assert t2019.values("r_other") == {
        col: sum(
            t2021.values(r)[col]
            for r in ("r_other_no_correction", "r_other_no_fee", "r_other_other")
        )
        for col in t2019.values("r_other")
    }
    assert t2019.values("r_total") == t2021.values("r_total")


def test_columns_sum_to_the_total_column(generated, db):
    table = reporting.count_requests([generated], 2025)
    for row, cells in ((r.row_id, table.values(r.row_id)) for r in table.rows):
        assert cells["total"] == sum(v for c, v in cells.items() if c != "total"), row
