"""Text in every shape, GBK and traditional characters: each corpus truth rendered, parsed back."""

from __future__ import annotations

import pytest
import textfactory
from reportcorpus import corpus_params, meta, same_value, truth

from gongkai.applications.reportmodel.model import CellStatus
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.serialization import truth_requests, truth_review

SHAPES = ["markdown", "tsv", "docx_text", "web_text", "flattened"]


def _render(name: str, shape: str) -> tuple[dict, str]:
    expected = truth(name)
    if "figures" in expected:
        pytest.skip("pre-2019 narrative report: no tables to render")
    agency = meta(name)["agency"].split("（")[0]
    return expected, getattr(textfactory, shape)(expected, agency, meta(name)["year"])


def _values_survive(expected: dict, shape: str) -> bool:
    """Web scrapes and flattened text lose empty cells; a row with blanks cannot come back."""
    if shape not in ("web_text", "flattened"):
        return True
    rows = [r["values"] for r in expected["table_requests"]]
    return all(v is not None for row in rows for v in row)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", corpus_params())
def test_text_shape_parses_back_to_truth(name: str, shape: str) -> None:
    expected, text = _render(name, shape)
    report = parse_bytes(text.encode("utf-8"), f"{name}.txt")
    got = truth_requests(report)
    assert [r["row"] for r in got] == [r["row"] for r in expected["table_requests"]]
    if not _values_survive(expected, shape):
        for row in report.requests.rows:  # lost cells are unreadable, never invented
            assert all(
                c.status in (CellStatus.UNREADABLE, CellStatus.SLASH, CellStatus.NUMBER)
                for c in row.cells
            )
        return
    for a, b in zip(got, expected["table_requests"], strict=True):
        assert all(same_value(g, w) for g, w in zip(a["values"], b["values"], strict=True)), (
            shape,
            a,
            b,
        )
    ambiguous = any(f.code == "split_ambiguous" and f.table == "review" for f in report.findings)
    for group, values in expected["table_review"].items():
        for got, want in zip(truth_review(report)[group], values, strict=True):
            # flattened digits may stay ambiguous: then the cell is unreadable and said so
            assert same_value(got, want) or (got is None and ambiguous and shape == "flattened")


@pytest.mark.parametrize("name", corpus_params())
def test_gbk_encoded_text_parses_like_utf8(name: str) -> None:
    _expected, text = _render(name, "tsv")
    report = parse_bytes(text.encode("gbk"), "report.txt")
    assert report.source.encoding == "gb18030"
    assert truth_requests(report) == truth_requests(parse_bytes(text.encode("utf-8"), "report.txt"))


@pytest.mark.parametrize("name", corpus_params())
def test_traditional_characters_parse_like_simplified(name: str) -> None:
    from opencc import OpenCC

    _expected, text = _render(name, "markdown")
    traditional = OpenCC("s2twp").convert(text)
    assert traditional != text
    report = parse_bytes(traditional.encode("utf-8"), "report.md")
    assert truth_requests(report) == truth_requests(parse_bytes(text.encode("utf-8"), "report.md"))


def test_gbk_html_with_declared_charset() -> None:
    from reportcorpus import require_corpus

    require_corpus()
    expected, _text = _render("seed-001", "markdown")
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{c}</td>" for c in [r["row"].split(" ")[-1], *map(textfactory.cell, r["values"])]
        )
        + "</tr>"
        for r in expected["table_requests"]
    )
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        f"<p>苏州市人民政府办公室2019年政府信息公开工作年度报告</p><table>{rows}</table></body></html>"
    )
    report = parse_bytes(html.encode("gbk"), "page.html")
    assert report.source.encoding == "gb18030"
    assert all(
        same_value(g, w)
        for a, b in zip(truth_requests(report), expected["table_requests"], strict=True)
        for g, w in zip(a["values"], b["values"], strict=True)
    )
