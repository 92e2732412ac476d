"""Scanned reports: a PDF without a text layer is read by OCR, and says so cell by cell.

The scan is made here from the corpus's PDF (淮安市 2024, pub-003): every page rendered to a
150-dpi grey image with speckle noise, fed 1.2° crooked, the images put back into a PDF, so
nothing of the text layer survives. The values are compared with the corpus's hand-checked truth.json."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw
from reportcorpus import CORPUS, SKIP_REASON, same_value, truth

from gongkai.applications.reportmodel.model import CellStatus
from gongkai.reports.audit import audit
from gongkai.reports.ingest import ocr
from gongkai.reports.ingest.guard import parse_guarded
from gongkai.reports.ingest.parsers import parse_bytes
from gongkai.reports.presenters import headline
from gongkai.reports.serialization import to_truth


def scan_of(pdf_bytes: bytes, dpi: int = 150, noise: float = 0.002, turn: float = 0.0) -> bytes:
    import pypdfium2 as pdfium

    rng = np.random.default_rng(7)
    pdf = pdfium.PdfDocument(pdf_bytes)
    images = []
    for page in pdf:
        grey = np.asarray(page.render(scale=dpi / 72).to_pil().convert("L")).copy()
        speckle = rng.random(grey.shape) < noise
        grey[speckle] = 255 - grey[speckle]
        images.append(Image.fromarray(grey).rotate(turn, fillcolor=255, resample=Image.BILINEAR))
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def leaves(got, want, path=""):
    if isinstance(want, dict):
        for key, value in want.items():
            yield from leaves(
                got.get(key) if isinstance(got, dict) else None, value, f"{path}/{key}"
            )
    elif isinstance(want, list):
        for i, value in enumerate(want):
            inner = got[i] if isinstance(got, list) and i < len(got) else None
            yield from leaves(inner, value, f"{path}[{i}]")
    else:
        yield path, got, want


@pytest.fixture(scope="module")
def scanned():
    source = CORPUS / "pub-003" / "source.pdf"
    if not source.is_file():
        pytest.skip(SKIP_REASON)
    data = scan_of(source.read_bytes(), turn=1.2)
    # as an upload is read: in the guarded child, which widens its bounds for a scan
    return data, parse_guarded(data, "淮安市2024年报告（扫描件）.pdf", timeout=20)


def test_a_text_pdf_is_not_sent_to_ocr_but_its_scan_is(scanned):
    data, _report = scanned
    assert not ocr.needs_ocr((CORPUS / "pub-003" / "source.pdf").read_bytes())
    assert ocr.needs_ocr(data)


def test_the_scan_is_read_into_the_statutory_tables(scanned):
    _data, report = scanned
    assert report.source.form == "pdf-ocr"
    assert (report.agency, report.year) == ("淮安市人民政府", 2024)
    want = truth("pub-003")
    got = to_truth(report)
    cells = [
        (path, g, w)
        for table in ("table_active", "table_requests", "table_review")
        for path, g, w in leaves(got[table], want[table], table)
    ]
    right = [path for path, g, w in cells if same_value(g, w)]
    # measured on this scan: 222 of 225 cells right (223 straight, 224 straight without the
    # speckle, 218 with twice as much at 200 dpi); what is misread is left to the audit's arithmetic and the finding
    assert len(right) >= 0.97 * len(cells), [c for c in cells if c[0] not in right]


def test_every_cell_read_from_the_scan_carries_its_confidence(scanned):
    _data, report = scanned
    numbers = [
        cell
        for row in report.requests.rows
        for cell in row.cells
        if cell.status is CellStatus.NUMBER
    ]
    assert numbers and all(0 < c.provenance.ocr_confidence <= 1 for c in numbers)
    (finding,) = [f for f in report.findings if f.code == "ocr"]
    assert "扫描件" in finding.message and "请对照原件核对" in finding.message


def test_a_scan_never_gets_the_all_clear_while_a_cell_is_unreadable(scanned):
    _data, report = scanned
    top = headline(report, audit(report))
    assert top.cells_read > 150
    if top.cells_unreadable or top.checks_failed:
        assert top.verdict in ("incomplete", "errors")


def test_ruled_rows_and_their_cells_are_found_on_a_page_image():
    page = Image.new("L", (800, 300), 255)
    draw = ImageDraw.Draw(page)
    for y in (50, 120, 190):
        draw.line((40, y, 760, y), fill=0, width=2)
    for x in (40, 400, 580, 760):
        draw.line((x, 50, x, 190), fill=0, width=2)
    bands = ocr.table_bands(np.asarray(page))
    assert [(b.top > 45, b.bottom < 195, len(b.columns)) for b in bands] == [(True, True, 4)] * 2
    box = ocr.Box(x=600, y=150, height=20, text="12", confidence=0.99, right=640)
    assert bands[1].holds(box) and bands[1].column_of(box) == 2


def test_boxes_on_one_line_form_one_line_left_to_right():
    boxes = [
        ocr.Box(300, 101, 20, "二", 0.99, 320),
        ocr.Box(100, 99, 20, "一", 0.99, 120),
        ocr.Box(100, 160, 20, "下一行", 0.99, 160),
    ]
    assert [[b.text for b in line] for line in ocr.lines(boxes)] == [["一", "二"], ["下一行"]]


def test_a_textless_pdf_with_a_giant_page_is_refused_before_rendering():
    import pypdfium2 as pdfium

    from gongkai.reports.ingest.base import MalformedDocument

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)  # 5 m square: gigabytes at the OCR resolution
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    assert ocr.needs_ocr(out.getvalue())
    with pytest.raises(MalformedDocument, match="尺寸异常"):
        ocr.read_pages(out.getvalue())


@pytest.mark.parametrize("turn", [0.0, 1.5, -2.3])
def test_a_crooked_page_is_turned_straight_before_its_rules_are_found(turn):
    source = CORPUS / "pub-003" / "source.pdf"
    if not source.is_file():
        pytest.skip(SKIP_REASON)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(scan_of(source.read_bytes(), turn=turn))
    page = np.asarray(pdf[3].render(scale=ocr.DPI / 72).to_pil().convert("L"))
    pdf.close()
    gray = ocr.despeckle(page)
    assert ocr.skew_of(gray) == pytest.approx(-turn, abs=0.15)
    # page 4 holds 21 ruled rows of table 三 (counted on the straight page)
    assert len(ocr.table_bands(ocr.deskew(gray))) == 21


def turned_scan_of(pdf_bytes: bytes, turns: dict[int, int], dpi: int = 150) -> bytes:
    """A scan whose page i is turned `turns[i]` degrees counter-clockwise (90: fed sideways,
    180: upside down), the page size following the paper."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    images = [
        page.render(scale=dpi / 72)
        .to_pil()
        .convert("L")
        .rotate(turns.get(i, 0), expand=True, fillcolor=255)
        for i, page in enumerate(pdf)
    ]
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def test_pages_scanned_sideways_or_upside_down_are_turned_before_reading():
    """Issue 10: 90°-rotated scanned pages. The tables of 淮安市 2024 (pub-003) are on its
    pages 2–5; here they are fed sideways both ways and upside down."""
    source = CORPUS / "pub-003" / "source.pdf"
    if not source.is_file():
        pytest.skip(SKIP_REASON)
    data = turned_scan_of(source.read_bytes(), {1: 90, 2: 270, 3: 180, 4: 90})
    report = parse_bytes(data, "淮安市2024年报告（扫描件，页面旋转）.pdf")
    assert report.source.form == "pdf-ocr"
    want, got = truth("pub-003"), to_truth(report)
    cells = [
        (path, g, w)
        for table in ("table_active", "table_requests", "table_review")
        for path, g, w in leaves(got[table], want[table], table)
    ]
    right = [path for path, g, w in cells if same_value(g, w)]
    assert len(right) >= 0.97 * len(cells), [c for c in cells if c[0] not in right]


def test_a_sideways_page_image_is_turned_upright():
    source = CORPUS / "pub-003" / "source.pdf"
    if not source.is_file():
        pytest.skip(SKIP_REASON)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(source.read_bytes())
    page = np.asarray(pdf[1].render(scale=150 / 72).to_pil().convert("L"))
    pdf.close()
    for quarter_turns in (1, 3):
        sideways = np.ascontiguousarray(np.rot90(page, quarter_turns))
        assert np.array_equal(ocr.upright(sideways), page)
    assert ocr.upright(page) is page
