"""The only code that changes an agency's own annual report: figures, sections, publishing.

Each verb checks permission (agencies.permissions), validates, writes, and records an audit
event. Publishing freezes the report built from the records into a `ReportVersion`; a report
that breaks a consistency rule is published only with a recorded override reason.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit as audit_log
from gongkai.core import jobs
from gongkai.core.actors import Actor, user_of
from gongkai.core.workflow import ConflictError, StepError, move

from .. import formats
from ..formats import ACTIVE_ROWS, FIRST_YEAR, SECTION_TITLES, Column
from ..serialization import to_json, to_truth
from .build import build_annual_report, report_format
from .checks import check_report, failed
from .models import ALLOWED, ActiveFigure, AgencyReport, FigureSource, ReportVersion
from .summary import build_summary_report, check_summary

SECTION_NUMBERS = [number for number, _title in SECTION_TITLES]
UNITS = ("", "元", "万元")


def working_copy(agency: Agency, year: int) -> AgencyReport:
    report, _created = AgencyReport.objects.get_or_create(agency=agency, year=year)
    return report


def _check_year(year: int) -> None:
    first = min(f.first_year for f in formats.buildable())
    if not first <= year <= timezone.localdate().year:
        message = _("年度须在 %(first)d 年至今年之间（%(first)d 年起按新条例的格式报告）。")
        raise StepError(message % {"first": first})


# -- table 二 figures ---------------------------------------------------------------------


def _column(fmt: str, row: str, column: str) -> Column:
    for active_row in ACTIVE_ROWS[fmt]:
        if active_row.id == row:
            for col in active_row.columns:
                if col.id == column:
                    return col
    raise StepError(_("本年度报告格式的表二中没有这一栏。"))


def clean_value(column: Column, raw: str, unit: str) -> Decimal:
    """A figure as the template allows it: counts are whole and (but 增/减) not negative."""
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        raise StepError(_("“%(c)s”须填写数字。") % {"c": column.label}) from None
    whole = value == value.to_integral_value()
    if column.kind in ("count", "delta") and not whole:
        raise StepError(_("“%(c)s”须填写整数。") % {"c": column.label})
    if column.kind != "delta" and value < 0:
        raise StepError(_("“%(c)s”不能为负数。") % {"c": column.label})
    if unit not in UNITS or (unit and column.kind != "amount"):
        raise StepError(_("“%(c)s”的单位无效。") % {"c": column.label})
    return value


@transaction.atomic
def save_figure(
    actor: Actor,
    agency: Agency,
    year: int,
    row: str,
    column: str,
    raw: str,
    unit: str = "",
    source: str = FigureSource.MANUAL,
) -> ActiveFigure:
    """Enter (or correct) one table 二 figure; `source` says where it came from."""
    perm.require(perm.can_edit_annual_report(actor, agency))
    _check_year(year)
    col = _column(report_format(agency, year), row, column)
    if source not in FigureSource.values:
        raise StepError(_("数据来源无效。"))
    value = clean_value(col, raw, unit)
    figure, _created = ActiveFigure.objects.update_or_create(
        agency=agency,
        year=year,
        row=row,
        column=column,
        defaults={"value": value, "unit": unit, "source": source, "entered_by": user_of(actor)},
    )
    audit_log.record(
        actor, "annual_report.figure", f"{agency.name} {year}",
        row=row, column=column, value=str(value), unit=unit, source=source,
    )  # fmt: skip
    return figure


@transaction.atomic
def choose_format(actor: Actor, agency: Agency, year: int, fmt: str) -> AgencyReport:
    """Build this year's report in another registered template ("" = the year's own)."""
    perm.require(perm.can_publish_annual_report(actor, agency))
    _check_year(year)
    if fmt and fmt not in {str(f) for f in FIRST_YEAR}:
        raise StepError(_("没有这种报告格式。"))
    report = working_copy(agency, year)
    if report.version:
        raise StepError(_("报告已发布，不能再更换格式。"))
    report.format = fmt
    report.save(update_fields=["format", "updated_at"])
    audit_log.record(actor, "annual_report.format", report, format=fmt or "default")
    return report


# -- sections -----------------------------------------------------------------------------


@transaction.atomic
def save_sections(actor: Actor, agency: Agency, year: int, texts: dict[str, str]) -> AgencyReport:
    """Save the text of sections 一–六 (an empty text falls back to the draft)."""
    perm.require(perm.can_edit_annual_report(actor, agency))
    _check_year(year)
    unknown = set(texts) - set(SECTION_NUMBERS)
    if unknown:
        raise StepError(_("没有这一部分：%(s)s。") % {"s": "、".join(sorted(unknown))})
    report = working_copy(agency, year)
    report.sections = {**report.sections, **{k: v.strip() for k, v in texts.items()}}
    report.save(update_fields=["sections", "updated_at"])
    audit_log.record(actor, "annual_report.sections", report, sections=sorted(texts))
    return report


# -- publishing ---------------------------------------------------------------------------


def flat_cells(truth: dict[str, Any]) -> dict[str, Any]:
    """Every table cell of a truth-shaped report, keyed by a readable place name."""
    cells: dict[str, Any] = {}
    for row, columns in truth.get("table_active", {}).items():
        cells.update({f"表二 {row} {c}": v for c, v in columns.items()})
    names = truth.get("table_requests_columns", [])
    for entry in truth.get("table_requests", []):
        cells.update(
            {f"表三 {entry['row']} {c}": v for c, v in zip(names, entry["values"], strict=True)}
        )
    parts = truth.get("table_review_columns", [])
    for group, values in truth.get("table_review", {}).items():
        cells.update({f"表四 {group} {p}": v for p, v in zip(parts, values, strict=True)})
    return cells


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What an amendment changes: every cell and section whose value differs."""
    old, new = flat_cells(before["truth"]), flat_cells(after["truth"])
    changes = [
        {"where": k, "before": old.get(k), "after": new.get(k)}
        for k in new
        if old.get(k) != new.get(k)
    ]
    old_s, new_s = before.get("sections", {}), after.get("sections", {})
    changes += [
        {"where": _("第%s部分") % n, "before": old_s.get(n), "after": new_s.get(n)}
        for n in SECTION_NUMBERS
        if old_s.get(n) != new_s.get(n)
    ]
    return changes


def frozen(report: Any, result: Any) -> dict[str, Any]:
    return {
        "report": to_json(report, result),
        "truth": to_truth(report),  # the in-report audit only, as truth.json has it
        "sections": {s.number: s.text for s in report.sections if s.number},
    }


@transaction.atomic
def publish(
    actor: Actor, agency: Agency, year: int, override_reason: str = "", amendment_reason: str = ""
) -> ReportVersion:
    """Freeze the report as built now into the next version and mark it published.

    A failing rule needs `override_reason`; an amendment (a second version) needs
    `amendment_reason`. The version number is the compare-and-set guard between two
    people publishing at once (unique per report)."""
    perm.require(perm.can_publish_annual_report(actor, agency))
    _check_year(year)
    copy = working_copy(agency, year)
    built = build_annual_report(agency, year)
    result = check_report(agency, built)
    broken = failed(result)
    if broken and len(override_reason.strip()) < 4:
        raise StepError(
            _("报告有 %(n)s 项校验未通过，须填写带错发布的理由后才能发布。") % {"n": len(broken)}
        )
    if copy.version and len(amendment_reason.strip()) < 4:
        raise StepError(_("已发布的报告再次发布即为更正，须填写更正理由。"))
    data = frozen(built, result)
    previous = copy.versions.filter(number=copy.version).first()
    number = copy.version + 1
    move(copy, "published", ALLOWED, version=number)  # status and version, compare-and-set
    try:
        with transaction.atomic():
            version = ReportVersion.objects.create(
                report=copy,
                number=number,
                data=data,
                failed_rules=[c.message for c in broken],
                override_reason=override_reason.strip() if broken else "",
                amendment_reason=amendment_reason.strip(),
                diff=diff(previous.data, data) if previous else [],
                published_by=user_of(actor),
            )
    except IntegrityError:
        raise ConflictError(_("已被他人发布，请刷新页面后重试。")) from None
    audit_log.record(
        actor, "annual_report.publish", copy,
        version=number, failed=len(broken), override=bool(broken), changes=len(version.diff),
    )  # fmt: skip
    return version


# -- the 汇总 of a subtree, as a background job ---------------------------------------------


def queue_summary(user: Any, root: Agency, year: int) -> jobs.Job:
    """Build the 汇总 of `root`'s subtree in a background job with progress (a large subtree
    takes longer than a request may). Only a supervisor of `root` may; asked again in the job."""
    perm.require(
        perm.can_supervise(user, root), _("只有主管部门或机关管理员可以生成下级机关的汇总报告。")
    )
    _check_year(year)
    job = jobs.enqueue(
        run_summary,
        title=_("生成汇总报告：%(a)s %(y)d 年度") % {"a": root.name, "y": year},
        owner=user,
        scope=root.path,
        user_id=user.pk,
        root_id=root.pk,
        year=year,
    )
    audit_log.record(user, "annual_report.summary_queued", root, year=year, job=job.pk)
    return job


def run_summary(run: jobs.JobRun, user_id: int, root_id: int, year: int) -> dict[str, Any]:
    """Job handler: the 汇总 built batch by batch (progress after each), then checked again;
    the report is kept in the job's result, so the page shows it without building it again."""
    user = get_user_model().objects.get(pk=user_id)
    root = Agency.objects.get(pk=root_id)
    perm.require(
        perm.can_supervise(user, root), _("只有主管部门或机关管理员可以生成下级机关的汇总报告。")
    )

    def progress(done: int, total: int) -> None:
        message = _("已汇总 %(done)d / %(total)d 个机关") % {"done": done, "total": total}
        run.progress(done, total, message)

    report = build_summary_report(root, year, progress=progress)
    run.progress(run.job.total, run.job.total, _("正在核对勾稽关系"))
    result = check_summary(root, report)
    url = reverse("annual:summary", args=[root.pk, year]) + f"?job={run.job.pk}"
    return {
        "url": url,
        "label": _("查看汇总报告"),
        "report": to_json(report),
        "checks": len(result.checks),
        "failed": [c.message for c in failed(result)],
    }
