"""The official layout (GB/T 9704-2012): checked in the DOCX structure Word and
WPS read, and on the PDF as printed (rasterised, measured in millimetres)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.applications.letters import layout
from gongkai.applications.letters.build import LetterContent
from gongkai.applications.letters.context import FeeFacts, cn_date_upper, fee_breakdown
from gongkai.applications.letters.render import render_docx, render_pdf

CONTENT = LetterContent(
    kind="reply",
    title="政府信息公开申请答复告知书",
    doc_number="太仓市政府办依申复〔2025〕12号",
    recipient="张明",
    salutation="张明：",
    paragraphs=("本机关于2025年9月26日收到你提出的政府信息公开申请。" * 3, "第二段。"),
    legal_basis=("《中华人民共和国政府信息公开条例》第三十条：……",),
    remedies="你如对本答复不服，可以依法申请行政复议或者提起行政诉讼。",
    closing="特此告知。",
    issuer="太仓市人民政府办公室",
    issued_on=dt.date(2025, 10, 30),
    attachments=("所申请公开的政府信息",),
    notes=("联系单位：太仓市人民政府办公室政务公开科；联系电话：0512-53521001",),
    application_number="TCBGS-2025-00001",
)


def east_asia_font(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.fixture(scope="module")
def docx():
    return Document(io.BytesIO(render_docx(CONTENT)))


def paragraph(doc, text):
    return next(p for p in doc.paragraphs if p.text == text)


def test_docx_page_is_a4_with_the_standard_margins(docx):
    s = docx.sections[0]

    def mm(length) -> float:
        return round(length.mm, 1)  # stored in twips: compare to 0.1 mm

    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert (mm(s.top_margin), mm(s.bottom_margin)) == (37, 35)
    assert (mm(s.left_margin), mm(s.right_margin)) == (28, 26)


def test_docx_title_is_centred_2hao_xiaobiaosong(docx):
    title = docx.paragraphs[0]
    assert title.text == "政府信息公开申请答复告知书"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert east_asia_font(run) == "方正小标宋简体"


def test_docx_document_number_is_centred_under_the_title(docx):
    number = docx.paragraphs[1]
    assert number.text == "太仓市政府办依申复〔2025〕12号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_docx_body_is_3hao_fangsong_fixed_28pt_with_two_character_indent(docx):
    body = paragraph(docx, "第二段。")
    pf = body.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(28)
    assert pf.first_line_indent == Pt(32)
    assert body._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert body.runs[0].font.size == Pt(16)
    assert east_asia_font(body.runs[0]) == "仿宋_GB2312"
    salutation = paragraph(docx, "张明：")
    assert salutation.paragraph_format.first_line_indent is None  # 顶格


def test_docx_styles_declare_chinese_fonts_and_language_without_theme_fonts(docx):
    rpr = docx.styles["Normal"].element.find(qn("w:rPr"))
    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    defaults = docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win over the name
    assert defaults.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_docx_body_runs_are_set_28_characters_a_line_in_schema_order(docx):
    run = paragraph(docx, "第二段。").runs[0]
    children = [el.tag.split("}")[1] for el in run._r.rPr]
    assert children.index("rFonts") < children.index("spacing") < children.index("sz")
    assert run._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"  # −0.25 pt


def test_docx_font_table_names_fallbacks_for_offices_without_the_fonts(docx):
    from lxml import etree

    part = next(p for p in docx.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    fonts = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in etree.fromstring(part.blob).findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert fonts["仿宋_GB2312"] == "仿宋" and fonts["方正小标宋简体"] == "宋体"


def test_docx_issuer_and_chinese_date_stand_right_with_room_for_the_seal(docx):
    issuer = paragraph(docx, "太仓市人民政府办公室")
    date = paragraph(docx, "二〇二五年十月三十日")
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(4 * 16)  # 右空四字
    assert issuer.paragraph_format.space_before == Pt(2 * 28)  # the seal's room
    closing = paragraph(docx, "特此告知。")
    assert closing.paragraph_format.keep_with_next
    note = paragraph(docx, f"（{CONTENT.notes[0]}）")
    assert note.paragraph_format.first_line_indent == Pt(32)


def test_docx_attachment_note_is_indented_two_characters(docx):
    attachment = paragraph(docx, "附件：所申请公开的政府信息")
    assert attachment.paragraph_format.left_indent == Pt(32)


def test_docx_footer_has_page_numbers_odd_right_even_left(docx):
    section = docx.sections[0]
    assert docx.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for p in (odd, even):
        assert p.text.startswith("— ") and p.text.endswith(" —")
        instructions = [i.text for i in p._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        assert p.runs[0].font.size == Pt(14)


def test_dates_are_written_in_chinese_numerals_under_the_issuer():
    assert cn_date_upper(dt.date(2025, 10, 30)) == "二〇二五年十月三十日"
    assert cn_date_upper(dt.date(2026, 1, 1)) == "二〇二六年一月一日"
    assert cn_date_upper(dt.date(2025, 12, 21)) == "二〇二五年十二月二十一日"
    assert cn_date_upper(dt.date(2020, 11, 10)) == "二〇二〇年十一月十日"


def test_the_issuer_is_centred_over_the_date_and_a_long_one_pushes_both_left():
    assert layout.signature_indents("太仓市人民政府办公室", "二〇二五年十月三十日") == (4.0, 4.0)
    assert layout.signature_indents("太仓港经济技术开发区管委会", "二〇二五年十月三十日") == (
        2.5,
        4.0,
    )
    issuer_right, date_right = layout.signature_indents("某" * 22, "二〇二五年十月三十日")
    assert issuer_right == 0 and date_right == 6.0


def test_fee_breakdown_shows_each_band():
    # 68 pages: the first 30 free, 38 at 10元 (the 380元 case a 2025 宿迁 report states)
    fee = FeeFacts(
        "per_page",
        0,
        1,
        68,
        380,
        dt.date(2025, 10, 9),
        dt.date(2025, 10, 9),
        dt.date(2025, 11, 6),
        None,
    )
    assert fee_breakdown(fee) == "第31—68页共38页×10元＝380元"


# -- the PDF as printed -----------------------------------------------------------


@pytest.fixture(scope="module")
def pdf():
    return render_pdf(CONTENT)


def test_pdf_pages_are_a4(pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert round(float(page.mediabox.width)) == 595
        assert round(float(page.mediabox.height)) == 842


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_pdf_printed_page_keeps_the_margins_and_centres_the_title(pdf, tmp_path):
    from PIL import Image

    dpi = 100
    (tmp_path / "l.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "l.pdf", "p"],
        cwd=tmp_path,
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    mm = dpi / 25.4

    def ink_box(top_mm: float, bottom_mm: float) -> tuple[float, float, float, float]:
        band = image.crop((0, int(top_mm * mm), image.width, int(bottom_mm * mm)))
        box = band.point(lambda v: 255 if v < 128 else 0).getbbox()
        assert box, f"no ink between {top_mm} and {bottom_mm} mm"
        left, top, right, bottom = box
        return left / mm, top / mm + top_mm, right / mm, bottom / mm + top_mm

    body = ink_box(0, 297 - 35)
    assert 37 <= body[1] <= 45  # the title starts at the top margin
    assert 27 <= body[0] <= 30  # text starts at the 28 mm left margin
    assert 210 - 26 - 2 <= body[2] <= 210 - 26 + 0.5  # justified lines end at the right margin
    title = ink_box(37, 50)
    centre = (title[0] + title[2]) / 2
    assert abs(centre - (28 + 156 / 2)) < 2  # centred in the 版心
    page_number = ink_box(297 - 35, 297)
    assert page_number[1] >= 297 - 35 + 5  # 7 mm under the 版心
    assert page_number[0] > 150  # page 1 is odd: number on the right
