"""DOCX in the official layout (merged cells), built from each corpus truth, parsed back."""

from __future__ import annotations

import io
import zipfile

import pytest
from docxfactory import build_docx
from reportcorpus import corpus_params, meta, same_value, source_path, truth

from gongkai.reports.ingest import DocumentTooLarge, MalformedDocument, parse_bytes
from gongkai.reports.serialization import truth_active, truth_figures, truth_requests, truth_review


def _agency(name: str) -> str:
    return meta(name)["agency"].split("（")[0]


@pytest.mark.parametrize("name", corpus_params())
def test_docx_in_official_layout_parses_back_to_truth(name: str) -> None:
    expected, described = truth(name), meta(name)
    narrative = source_path(name).read_text(encoding="utf-8") if "figures" in expected else None
    data = build_docx(expected, _agency(name), described["year"], narrative)
    report = parse_bytes(data, f"{name}.docx")
    assert report.source is not None and report.source.form == "docx"
    assert report.year == described["year"]
    if narrative is not None:
        assert truth_figures(report.figures) == expected["figures"]
        return
    assert truth_requests(report) == expected["table_requests"] or all(
        all(same_value(g, w) for g, w in zip(a["values"], b["values"], strict=True))
        for a, b in zip(truth_requests(report), expected["table_requests"], strict=True)
    )
    for group, values in expected["table_review"].items():
        assert all(
            same_value(g, w) for g, w in zip(truth_review(report)[group], values, strict=True)
        )
    got = truth_active(report)
    for label, cells in expected["table_active"].items():
        for column, value in cells.items():
            assert same_value(got[label][column], value), (label, column)


def test_docx_cells_name_table_row_and_column() -> None:
    from reportcorpus import require_corpus

    require_corpus()
    report = parse_bytes(build_docx(truth("seed-001"), "苏州市人民政府办公室", 2019), "a.docx")
    cell = report.requests.row("r_na_not_held").cells[0]
    assert cell.value == 66
    assert cell.provenance.locator.startswith("表格 2 第 16 行")


def test_truncated_docx_is_a_clear_error() -> None:
    from reportcorpus import require_corpus

    require_corpus()
    data = build_docx(truth("seed-000"), "太仓市人民政府", 2019)
    with pytest.raises(MalformedDocument, match="Word"):
        parse_bytes(data[: len(data) // 2], "cut.docx")


def test_docx_zip_bomb_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (50 * 1024 * 1024))
    with pytest.raises(DocumentTooLarge, match="压缩炸弹"):
        parse_bytes(buffer.getvalue(), "bomb.docx")


def test_zip_that_is_not_word_is_a_clear_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(MalformedDocument, match=r"document\.xml"):
        parse_bytes(buffer.getvalue(), "x.docx")
