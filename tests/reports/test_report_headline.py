"""The audit headline: what was read and what could be checked, and never an all-clear it
cannot back. Unreadable cells are listed first, beside their source line; no codes or login
names show through on the report pages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportcorpus import corpus_params, require_corpus, source_path

from gongkai.applications.reportmodel.model import AnnualReport, Cell, Provenance
from gongkai.reports import presenters
from gongkai.reports.audit import audit
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.models import IngestedReport

ALL_CLEAR = "未发现计算差错"


@pytest.fixture
def supervisor_client(client, supervisor):
    supervisor.first_name = "周敏"
    supervisor.save()
    client.force_login(supervisor)
    return client


def _parsed(name: str) -> AnnualReport:
    path = source_path(name)
    return parse_bytes(path.read_bytes(), path.name)


def _upload_page(client, agencies, name: str) -> str:
    path = source_path(name)
    data = {"scope": agencies["SZ"].pk, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    response = client.post(reverse("reports:upload"), data)
    return client.get(response["Location"]).content.decode()


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def _with_one_cell_lost(report: AnnualReport) -> AnnualReport:
    assert report.requests is not None
    row = report.requests.rows[0]
    lost = Cell.unreadable(Provenance("第 12 行", "（一）予以公开 7 0 ? 0 0 0 7"))
    report.requests.rows[0] = replace(row, cells=(row.cells[0], row.cells[1], lost, *row.cells[3:]))
    return report


def test_a_fully_read_consistent_report_is_all_clear() -> None:
    require_corpus()
    report = _parsed("seed-000")
    headline = presenters.headline(report, audit(report))
    assert (headline.cells_read, headline.cells_unreadable) == (198, 0)
    assert (headline.checks_passed, headline.checks_failed, headline.checks_undecided) == (40, 0, 0)
    assert headline.verdict == "clean"


def test_one_unreadable_cell_takes_the_all_clear_away() -> None:
    require_corpus()
    report = _with_one_cell_lost(_parsed("seed-000"))
    headline = presenters.headline(report, audit(report))
    assert (headline.cells_read, headline.cells_unreadable) == (197, 1)
    assert headline.checks_undecided == 2  # its row total and its column balance
    assert headline.verdict == "incomplete"
    [lost] = presenters.unreadable_cells(report)
    assert (lost.table, lost.row, lost.columns, lost.locator) == (
        "三",
        "一、本年新收政府信息公开申请数量",
        ["科研机构"],
        "第 12 行",
    )


@pytest.mark.parametrize("name", corpus_params())
def test_the_verdict_is_clean_only_when_everything_was_read_and_decided(name: str) -> None:
    report = _parsed(name)
    headline = presenters.headline(report, audit(report))
    everything = not headline.cells_unreadable and not headline.checks_undecided
    assert (headline.verdict == "clean") == (everything and headline.checks_passed > 0)


def test_inferred_cells_are_counted_apart() -> None:
    require_corpus()
    report = _parsed("pub-010")  # flattened text: run-together digits split by totals
    headline = presenters.headline(report, audit(report))
    assert 0 < headline.cells_inferred <= headline.cells_read


def test_a_report_with_unreadable_cells_never_shows_the_all_clear(
    supervisor_client, agencies
) -> None:
    require_corpus()
    page = _upload_page(supervisor_client, agencies, "seed-003")
    obj = IngestedReport.objects.get()
    assert obj.unreadable == 136
    assert ALL_CLEAR not in page and "核对不完整" in page
    assert "无法读取的 136 个单元格" in page
    # listed before the checks and before the tables, each beside its source line
    assert page.index("无法读取的 136 个单元格") < page.index("二、主动公开政府信息情况")
    report = IngestedReport.objects.get().report()
    lost = presenters.unreadable_cells(report)
    assert sum(len(u.columns) for u in lost) == 136 and all(u.locator for u in lost)
    assert page.count("第 173 行") >= 2  # the 部分公开 row: in the list and in table 三


def test_a_report_with_blank_cells_only_is_not_all_clear_either(
    supervisor_client, agencies
) -> None:
    require_corpus()
    page = _upload_page(supervisor_client, agencies, "pub-004")
    assert ALL_CLEAR not in page and "核对不完整" in page and 'id="h-unreadable"' not in page


def test_a_clean_report_shows_the_all_clear_with_its_counts(supervisor_client, agencies) -> None:
    require_corpus()
    page = _upload_page(supervisor_client, agencies, "seed-000")
    assert ALL_CLEAR in page and "核对不完整" not in page
    assert re.search(r"已读取单元格</dt><dd>198</dd>", page)


def test_a_narrative_report_says_there_was_nothing_to_check(supervisor_client, agencies) -> None:
    require_corpus()
    page = _upload_page(supervisor_client, agencies, "seed-004")
    assert ALL_CLEAR not in page and "叙述式报告" in page


@pytest.mark.parametrize("name", ["pub-003", "pub-007", "seed-000", "seed-001"])
def test_report_pages_show_no_codes_or_login_names(supervisor_client, agencies, name) -> None:
    require_corpus()
    raw = _upload_page(supervisor_client, agencies, name)
    detail = _visible_text(raw)
    index = supervisor_client.get(reverse("reports:index")).content.decode()
    code = r"(2019|2021|hybrid|pre-2019)"
    assert not re.search(rf"<strong>{code}</strong>|<td>\d*</td><td>{code}</td>", raw + index)
    for text in (detail, _visible_text(index)):
        assert "supervisor" not in text and "周敏" in text
        assert not re.search(r"text-(tsv|docx|markdown)|pdf-text|hybrid|pre-2019", text)
    ours = re.sub(r"<code>.*?</code>", " ", raw, flags=re.S)  # source snippets are quoted as is
    words = set(re.findall(r"[A-Za-z]{2,}", _visible_text(ours))) - {"source", "txt", "md", "pdf"}
    assert words <= {"PDF", "Word", "Markdown", "KB", "MB"}, words  # names of formats, units
