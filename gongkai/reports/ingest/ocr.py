"""Scanned PDFs read by OCR: page images → text boxes → the same blocks as any other form.

Many agencies publish their report as a scan with the seal. Such a PDF has no text layer,
so each page is rendered (pypdfium2, which pdfplumber already brings) and read by RapidOCR
(`rapidocr-onnxruntime`: PP-OCRv4 detection and recognition models inside the wheel, nothing
downloaded at run time, CPU only, a few seconds per A4 page at 200 dpi). The boxes are grouped
into lines by their vertical centres; a line of several boxes is a table row whose boxes are
its cells, so table rows reach the interpreter as rows, just like a ruled PDF table.

Every value read this way carries the recogniser's confidence in its provenance
(`Provenance.ocr_confidence`), and the report gets a finding that says how many cells were
read by OCR and how many of them fell below `REVIEW_BELOW`: the audit's arithmetic then
checks them like any other cell. Uploads are read by a background job, so the seconds per
page never block a request.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import AnnualReport, Cell, CellStatus, Finding, Severity

from .base import MalformedDocument
from .blocks import Block, Document

DPI = 200  # enough for 10.5 pt table digits; higher costs time and reads no more
# A page whose text layer holds fewer characters than this is taken for an image.
TEXT_LAYER_MIN_CHARS = 20
# Cells read below this confidence are named in the finding, to be checked against the scan.
REVIEW_BELOW = 0.9
INK = 160  # a grey level darker than this is ink
SPECK_AREA = 12  # px at DPI: scanner dust, not print (a 10.5-pt full stop covers ~40)
MAX_OCR_PAGES = 30  # an annual report is 5–15 pages; a longer scan is refused, not read for minutes


@dataclass(frozen=True)
class Box:
    x: float  # left edge
    y: float  # vertical centre
    height: float
    text: str
    confidence: float
    right: float = 0.0

    @property
    def centre_x(self) -> float:
        return (self.x + self.right) / 2


@dataclass(frozen=True)
class Band:
    """One row of a ruled table on the page image: between two horizontal rules, cut into
    cells by the vertical rules that cross it from top to bottom."""

    top: int
    bottom: int
    columns: tuple[int, ...]  # x of each vertical rule, left to right

    def holds(self, box: Box) -> bool:
        return (
            self.top <= box.y < self.bottom and self.columns[0] <= box.centre_x < self.columns[-1]
        )

    def column_of(self, box: Box) -> int:
        return next(i for i in range(len(self.columns) - 1) if box.centre_x < self.columns[i + 1])


@dataclass
class Page:
    boxes: list[Box]
    bands: list[Band]


_scan_hook: Callable[[int], None] | None = None
# A page larger than twice A3 (in points) is no report page; rendering it could take gigabytes.
MAX_PAGE_AREA = 2 * 842 * 1191


def set_scan_hook(hook: Callable[[int], None] | None) -> None:
    """Called with the page count before a scan is read: the guarded child (guard.py) widens
    its memory bound and tells its parent how long the reading may take."""
    global _scan_hook
    _scan_hook = hook


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def needs_ocr(data: bytes) -> bool:
    """True for a PDF whose pages carry (almost) no text: a scan."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    try:
        pages = len(pdf)
        chars = sum(len(pdf[i].get_textpage().get_text_range().strip()) for i in range(pages))
    finally:
        pdf.close()
    return pages > 0 and chars < TEXT_LAYER_MIN_CHARS * pages


def read_pages(data: bytes, progress: Callable[[int, int], None] | None = None) -> list[Page]:
    """The text boxes and the ruled table rows of every page."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        total = len(pdf)
        if total > MAX_OCR_PAGES:
            raise MalformedDocument(
                _("扫描件页数过多（超过 %(n)s 页），不像年度报告。") % {"n": MAX_OCR_PAGES}
            )
        for i in range(total):
            width, height = pdf[i].get_size()
            if width * height > MAX_PAGE_AREA:
                raise MalformedDocument(_("扫描件第 %(n)s 页尺寸异常，无法识别。") % {"n": i + 1})
        if _scan_hook is not None:
            _scan_hook(total)
        pages = []
        for i in range(total):
            page = np.asarray(pdf[i].render(scale=DPI / 72).to_pil().convert("L"))
            clean = despeckle(page)
            inked = bool((clean < INK).any())  # a blank page needs no recogniser
            gray = deskew(upright(clean)) if inked else clean
            boxes = _read(gray) if inked else []
            if boxes and _reads_poorly(boxes):  # fed upside down? read it the other way up
                turned = np.ascontiguousarray(np.rot90(gray, 2))
                turned_boxes = _read(turned)
                if _legible(turned_boxes) > _legible(boxes):
                    gray, boxes = turned, turned_boxes
            image = np.stack([gray] * 3, axis=-1)
            bands = table_bands(gray)
            pages.append(Page(boxes + _missed_cells(image, gray, bands, boxes), bands))
            if progress:
                progress(i + 1, total)
    finally:
        pdf.close()
    return pages


def _read(gray: Any) -> list[Box]:
    import numpy as np

    # Without the line-direction classifier: a printed report has no line turned on its own,
    # and without it an upside-down page reads poorly instead of as lines in reverse order.
    result, _elapse = _engine()(np.stack([gray] * 3, axis=-1), use_cls=False)
    return [_box(points, text, score) for points, text, score in result or []]


# Pages are scanned sideways (a landscape table, a page fed the wrong way) or upside down.
# Upright printed text reads at a mean confidence of 0.98–1.0; the same page upside down at
# 0.55–0.86 (measured on the corpus scans): below this, the page is tried the other way up.
UPRIGHT_MEAN_CONFIDENCE = 0.93
LEGIBLE = 0.9  # a box read at least this sure counts towards a way up's legibility


def _reads_poorly(boxes: list[Box]) -> bool:
    return statistics.fmean(b.confidence for b in boxes) < UPRIGHT_MEAN_CONFIDENCE


def _legible(boxes: list[Box]) -> int:
    """Characters read with confidence: the way up that reads more of them is the right one."""
    return sum(len(b.text) for b in boxes if b.confidence >= LEGIBLE)


def upright(gray: Any) -> Any:
    """The page turned a quarter or three quarters when it was scanned sideways.

    Sideways: the text detector (alone, on a half-size image: a fraction of a full read) finds
    more lines at least twice as tall as wide than twice as wide as tall. Which way: the middle third of the page is read both ways
    without the line-direction classifier, and the way that reads more characters with
    confidence wins (upside-down Chinese reads as few, unsure characters). A page upright or
    upside down is left to `read_pages`, which turns it when the full read is poor."""
    import numpy as np

    result, _elapse = _engine()(
        np.stack([gray[::2, ::2]] * 3, axis=-1), use_det=True, use_cls=False, use_rec=False
    )
    spans = [
        (max(p[0] for p in q) - min(p[0] for p in q), max(p[1] for p in q) - min(p[1] for p in q))
        for q in result or []
    ]
    # Only clearly drawn-out boxes vote: a table cell's lone digit is taller than wide anyway.
    if sum(1 for w, h in spans if h >= 2 * w) <= sum(1 for w, h in spans if w >= 2 * h):
        return gray

    def middle_read(turned: Any) -> int:
        third = turned.shape[0] // 3
        strip = np.ascontiguousarray(turned[third : 2 * third : 2, ::2])  # half size will do
        found, _elapse = _engine()(np.stack([strip] * 3, axis=-1), use_cls=False)
        return _legible([_box(points, text, score) for points, text, score in found or []])

    left, right = np.rot90(gray, 1), np.rot90(gray, 3)  # counter-clockwise, clockwise
    return np.ascontiguousarray(left if middle_read(left) >= middle_read(right) else right)


def _box(points: list[list[float]], text: str, score: float) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), sum(ys) / 4, max(ys) - min(ys), text, float(score), max(xs))


def despeckle(gray: Any) -> Any:
    """The page without a scanner's dust: specks of ink smaller than `SPECK_AREA` pixels
    standing alone are whitened (a full stop at 10.5 pt is several times larger), and
    pinholes inside strokes are closed."""
    import cv2
    import numpy as np

    ink = (gray < INK).astype(np.uint8)
    _count, labels, stats, _centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < SPECK_AREA)
    small = small[small > 0]  # label 0 is the paper
    clean = gray.copy()
    clean[np.isin(labels, small)] = 255
    return cv2.morphologyEx(clean, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


MAX_SKEW = 5.0  # degrees a page may be fed crooked into the scanner
SKEW_STEP = 0.1


def skew_of(gray: Any) -> float:
    """The angle (degrees) that straightens the page: the one at which the rows of ink, summed
    across the page, stand out most sharply from the white between them (projection profile
    on a quarter-size image; text lines and table rules both vote)."""
    import cv2
    import numpy as np

    small = cv2.resize(255 - gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    height, width = small.shape
    centre = (width / 2, height / 2)
    best, sharpest = 0.0, -1.0
    for angle in np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP):
        turned = cv2.warpAffine(small, cv2.getRotationMatrix2D(centre, angle, 1.0), (width, height))
        sharpness = float(np.diff(turned.sum(axis=1, dtype=np.float64)).var())
        if sharpness > sharpest:
            best, sharpest = float(angle), sharpness
    return round(best, 2)


def deskew(gray: Any) -> Any:
    """The page turned straight (white fills the corners); unchanged when already straight."""
    import cv2

    angle = skew_of(gray)
    if abs(angle) < SKEW_STEP / 2:
        return gray
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def table_bands(gray: Any) -> list[Band]:
    """The rows of the ruled tables on a page image: horizontal rules found by a morphological
    opening with a long flat kernel; between two rules, the vertical rules that run the whole
    height of the row (a character's stroke never does)."""
    import cv2
    import numpy as np

    ink = (gray < INK).astype(np.uint8) * 255
    height, width = ink.shape
    flat = cv2.getStructuringElement(cv2.MORPH_RECT, (max(width // 10, 1), 1))
    tall = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(height // 80, 1)))
    # A scan's speckle punches holes in a thin rule: close them before looking for long runs.
    bridge_h = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 1))
    )
    bridge_v = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 7))
    )
    horizontal = cv2.morphologyEx(bridge_h, cv2.MORPH_OPEN, flat).any(axis=1)
    vertical = cv2.morphologyEx(bridge_v, cv2.MORPH_OPEN, tall) > 0
    rules = _runs(np.flatnonzero(horizontal))
    bands = []
    for (_a, top), (bottom, _b) in itertools.pairwise(rules):
        if bottom - top < 8:
            continue
        cover = vertical[top + 1 : bottom].mean(axis=0)
        columns = [(x0 + x1) // 2 for x0, x1 in _runs(np.flatnonzero(cover >= 0.9))]
        if len(columns) >= 3:
            bands.append(Band(top, bottom, tuple(columns)))
    return bands


# What a lone printed 0 comes back as: a full stop, a letter O or D, a circle.
_LOOKS_LIKE_ZERO = frozenset("。oODQ〇○◯")
# Dust beside a number read as a dot; a 1 read as a capital I, a small L or a bar.
_DUST = ".。·,，:：;'`°"
_ONES = str.maketrans("Il|", "111")


def _cell_text(boxes: list[Box]) -> str:
    """A ruled cell's text, top to bottom, as a table cell can hold it: a lone glyph that can
    only be a 0 is read as 0, a 1 printed as I or l as 1, dust dotted before or after a whole
    number dropped. (The low confidence of such a reading still puts it on the list to check.)"""
    text = "".join(b.text for b in sorted(boxes, key=lambda b: (b.y, b.x))).strip()
    if text in _LOOKS_LIKE_ZERO:
        return "0"
    bare = text.strip(_DUST)
    if bare.translate(_ONES).isdigit():
        return bare.translate(_ONES)
    return text


def _missed_cells(image: Any, gray: Any, bands: list[Band], boxes: list[Box]) -> list[Box]:
    """A lone small digit ("0") in a wide cell often escapes text detection: the ink of every
    ruled cell without a box is cropped tightly, given a white margin, and recognised alone
    (the recogniser reads a glyph it sees at full height, not a dot in a wide strip)."""
    import numpy as np

    found: list[Box] = []
    for band in bands:
        taken = {band.column_of(b) for b in boxes if band.holds(b)}
        for i, (left, right) in enumerate(zip(band.columns, band.columns[1:], strict=False)):
            top, bottom, x0, x1 = band.top + 4, band.bottom - 3, left + 4, right - 3
            if i in taken or bottom - top < 8 or x1 - x0 < 8:
                continue
            ys, xs = np.nonzero(gray[top:bottom, x0:x1] < INK)
            if len(ys) < 12:
                continue
            glyph = image[
                top + max(ys.min() - 6, 0) : top + ys.max() + 7,
                x0 + max(xs.min() - 6, 0) : x0 + xs.max() + 7,
            ]
            padded = np.pad(glyph, ((8, 8), (8, 8), (0, 0)), constant_values=255)
            result, _elapse = _engine()(padded, use_det=False, use_cls=False)
            text, score = (result or [["", 0.0]])[0][:2]
            if text.strip():
                found.append(Box(x0, (top + bottom) / 2, bottom - top, text.strip(), score, x1))
    return found


def _runs(positions: Any) -> list[tuple[int, int]]:
    """Consecutive integers merged into (first, last) runs: a rule 3 px thick is one rule."""
    runs: list[tuple[int, int]] = []
    for p in positions.tolist():
        if runs and p - runs[-1][1] <= 2:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs


def lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into lines: a box joins the line whose centre is within half a text
    height of its own; each line reads left to right."""
    if not boxes:
        return []
    half = statistics.median(b.height for b in boxes) / 2
    grouped: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.y):
        line = grouped[-1] if grouped else None
        if line is not None and box.y - statistics.fmean(b.y for b in line) <= half:
            line.append(box)
        else:
            grouped.append([box])
    return [sorted(line, key=lambda b: b.x) for line in grouped]


_LINE = re.compile(r"第 \d+ 页（扫描件识别）第 \d+ 行")


def locator(page: int, line: int) -> str:
    return f"第 {page} 页（扫描件识别）第 {line} 行"


def ocr_document(pages: list[Page], as_rows: bool = True) -> tuple[Document, dict[str, float]]:
    """The pages as blocks, and the confidence of every locator a cell can carry.

    `as_rows`: a ruled table row becomes a row block, one cell per ruled cell (the boxes in
    it joined top to bottom, empty where nothing was printed); outside the tables, a line of
    several boxes becomes a row of one cell per box. Otherwise every line is a paragraph of
    its boxes joined by spaces, as a PDF's text layer reads."""
    blocks: list[Block] = []
    confidence: dict[str, float] = {}
    for p_index, page in enumerate(pages, start=1):
        bands = page.bands if as_rows else []
        items: list[tuple[float, list[str], list[float | None]]] = []
        loose = [b for b in page.boxes if not any(band.holds(b) for band in bands)]
        for band in bands:
            cells: list[list[Box]] = [[] for _ in band.columns[1:]]
            for box in page.boxes:
                if band.holds(box):
                    cells[band.column_of(box)].append(box)
            if any(cells):
                texts = [_cell_text(c) for c in cells]
                scores = [min((b.confidence for b in c), default=None) for c in cells]
                items.append((band.top, texts, scores))
        for line in lines(loose):
            if as_rows and len(line) > 1:
                items.append((line[0].y, [b.text for b in line], [b.confidence for b in line]))
            else:
                items.append(
                    (line[0].y, [" ".join(b.text for b in line)], [min(b.confidence for b in line)])
                )
        items.sort(key=lambda item: item[0])
        for l_index, (_y, texts, scores) in enumerate(items, start=1):
            where = locator(p_index, l_index)
            known = [s for s in scores if s is not None]
            confidence[where] = min(known, default=1.0)
            if len(texts) > 1:
                blocks.append(Block("row", texts, where))
                confidence.update(
                    (f"{where} 第 {i} 格", s)
                    for i, s in enumerate(scores, start=1)
                    if s is not None
                )
            else:
                blocks.append(Block("para", texts, where))
    return Document(blocks, "pdf-ocr"), confidence


def mark_read_by_ocr(report: AnnualReport, confidence: dict[str, float]) -> None:
    """Stamp every cell read from the scan with its confidence; say so in one finding."""
    low: list[str] = []
    count = 0

    def stamp(cell: Cell) -> Cell:
        nonlocal count
        where = cell.provenance.locator if cell.provenance else ""
        line = _LINE.match(where)
        score = confidence.get(where, confidence.get(line.group(0)) if line else None)
        if score is None or cell.status is CellStatus.UNREADABLE:
            return cell
        count += 1
        if score < REVIEW_BELOW:
            low.append(f"{where}（{cell.display()}，{score:.2f}）")
        return cell.read_by_ocr(score)

    report.map_cells(stamp)
    message = _(
        "本文件是扫描件，表格数值由文字识别（OCR）读取：%(n)s 个单元格，"
        "其中 %(low)s 个识别置信度低于 %(bar).2f，请对照原件核对。"
    ) % {"n": count, "low": len(low), "bar": REVIEW_BELOW}
    if low:
        message += " " + "；".join(low[:20])
    report.findings.insert(0, Finding("ocr", message, Severity.WARNING))
