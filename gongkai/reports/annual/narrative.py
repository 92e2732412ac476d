"""Drafts of sections 一–六, pre-filled with figures from the records.

The official templates (国办公开办函〔2019〕60号, 〔2021〕30号) list what each section must
cover; a draft states what the records know and names, as a prompt, each required item the
records cannot know (人大代表建议和政协提案, for instance), so staff see what is missing.
`PROMPT` marks those places: publishing warns while one is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Fee
from gongkai.applications.reportmodel.model import AnnualReport, Cell

from ..workplan.board import section_six_of, tasks_by_agency

PROMPT = "【待补充】"


def _n(cell: Cell) -> int:
    return cell.value if cell.is_number and isinstance(cell.value, int) else 0


def _total(report: AnnualReport, row_id: str) -> int:
    assert report.requests is not None
    return _n(report.requests.row(row_id).cells[6])


def _review_total(report: AnnualReport, group: str, part: int = 4) -> int:
    assert report.review is not None
    return _n(report.review.groups[group][part])


@dataclass(frozen=True)
class RecordFacts:
    """What the drafts quote from the records besides the tables, for one agency and year."""

    late: int = 0  # replies after the statutory due date (条例第三十三条)
    fee_notices: int = 0  # 信息处理费 notices issued (国办函〔2020〕109号)
    fees_paid: int = 0  # 元
    work_plan: str | None = None  # section 六's paragraph from the agency's tasks


def record_facts(agency_ids: Iterable[int], year: int) -> dict[int, RecordFacts]:
    """The facts of every given agency in four queries; an agency with none is absent."""
    ids = list(agency_ids)
    late = late_replies(ids, year)
    fees = fee_figures(ids, year)
    plans = {k: section_six_of(v) for k, v in tasks_by_agency(ids, year).items()}
    return {
        pk: RecordFacts(late.get(pk, 0), *fees.get(pk, (0, 0)), work_plan=plans.get(pk))
        for pk in {*late, *fees, *plans}
    }


def draft_sections(
    agency: Agency, year: int, report: AnnualReport, facts: RecordFacts
) -> dict[str, str]:
    return {
        "一": _overview(agency, year, report),
        "二": _("本年度主动公开政府信息情况见下表。"),
        "三": _requests(report),
        "四": _appeals(report),
        "五": _problems(report, facts),
        "六": _other(facts),
    }


def _overview(agency: Agency, year: int, report: AnnualReport) -> str:
    figures = _(
        "%(year)s年，%(agency)s新收政府信息公开申请%(new)s件，上年结转%(carried)s件，"
        "办结%(done)s件，结转下年度继续办理%(next)s件。"
    ) % {
        "year": year,
        "agency": agency.name,
        "new": _total(report, "new_received"),
        "carried": _total(report, "carried_over"),
        "done": _total(report, "r_total"),
        "next": _total(report, "carry_next"),
    }
    items = [_("（一）主动公开"), _("（二）依申请公开"), _("（三）政府信息管理"),
             _("（四）平台建设"), _("（五）监督保障")]  # fmt: skip
    return "\n".join([figures, *(f"{item}：{PROMPT}" for item in items)])


def _requests(report: AnnualReport) -> str:
    return _(
        "本年新收政府信息公开申请%(new)s件，其中予以公开%(open)s件，部分公开%(partial)s件。"
        "各类申请人的申请数量和办理结果见下表。"
    ) % {
        "new": _total(report, "new_received"),
        "open": _total(report, "r_open"),
        "partial": _total(report, "r_partial"),
    }


def _appeals(report: AnnualReport) -> str:
    reviews = _review_total(report, "review")
    suits = _review_total(report, "lit_direct") + _review_total(report, "lit_after")
    corrected = sum(_review_total(report, g, 1) for g in ("review", "lit_direct", "lit_after"))
    return _(
        "本年度因政府信息公开工作被申请行政复议%(r)s件，被提起行政诉讼%(s)s件，"
        "其中结果纠正%(c)s件。具体情况见下表。"
    ) % {"r": reviews, "s": suits, "c": corrected}


def late_replies(agency_ids: list[int], year: int) -> dict[int, int]:
    """Cases concluded in `year` after their statutory due date (条例第三十三条), per agency."""
    concluded = Application.objects.filter(
        agency_id__in=agency_ids, concluded_on__year=year, due_on__isnull=False
    )
    rows = concluded.filter(concluded_on__gt=F("due_on")).values("agency_id")
    return {r["agency_id"]: r["n"] for r in rows.annotate(n=Count("id")).order_by()}


def _problems(report: AnnualReport, facts: RecordFacts) -> str:
    corrected = sum(_review_total(report, g, 1) for g in ("review", "lit_direct", "lit_after"))
    found = _("本年度超过法定期限答复的申请%(late)s件；复议、诉讼结果纠正%(c)s件。") % {
        "late": facts.late,
        "c": corrected,
    }
    return "\n".join([found, _("存在的主要问题：%s") % PROMPT, _("改进情况：%s") % PROMPT])


def fee_figures(agency_ids: list[int], year: int) -> dict[int, tuple[int, int]]:
    """信息处理费 notices issued in `year` and the amount paid, in 元 (国办函〔2020〕109号),
    per agency."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    fees = Fee.objects.filter(application__agency_id__in=agency_ids, notice_on__range=(start, end))
    rows = fees.values("application__agency_id").annotate(
        n=Count("id"), paid=Sum("amount", filter=Q(paid_on__isnull=False))
    )
    return {r["application__agency_id"]: (r["n"], r["paid"] or 0) for r in rows.order_by()}


def _other(facts: RecordFacts) -> str:
    fees = _("本年度发出信息处理费缴费通知%(n)s份，收取信息处理费%(paid)s元。") % {
        "n": facts.fee_notices,
        "paid": facts.fees_paid,
    }
    return "\n".join(
        [
            fees,
            _("人大代表建议和政协提案办理情况：%s") % PROMPT,
            _("落实上级年度政务公开工作要点情况：%s") % (facts.work_plan or PROMPT),
            _("本年度政务公开工作创新情况：%s") % PROMPT,
        ]
    )
