"""The parser's fast paths give what the general paths give: HTML cells read by lxml's text
serialiser, normalisation by one regex scan, cell offsets by each block's first cell."""

from __future__ import annotations

import lxml.etree
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.reports.ingest.blocks import Block, Document
from gongkai.reports.ingest.html import cell_text, html_document
from gongkai.reports.ingest.normalize import _TRANSLATE, normalize

PARSER = lxml.etree.HTMLParser(recover=True, no_network=True, remove_comments=True)


def _cells(html: str) -> list[lxml.etree._Element]:
    return lxml.etree.fromstring(html, PARSER).xpath("//td")


def test_a_plain_cell_reads_the_same_by_either_path():
    td = _cells(
        "<table><tr><td><p><span>总</span><span>计</span></p>\n 12 <b>件</b></td></tr></table>"
    )[0]
    assert cell_text(td, plain=True) == cell_text(td, plain=False) == "总计 12 件"


def test_a_cell_with_markup_to_mark_or_drop_is_walked():
    td = _cells("<table><tr><td>0<sup>注1</sup><script>var x = 9;</script> 件</td></tr></table>")[0]
    assert cell_text(td) == "0<sup>注1</sup> 件"  # the script's text is gone, the note marked


def test_a_table_with_one_marked_cell_still_marks_it():
    html = (
        "<html><body><p>标题</p><table>"
        "<tr><td>本年新收</td><td>3<sup>注1</sup></td><td>4</td></tr>"
        "<tr><td>上年结转</td><td><span>5</span></td><td><style>p{}</style>6</td></tr>"
        "</table></body></html>"
    )
    rows = [b.cells for b in html_document(html.encode()).blocks if b.kind == "row"]
    assert rows == [["本年新收", "3<sup>注1</sup>", "4"], ["上年结转", "5", "6"]]


_KEYS = "".join(chr(code) for code in _TRANSLATE)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_KEYS + "ab 1中文（）\t\n\x1f\x1e国個") | st.characters()))
def test_normalising_is_the_translation_table_applied(text: str):
    assert normalize(text, traditional=False) == text.translate(_TRANSLATE)


_BLOCKS = st.lists(
    st.builds(
        Block,
        st.sampled_from(["row", "para"]),
        st.lists(st.text(alphabet="ab \x1f", max_size=3), max_size=4),
        st.just("第 1 行"),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(_BLOCKS)
def test_every_cell_offset_leads_back_to_its_cell(blocks: list[Block]):
    doc = Document(blocks, "text")
    for b_index, block in enumerate(blocks):
        for c_index, cell in enumerate(block.cells):
            start = doc.cell_start(b_index, c_index)
            assert doc.text[start : start + len(cell)] == cell
            if cell:
                assert doc.where(start) == (b_index, c_index)
