"""Page 1 of a letter fills to the bottom of the 版心 (GB/T 9704-2012 5.2.2:
22 lines of 28 pt) when more of the letter follows: the closing, 署名 and date
stay with each other but no longer drag the last body paragraph along, and
the note and the quoted provisions flow on under the date instead of leaving
page 1 half empty (issue 9: page 1 ended about seven lines early)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os

from letterdocs import flat

from gongkai.applications.decisions import Decision
from gongkai.applications.letters import layout

MM = 72 / 25.4
PAGE_HEIGHT_PT = 297 * MM
BOTTOM_PT = PAGE_HEIGHT_PT - layout.PAGE_MARGINS_MM["bottom"] * MM  # foot of the 版心
TOLERANCE_PT = 2 * layout.LINE_PT  # page 1 may stop at most ~2 body lines short


def lines_by_page(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Each page's text lines as (bottom y from the page top, text), page numbers dropped."""
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict[float, list[str]] = {}
            for word in page.extract_words(keep_blank_chars=True):
                if word["top"] > BOTTOM_PT:  # the page number under the 版心
                    continue
                rows.setdefault(round(word["bottom"]), []).append(word["text"])
            pages.append(sorted((y, "".join(t)) for y, t in rows.items()))
    return pages


def save(name: str, pdf: bytes) -> None:
    """Keep the PDF for a look with pdftoppm when GONGKAI_LETTER_SHOTS names a folder."""
    folder = os.environ.get("GONGKAI_LETTER_SHOTS")
    if folder:
        with open(os.path.join(folder, f"{name}.pdf"), "wb") as f:
            f.write(pdf)


def assert_page_one_full(pages: list[list[tuple[float, str]]]) -> None:
    assert len(pages) >= 2, "the letter was expected to run onto a second page"
    last_y = pages[0][-1][0]
    assert last_y >= BOTTOM_PT - TOLERANCE_PT, (
        f"page 1 ends at {last_y:.0f} pt, {(BOTTOM_PT - last_y) / layout.LINE_PT:.1f} lines "
        f"above the foot of the 版心 ({BOTTOM_PT:.0f} pt)"
    )
    assert last_y <= BOTTOM_PT + 1


LONG_DESCRIPTION = (
    "请公开太仓市人民政府办公室2024年度关于城区道路改造工程的立项批复、招标公告、中标公告、"
    "施工合同及其补充协议、工程变更审批文件、竣工验收报告、审计报告和财政资金拨付凭证，"
    "以及上述工程涉及的征收补偿方案、补偿标准、补偿款发放明细和相关会议纪要"
)


def test_receipt_page_one_reaches_the_foot_of_the_type_area(new_case, issue, applicant_data):
    app = new_case({**applicant_data, "description": LONG_DESCRIPTION})
    letter = issue(app, "receipt", on=dt.date(2025, 9, 26))
    pdf = bytes(letter.pdf)
    save("receipt", pdf)
    pages = lines_by_page(pdf)
    assert_page_one_full(pages)
    text = [flat(t) for page in pages for _y, t in page]
    # The quoted provisions still open under their heading, after the date and the note.
    heading = text.index("附：相关法律规定")
    assert any("二〇二五年九月二十六日" in t for t in text[:heading])
    assert any("联系" in t for t in text[:heading])


def test_long_reply_page_one_reaches_the_foot_of_the_type_area(replied, applicant_data):
    reason = "本机关检索了2024年至2025年的发文目录、收文登记和档案室全部案卷，" * 8
    _app, letter = replied(
        Decision.NOT_EXIST, {**applicant_data, "description": LONG_DESCRIPTION}, reason=reason
    )
    pdf = bytes(letter.pdf)
    save("reply", pdf)
    assert_page_one_full(lines_by_page(pdf))


def test_docx_keeps_only_the_closing_and_signature_together(new_case, issue):
    """Word's keep-with-next is the DOCX form of the same rule: the closing line,
    附件说明, 署名 and date hold together, but the body and the 附注 flow freely."""
    from docx import Document

    letter = issue(new_case(), "receipt", on=dt.date(2025, 9, 26))
    paragraphs = [p for p in Document(io.BytesIO(bytes(letter.docx))).paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    closing = texts.index("特此回执。")
    date = texts.index("二〇二五年九月二十六日")
    kept = [bool(p.paragraph_format.keep_with_next) for p in paragraphs]
    assert kept[closing:date] == [True] * (date - closing)
    assert not kept[closing - 1]  # the last body paragraph is not pulled to the next page
    heading = texts.index("附：相关法律规定")
    assert texts[date + 1].startswith("（联系")
    assert not any(kept[date:heading])  # nor is the signature pulled along by the note
    assert kept[heading]  # the appendix heading stays with its first provision


def sample_reply(repeats: int):
    """A reply letter whose body grows by 20 characters (under one line) per repeat."""
    from gongkai.applications.letters.build import LetterContent

    return LetterContent(
        kind="reply",
        title="政府信息公开申请答复告知书",
        doc_number="太政办依申复〔2025〕1号",
        recipient="张明",
        salutation="张明：",
        paragraphs=(
            "本机关于2025年9月26日收到你提出的政府信息公开申请。"
            + "本机关检索了发文目录和档案室全部案卷，" * repeats,
        ),
        legal_basis=("《中华人民共和国政府信息公开条例》第三十六条：……",),
        remedies=(
            "如对本答复不服，可以在收到本答复之日起60日内向太仓市人民政府申请行政复议，"
            "或者在6个月内向太仓市人民法院提起行政诉讼。"
        ),
        closing="特此告知。",
        issuer="太仓市人民政府办公室",
        issued_on=dt.date(2025, 10, 24),
        notes=("联系人：王芳，电话：0512-53520000",),
    )


def room_above_closing(pages: list[list[tuple[float, str]]]) -> float:
    """Points left empty at the foot of the page before the closing line's page."""
    closing_page = next(
        i for i, page in enumerate(pages) if any(t == "特此告知。" for _y, t in page)
    )
    if closing_page == 0:
        return 0.0
    return BOTTOM_PT - pages[closing_page - 1][-1][0]


def test_spacing_is_tightened_when_the_closing_block_does_not_fit():
    """GB/T 9704-2012 7.3.5.1: when the room left under the body cannot hold the
    closing line, the seal, 署名 and date, the line and character spacing are
    adjusted instead of leaving the page up to four lines short (issue 9). The
    body grows by less than a line per step, so the sweep meets every remainder."""
    from weasyprint import HTML

    from gongkai.applications.letters.render import render_html, render_pdf

    worst_standard = 0.0
    for repeats in range(12, 24):
        content = sample_reply(repeats)
        standard = HTML(string=render_html(content)).write_pdf()
        worst_standard = max(worst_standard, room_above_closing(lines_by_page(standard)))
        pages = lines_by_page(render_pdf(content))
        room = room_above_closing(pages)
        assert room < 1.5 * layout.LINE_PT, (
            f"{repeats} repeats: the page before the closing block ends {room:.0f} pt short"
        )
        first = [y for y, _t in pages[0]]
        pitch = min(b - a for a, b in itertools.pairwise(first[3:]))
        assert pitch >= min(f.line_pt for f in layout.TIGHTER_FITS) - 0.5
    # The sweep did meet letters the standard spacing leaves three or more lines short.
    assert worst_standard >= 3 * layout.LINE_PT
