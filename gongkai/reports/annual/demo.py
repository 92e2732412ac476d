"""Demo: case ledgers whose true annual-report tables are two real seed reports.

For 太仓市人民政府 and 苏州市人民政府办公室, 2019 (`data/seed-ledgers.json`, copied from the
corpus truth of seed-000 and seed-001), the ledger registers, decides, delivers, withdraws
and appeals one case per counted application through `applications.services`, on the
timeline the real demo uses (the clock moved to each step). `build_annual_report` on the
demo site then reproduces both reports cell for cell. Table 二 figures, which gongkai does
not hold, are entered as imported (导入) figures through `annual.services.save_figure`.

The government's own applications are handled by its 办公室 (the TCBGS staff also hold the
clerk and reviewer roles at TC), as the 政务公开科 does in practice.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications.demo.people import Applicant, credit_code, organisation, person
from gongkai.applications.demo.timeline import Handle, Story, Timeline
from gongkai.applications.models import Application
from gongkai.applications.reporting import APPLICANT_COLUMN
from gongkai.core.actors import Actor
from gongkai.core.calendar import WorkCalendar

from ..formats import ACTIVE_ROWS, APPLICANT_COLUMNS, REQUEST_ROWS, REVIEW_GROUPS, Format
from ..serialization import cell_from_truth
from . import services as report_services

LEDGERS_FILE = Path(__file__).parent / "data" / "seed-ledgers.json"
FMT = Format.F2019  # both seed reports are on 2019, in the 2019 template

# One decision per table 三 outcome row; r_other (其他处理) is a withdrawal.
ROW_DECISION = {
    "r_open": "disclose",
    "r_partial": "partial",
    "r_deny_secret": "deny_state_secret",
    "r_deny_law": "deny_law_forbids",
    "r_deny_safety": "deny_four_securities",
    "r_deny_third_party": "deny_third_party",
    "r_deny_internal": "deny_internal_affairs",
    "r_deny_process": "deny_process_info",
    "r_deny_enforcement": "deny_enforcement_file",
    "r_deny_inquiry": "special_law_query",
    "r_na_not_held": "not_exist",
    "r_na_need_create": "needs_creation",
    "r_na_unclear": "unclear_after_correction",
    "r_np_petition": "petition",
    "r_np_repeat": "repeat",
    "r_np_publication": "publication",
    "r_np_mass": "unreasonable_mass",
    "r_np_confirm": "confirm_reissue",
}
TOPICS = (
    "城市道路改造工程立项批复", "老旧小区改造项目资金安排", "征收补偿安置方案",
    "建设用地规划许可证及附图", "环境影响评价批复文件", "财政预算执行情况报告",
    "学校布局规划调整方案", "河道整治工程招标文件", "企业安全生产检查记录",
    "农村集体土地征收批复", "公共租赁住房分配名单", "重大行政决策听证记录",
)  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("建华", "秀英", "志强", "丽娟", "伟", "敏", "国平", "海燕", "晓东", "玉兰", "俊", "静")
ORG_KIND = {
    "commercial": ("91", "有限公司"),
    "research": ("12", "研究所"),
    "social_welfare": ("52", "公益服务中心"),
    "legal_service": ("31", "律师事务所"),
    "other_org": ("51", "协会"),
}


@dataclass
class Planned:
    """One case of the ledger: who applied, when it was received, how it ended."""

    column: str  # applicant column id
    outcome: str | None  # table 三 row id, None if still open on 31 December
    received: dt.date


def ledgers() -> list[dict[str, Any]]:
    return list(json.loads(LEDGERS_FILE.read_text(encoding="utf-8"))["ledgers"])


def _values(ledger: dict[str, Any]) -> dict[str, list[int]]:
    ids = {r.label: r.id for r in REQUEST_ROWS[FMT]}
    return {ids[r["row"]]: r["values"] for r in ledger["table_requests"]}


def _workdays(cal: WorkCalendar, start: dt.date, end: dt.date) -> list[dt.date]:
    days = (start + dt.timedelta(n) for n in range((end - start).days + 1))
    return [d for d in days if cal.is_workday(d)]


def plan(ledger: dict[str, Any], cal: WorkCalendar) -> list[Planned]:
    """Every case the report counts, in arrival order: carried over from the year before,
    then the year's new ones, each column's outcomes dealt out over its cases."""
    values, year = _values(ledger), ledger["year"]
    outcome_rows = [r.id for r in REQUEST_ROWS[FMT] if r.outcome]
    rng = random.Random(f"{ledger['agency']}-{year}")  # deterministic: same ledger every run
    carried: list[Planned] = []
    new: list[Planned] = []
    for i, column in enumerate(c.id for c in APPLICANT_COLUMNS):
        outcomes: list[str | None] = [r for r in outcome_rows for _ in range(values[r][i])]
        rng.shuffle(outcomes)
        outcomes += [None] * values["carry_next"][i]
        carried += [Planned(column, outcomes.pop(0), dt.date(year - 1, 12, 20))
                    for _ in range(values["carried_over"][i])]  # fmt: skip
        new += [Planned(column, o, dt.date(year, 1, 1)) for o in outcomes]
    rng.shuffle(new)
    days = _workdays(cal, dt.date(year, 1, 7), dt.date(year, 11, 29))
    for n, case in enumerate(new):
        case.received = days[n * len(days) // max(len(new), 1)]
    return carried + new


# -- applicants ---------------------------------------------------------------------------


def applicant(column: str, n: int) -> Applicant:
    """The n-th applicant of a kind: valid identity or credit code, as a real one has."""
    if column == "natural_person":
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        birth = f"{1960 + n % 40}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        return person(name, "320585", birth, n % 499, n % 2 == 1, f"139{n:08d}",
                      f"江苏省太仓市城厢镇府南街{n + 1}号")  # fmt: skip
    kind, suffix = ORG_KIND[column]
    org = n % 3  # organisations apply more than once
    name = f"苏州{'东南西'[org]}{'华诚信达'[n % 4 if column == 'commercial' else 0]}{suffix}"
    code = credit_code(kind, "320500", f"{ORG_CODE_BASE[column] + org:08d}")
    return organisation(name, APPLICANT_TYPE[column], code, "王经办", "李负责", f"0512-6{n:07d}",
                        f"江苏省苏州市姑苏区人民路{100 + org}号")  # fmt: skip


APPLICANT_TYPE = {column: kind for kind, column in APPLICANT_COLUMN.items()}
ORG_CODE_BASE = {
    "commercial": 13572460,
    "research": 24681350,
    "social_welfare": 35791240,
    "legal_service": 46802130,
    "other_org": 57913020,
}


# -- playing a ledger ---------------------------------------------------------------------


def _decide(story: Story, received: dt.date, outcome: str, cal: WorkCalendar) -> dt.date:
    """Draft on the 8th working day, approve on the 10th, deliver the same day."""
    proposed = cal.add_working_days(received, 8).date
    approved = cal.add_working_days(received, 10).date
    decision = ROW_DECISION[outcome]
    form = story.data["requested_form"]
    details: dict[str, Any] = {}
    if decision in ("disclose", "partial"):
        details["provided_form"] = form
    if decision == "partial":
        details["grounds"] = ["third_party"]
    reason = "" if decision in ("disclose", "not_exist") else "依照条例相关规定办理"
    story.decide(decision, proposed, approved, reason, **details)
    by_email = story.data["requested_delivery"] == "email"
    proof = "电子邮件发送记录" if by_email else f"EMS{approved:%Y%m%d}{story.key[-4:]}"
    story.deliver(approved, "email" if by_email else "post", proof)
    return approved


def _tell(timeline: Timeline, ledger: dict[str, Any], cal: WorkCalendar) -> list[Any]:
    replied: list[tuple[Story, dt.date]] = []
    counters: dict[str, int] = {}
    for n, case in enumerate(plan(ledger, cal)):
        k = counters[case.column] = counters.get(case.column, -1) + 1
        who = applicant(case.column, k)
        topic = TOPICS[n % len(TOPICS)]
        story = timeline.story(f"ledger-{ledger['agency']}-{n:04d}", ledger["agency"], who,
                               f"{case.received.year}年{topic}（第{n + 1}件）")  # fmt: skip
        story.register("in_person", case.received, case.received)
        if case.outcome == "r_other":
            story.withdraw(cal.add_working_days(case.received, 3).date, "申请人书面撤回申请")
        elif case.outcome is not None:
            replied.append((story, _decide(story, case.received, case.outcome, cal)))
    return replied


def _appeals(ledger: dict[str, Any], replied: list[Any]) -> None:
    """Table 四: each group's cases filed in the year against replied cases; 尚未审结 ones
    conclude the next spring. Litigation after review follows a concluded review."""
    year, review = ledger["year"], ledger["table_review"]
    results = ("maintained", "corrected", "other", None)
    cases = iter(replied)
    reviews: list[tuple[Story, Handle, dt.date]] = []
    for group in REVIEW_GROUPS:
        if group.id == "lit_after":
            continue
        for result, count in zip(results, review[group.key][:4], strict=True):
            for _ in range(count):
                story, replied_on = next(cases)
                filed = replied_on + dt.timedelta(days=20)
                concluded = filed + dt.timedelta(days=45) if result else dt.date(year + 1, 4, 8)
                outcome = (result or "maintained", concluded, "依法审结")
                handle = story.appeal(group.id, filed, f"（{year}）第{len(reviews) + 1}号", outcome)
                if group.id == "review" and result:
                    reviews.append((story, handle, concluded))
    for result, count in zip(results, review["诉讼_复议后"][:4], strict=True):
        for _ in range(count):
            story, handle, concluded = reviews.pop(0)
            filed = concluded + dt.timedelta(days=10)
            outcome = (result or "maintained", filed + dt.timedelta(days=40) if result
                       else dt.date(year + 1, 4, 8), "依法审结")  # fmt: skip
            story.appeal("lit_after", filed, f"（{year}）复后第1号", outcome, handle)


def _staff(agencies: dict[str, Agency], staff: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Who handles each ledger agency's cases: TC's are handled by its 办公室 (TCBGS)."""
    office = staff["TCBGS"]
    for role, user in (("clerk", office["clerk"]), ("reviewer", office["reviewer"])):
        Membership.objects.get_or_create(user=user, agency=agencies["TC"], role=Role(role))
        user.__dict__.pop(perm.CACHE_ATTR, None)  # the roles were cached before this one
    return {**staff, "TC": {"clerk": office["clerk"], "reviewer": office["reviewer"]}}


def enter_active_figures(ledger: dict[str, Any], agency: Agency, actor: Actor) -> int:
    """Table 二 of the seed report, entered as imported figures (gongkai does not hold them)."""
    count = 0
    for row in ACTIVE_ROWS[FMT]:
        printed = ledger["table_active"][row.label]
        for column in row.columns:
            cell = cell_from_truth(printed[column.label])
            report_services.save_figure(
                actor, agency, ledger["year"], row.id, column.id,
                cell.text, cell.unit or "", "import",
            )  # fmt: skip
            count += 1
    return count


def has_ledger(agency: Agency, year: int) -> bool:
    return Application.objects.filter(agency=agency, receipt_date__year=year).exists()


def play_seed_ledgers(
    agencies: dict[str, Agency], staff: dict[str, dict[str, Any]], cal: WorkCalendar
) -> int:
    """Play every seed ledger not yet on file; returns the number of cases registered."""
    import time_machine  # a dev dependency, as for the rest of the demo

    handlers = _staff(agencies, staff)
    timeline = Timeline(agencies, handlers)
    for ledger in ledgers():
        agency = agencies[ledger["agency"]]
        if has_ledger(agency, ledger["year"]):
            continue
        _appeals(ledger, _tell(timeline, ledger, cal))
        enter_active_figures(ledger, agency, handlers[ledger["agency"]]["clerk"])
    timeline.play(lambda at: time_machine.travel(at, tick=False), sweep_mornings=False)
    return len(timeline.stories)


def load_seed_ledgers() -> int:
    """`seed_demo`'s entry: the seed agencies and staff (idempotent), then the ledgers."""
    from django.core import mail
    from django.db import transaction
    from django.test.utils import override_settings

    from gongkai.agencies.tree import build_seed_tree
    from gongkai.applications.demo import ensure_staff
    from gongkai.core.workcalendar import get_calendar

    # Mail is queued on commit: keep it in memory, as the rest of the demo does.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        with transaction.atomic():
            agencies = build_seed_tree()
            return play_seed_ledgers(agencies, ensure_staff(agencies), get_calendar())
