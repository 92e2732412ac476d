"""Render a LetterContent to DOCX (python-docx) and PDF (WeasyPrint), both in
the GB/T 9704-2012 layout of layout.py. Renderers see only the dataclass.

Word and WPS pick a Chinese font from the run's w:eastAsia font name, not from
w:ascii, so every run and style sets it; the font table names a fallback
(w:altName) for offices without the 方正 / GB2312 faces.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.template import Context
from django.template.engine import Engine
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from . import layout as L

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section
    from docx.text.paragraph import Paragraph

    from .build import LetterContent

TEMPLATES_DIR = Path(__file__).parent / "templates"


# -- DOCX ----------------------------------------------------------------------


def render_docx(content: LetterContent) -> bytes:
    doc = Document()
    _page_setup(doc.sections[0])
    _styles(doc)
    _font_table(doc)
    _core_properties(doc, content)
    _page_numbers(doc)
    _write_letter(doc, content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _write_letter(doc: DocxDocument, c: LetterContent) -> None:
    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _title(first, c.title)
    _line(doc.add_paragraph(), c.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, after=L.LINE_PT)
    _line(doc.add_paragraph(), c.salutation, indent=False)
    body = [*c.paragraphs, c.remedies] if c.remedies else list(c.paragraphs)
    for text in body:
        _line(doc.add_paragraph(), text)
    # The seal, 署名 and date stay with the closing line (7.3.5), which is text of
    # the letter; the body is not pulled along, so page 1 fills (as in the PDF).
    _line(doc.add_paragraph(), c.closing, keep_with_next=True)
    _attachments(doc, c.attachments)
    _signature(doc, c)
    for note in c.notes:
        _line(doc.add_paragraph(), f"（{note}）")
    _legal_basis(doc, c.legal_basis)


def _page_setup(section: Section) -> None:
    m = L.PAGE_MARGINS_MM
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    section.header_distance = Mm(15)
    # The page number's 一字线 sits 7 mm under the 版心: footer bottom ≈ 35 − 7 − 5 mm.
    section.footer_distance = Mm(m["bottom"] - L.PAGE_NUMBER_BELOW_MM - 5)


def _set_fonts(rpr_parent: etree._Element, east_asia: str, latin: str = L.LATIN_FONT) -> None:
    """Set w:rFonts on a run or style: eastAsia is what Word/WPS use for Chinese."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _styles(doc: DocxDocument) -> None:
    _doc_defaults(doc)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(L.BODY_PT)
    _set_fonts(normal.element, L.BODY_FONTS[0])
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(L.LINE_PT)
    pf.widow_control = True


def _doc_defaults(doc: DocxDocument) -> None:
    """The template's defaults name theme fonts (which win over font names) and a
    US language: replace them with our faces and zh-CN, so that every run without
    direct formatting is still 仿宋 and Chinese punctuation is set as Chinese."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    _set_fonts(rpr.getparent(), L.BODY_FONTS[0])
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:val"), "zh-CN")


def _font_table(doc: DocxDocument) -> None:
    """Declare our Chinese faces with a fallback (w:altName) Word substitutes when missing."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    fallbacks = {
        L.TITLE_FONTS[0]: "宋体",
        L.BODY_FONTS[0]: "仿宋",
        L.HEADING_FONTS[0]: "SimHei",
        L.PAGE_NUMBER_FONTS[0]: "SimSun",
    }
    for name, alt in fallbacks.items():
        if name in existing:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _core_properties(doc: DocxDocument, c: LetterContent) -> None:
    props = doc.core_properties
    props.title = c.title
    props.subject = c.doc_number
    props.author = c.issuer
    props.language = "zh-CN"
    props.comments = c.application_number


def _indent_chars(
    paragraph: Paragraph,
    first_line: float = 0,
    left: float = 0,
    right: float = 0,
    size: float = L.BODY_PT,
) -> None:
    """Indent in characters (w:*Chars, hundredths) with the point value as fallback."""
    pf = paragraph.paragraph_format
    if first_line:
        pf.first_line_indent = Pt(first_line * size)
    if left:
        pf.left_indent = Pt(left * size)
    if right:
        pf.right_indent = Pt(right * size)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is None:
        return
    for attr, chars in (("firstLineChars", first_line), ("leftChars", left), ("rightChars", right)):
        if chars:
            ind.set(qn(f"w:{attr}"), str(round(chars * 100)))


# The CT_RPr elements that follow w:spacing in the schema sequence.
_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _run(paragraph: Paragraph, text: str, size: float, east_asia: str) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    _set_fonts(run._r, east_asia)
    if size == L.BODY_PT:
        spacing = OxmlElement("w:spacing")  # character spacing, in twentieths of a point
        spacing.set(qn("w:val"), str(round(L.BODY_LETTER_SPACING_PT * 20)))
        # Word rejects rPr children out of schema order: w:spacing goes before w:sz.
        run._r.get_or_add_rPr().insert_element_before(spacing, *_AFTER_SPACING)


def _line(
    paragraph: Paragraph,
    text: str,
    *,
    indent: bool = True,
    align: int | None = WD_ALIGN_PARAGRAPH.JUSTIFY,
    after: float = 0,
    keep_with_next: bool = False,
    size: float = L.BODY_PT,
    line: float = L.LINE_PT,
    font: str = L.BODY_FONTS[0],
) -> Paragraph:
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(line)
    pf.space_after = Pt(after)
    pf.keep_with_next = keep_with_next or None
    if indent and align != WD_ALIGN_PARAGRAPH.CENTER:
        _indent_chars(paragraph, first_line=L.INDENT_CHARS, size=size)
    _run(paragraph, text, size, font)
    return paragraph


def _title(paragraph: Paragraph, title: str) -> None:
    pf = paragraph.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(L.TITLE_LINE_PT)
    pf.space_after = Pt(L.LINE_PT / 2)
    pf.keep_with_next = True
    _run(paragraph, title, L.TITLE_PT, L.TITLE_FONTS[0])


def _attachments(doc: DocxDocument, items: tuple[str, ...]) -> None:
    """7.3.4: 附件说明 under the body, one line down, 左空二字; several are numbered."""
    if not items:
        return
    numbered = len(items) > 1
    for i, item in enumerate(items, start=1):
        label = "附件：" if i == 1 else "\u3000" * 3
        text = f"{label}{i}. {item}" if numbered else f"{label}{item}"
        p = _line(doc.add_paragraph(), text, indent=False, keep_with_next=True)
        _indent_chars(p, left=L.INDENT_CHARS)
        if i == 1:
            p.paragraph_format.space_before = Pt(L.LINE_PT)


def _signature(doc: DocxDocument, c: LetterContent) -> None:
    """署名 and date at the right, with room above them for the seal."""
    issuer_right, date_right = L.signature_indents(c.issuer, c.issued_on_text)
    issuer = _line(
        doc.add_paragraph(),
        c.issuer,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        keep_with_next=True,
    )
    issuer.paragraph_format.space_before = Pt(L.LINE_PT * L.SEAL_SPACE_LINES)
    _indent_chars(issuer, right=issuer_right)
    date = _line(
        doc.add_paragraph(),
        c.issued_on_text,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )  # the 附注 flows on: keeping it with the date dragged the signature to page 2
    _indent_chars(date, right=date_right)


def _legal_basis(doc: DocxDocument, lines: tuple[str, ...]) -> None:
    if not lines:
        return
    heading = _line(
        doc.add_paragraph(),
        "附：相关法律规定",
        indent=False,
        keep_with_next=True,
        font=L.HEADING_FONTS[0],
    )
    heading.paragraph_format.space_before = Pt(L.LINE_PT)
    for text in lines:
        _line(doc.add_paragraph(), text, size=L.LEGAL_PT, line=L.LEGAL_LINE_PT)


def _page_numbers(doc: DocxDocument) -> None:
    """7.5: odd pages right (空一字), even pages left (空一字)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.paragraph_format.alignment = align
        _indent_chars(p, size=L.PAGE_NUMBER_PT, **{side: L.PAGE_NUMBER_SIDE_CHARS})
        _run(p, "— ", L.PAGE_NUMBER_PT, L.PAGE_NUMBER_FONTS[0])
        _page_field(p)
        _run(p, " —", L.PAGE_NUMBER_PT, L.PAGE_NUMBER_FONTS[0])


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: begin / instruction / separate / cached value / end."""

    def field_run(
        kind: str | None = None, instr: str | None = None, text: str | None = None
    ) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(L.PAGE_NUMBER_PT)
        _set_fonts(run._r, L.PAGE_NUMBER_FONTS[0])
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            run._r.append(el)
        if text:
            run.add_text(text)

    field_run("begin")
    field_run(instr=" PAGE ")
    field_run("separate")
    field_run(text="1")
    field_run("end")


# -- PDF -----------------------------------------------------------------------

_HTML_ENGINE = Engine(dirs=[str(TEMPLATES_DIR)], autoescape=True)


def render_html(content: LetterContent, fit: L.Fit = L.STANDARD_FIT) -> str:
    """The same letter as a self-contained HTML page (WeasyPrint's input)."""
    issuer_right, date_right = L.signature_indents(content.issuer, content.issued_on_text)
    template = _HTML_ENGINE.get_template("letters/letter.html")
    return template.render(
        Context(
            {
                "c": content,
                "L": L,
                "issuer_right": f"{issuer_right:g}",
                "date_right": f"{date_right:g}",
                "css_fonts": _css_fonts(),
                "fit": fit,
            }
        )
    )


def _css_fonts() -> dict[str, str]:
    def stack(names: tuple[str, ...], generic: str) -> str:
        return ", ".join(f'"{n}"' for n in names) + f", {generic}"

    return {
        "title": stack(L.TITLE_FONTS, "serif"),
        "body": stack(L.BODY_FONTS, "serif"),
        "heading": stack(L.HEADING_FONTS, "sans-serif"),
        "page": stack(L.PAGE_NUMBER_FONTS, "serif"),
    }


def render_pdf(content: LetterContent) -> bytes:
    from weasyprint import HTML

    document = HTML(string=render_html(content)).render()
    room = _room_left_above_closing(document)
    # GB/T 9704-2012 7.3.5.1: when the closing block (the closing line, room for
    # the seal, 署名 and date) does not fit under the body, adjust the spacing
    # rather than leave the page before it short by up to four lines: the
    # loosest spacing that leaves less than a line empty, else the one that
    # leaves the least.
    for fit in L.TIGHTER_FITS if room >= L.LINE_PT else ():
        tighter = HTML(string=render_html(content, fit)).render()
        tighter_room = _room_left_above_closing(tighter)
        if tighter_room < room:
            document, room = tighter, tighter_room
        if room < L.LINE_PT:
            break
    return document.write_pdf()  # type: ignore[no-any-return]


def _room_left_above_closing(document: Any) -> float:
    """Points left empty at the foot of the page before the one the closing
    block starts on (0 when the closing block starts on page 1)."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox

    page_of = {name: i for i, page in enumerate(document.pages) for name in page.anchors}
    closing_page = page_of.get("closing", 0)
    if closing_page == 0:
        return 0.0
    page_box = document.pages[closing_page - 1]._page_box
    foot = page_box.content_box_y() + page_box.height
    lines = [
        line
        for child in page_box.children
        if not isinstance(child, MarginBox)  # the page number
        for line in child.descendants()
        if isinstance(line, LineBox)
    ]
    last = max((b.position_y + b.margin_height() for b in lines), default=foot)
    return float(foot - last) * 0.75  # CSS px → pt
