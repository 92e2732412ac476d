"""The consistency rules on a built report: the very audit that checks ingested reports.

In-report rules (一+二 = 三+四, row totals, outcome subtotals, table 四 group totals) are
`audit.audit`; across years (上年结转 = last year's 结转下年度, the 现行有效 chain) are
`audit.audit_pair` against last year's report — its published version when there is one,
else last year's report as the records build it. Nothing is re-implemented here.
"""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.applications.reportmodel.model import AnnualReport

from ..audit import AuditResult, CheckResult, CheckStatus, audit, audit_pair
from ..formats import NoTemplateForYear
from ..serialization import from_json
from .models import AgencyReport


def previous_report(agency: Agency, year: int) -> AnnualReport | None:
    """Last year's report: as published (frozen), else as built from the records."""
    from .build import build_annual_report

    published = AgencyReport.objects.filter(agency=agency, year=year - 1, version__gt=0).first()
    if published is not None:
        version = published.versions.get(number=published.version)
        return from_json(version.data["report"])
    try:
        return build_annual_report(agency, year - 1)
    except NoTemplateForYear:
        return None  # a pre-2019 narrative year: nothing to chain to


def check_report(agency: Agency, report: AnnualReport) -> AuditResult:
    """Every rule, in-report and across years, on the report as built."""
    checks = list(audit(report).checks)
    if report.year is not None:
        previous = previous_report(agency, report.year)
        if previous is not None:
            checks += audit_pair(previous, report).checks
    return AuditResult(checks)


def failed(result: AuditResult) -> list[CheckResult]:
    """Rules that fail, errors and cross-year warnings alike: each blocks publishing."""
    return [c for c in result.checks if c.status is CheckStatus.FAIL]
