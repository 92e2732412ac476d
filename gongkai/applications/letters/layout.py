"""The official layout both renderers share (GB/T 9704-2012 《党政机关公文格式》).

Sizes in points; Chinese type sizes: 二号 = 22 pt, 三号 = 16 pt, 四号 = 14 pt.
Font names are tried in order: the ones Chinese offices install first, then
the Noto CJK faces shipped with the server (for the PDF).
"""

from __future__ import annotations

from dataclasses import dataclass

# 5.2.1 / 5.2.2: A4, 天头 37 mm, 订口 28 mm; the 版心 is 156 × 225 mm, so the
# bottom margin is 35 mm and the right 26 mm.
PAGE_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}

TITLE_PT = 22  # 二号 (7.2.5: 标题一般用2号小标宋体字)
BODY_PT = 16  # 三号 (5.2.3: 正文一般用3号仿宋体字)
PAGE_NUMBER_PT = 14  # 四号 (7.5: 页码一般用4号半角宋体阿拉伯数字)
LEGAL_PT = 14  # the quoted provisions after the letter: 四号, to keep the letter short
LINE_PT = 28  # fixed line spacing of the body
TITLE_LINE_PT = 36
LEGAL_LINE_PT = 24
INDENT_CHARS = 2  # 首行缩进2字
# 5.2.3: 一般每行排28个字. The 156 mm 版心 holds 27.6 characters of 16 pt, so the
# characters are set 0.25 pt closer (28 × 15.75 pt = 441 pt ≤ 442.2 pt).
BODY_LETTER_SPACING_PT = -0.25
DATE_RIGHT_CHARS = 4  # 7.3.5.1: 成文日期一般右空四字
PAGE_NUMBER_SIDE_CHARS = 1  # 7.5: 单页码居右空一字，双页码居左空一字
SEAL_SPACE_LINES = 2  # room for the red seal above the 署名 (7.3.5.1)
PAGE_NUMBER_BELOW_MM = 7  # 7.5: 一字线上距版心下边缘7 mm


@dataclass(frozen=True)
class Fit:
    """The body's line and character spacing. 7.3.5.1: 当公文排版后所剩空白处不能
    容下印章或签发人签名章、成文日期时，可以采取调整行距、字距的措施解决."""

    line_pt: float = LINE_PT
    letter_spacing_pt: float = BODY_LETTER_SPACING_PT

    @property
    def seal_space_pt(self) -> float:
        return SEAL_SPACE_LINES * self.line_pt


STANDARD_FIT = Fit()

# The adjustments tried in turn when the closing block (closing line, 附件说明,
# room for the seal, 署名 and date) would otherwise leave the page the body ends
# on short: line spacing first, one point at a time, then characters set closer
# too. Nothing tighter than 24 pt lines (six-sevenths of the standard's 28 pt)
# and characters 0.75 pt closer: a letter that still does not fit keeps the
# spacing that left the least room, and the block starts the next page.
TIGHTER_FITS = (
    Fit(27),
    Fit(26),
    Fit(25),
    Fit(24),
    Fit(24, -0.75),
)

TITLE_FONTS = (
    "方正小标宋简体",
    "方正小标宋_GBK",
    "华文中宋",
    "宋体",
    "SimSun",
    "Noto Serif CJK SC",
)
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC")
HEADING_FONTS = ("黑体", "SimHei", "Noto Sans CJK SC")
PAGE_NUMBER_FONTS = ("宋体", "SimSun", "Noto Serif CJK SC")
LATIN_FONT = "Times New Roman"


def signature_indents(issuer: str, date_text: str) -> tuple[float, float]:
    """Right indents, in characters, of the 署名 and the date: the date 右空四字
    and the issuer centred over it (7.3.5.1); a long issuer pushes both left."""
    date_right = float(DATE_RIGHT_CHARS)
    issuer_right = date_right + (len(date_text) - len(issuer)) / 2
    if issuer_right < 0:  # the issuer is much longer than the date: centre the date under it
        date_right -= issuer_right
        issuer_right = 0.0
    return issuer_right, date_right


def page_number(n: int | str) -> str:
    """— 1 — (一字线 on both sides)."""
    return f"— {n} —"
