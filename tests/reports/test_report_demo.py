"""The demo's report audit page starts with the seed annual reports, read and audited."""

from gongkai.reports.demo import load_seed_reports
from gongkai.reports.models import IngestedReport


def test_seed_reports_are_uploaded_once_for_the_root_supervisor(agencies, supervisor):
    assert load_seed_reports() == 4
    assert load_seed_reports() == 4  # idempotent: the same files are not stored twice
    reports = IngestedReport.objects.filter(scope=agencies["SZ"])
    assert reports.count() == 4
    assert {r.year for r in reports} == {2018, 2019}
    assert sum(r.errors for r in reports) == 0  # the seeds' tables are consistent


def test_no_supervisor_means_no_demo_reports(agencies):
    assert load_seed_reports() == 0
    assert not IngestedReport.objects.exists()
