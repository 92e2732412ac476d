"""Server-rendered SVG charts: no JavaScript, no CDN, readable when printed.

`bar_chart` draws grouped vertical bars (e.g. received vs concluded per month);
`hbar_chart` draws labelled horizontal bars (e.g. cases per decision type).
Both put the numbers on the bars, so the chart reads without a tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PALETTE = ("#b3121a", "#0b5cad", "#1a7f37", "#9a6700", "#6e40c9")
FONT = 'font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"'


def nice_ceiling(value: float) -> int:
    """The smallest 1/2/5 × 10^k at or above `value` (at least 1): a readable axis top."""
    if value <= 1:
        return 1
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * exp >= value:
            return int(step * exp)
    return int(10 * exp)


def _ticks(top: int) -> list[int]:
    step = max(1, top // 5) if top >= 5 else 1
    return list(range(0, top + 1, step))


def svg_bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    title: str = "",
    width: int = 560,
    height: int = 270,
) -> SafeString:
    """Grouped vertical bars: one group per category, one bar per series.
    A category label may hold a second line after "\n" (e.g. the year)."""
    left, right, top, bottom = 36, 8, 34, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _name, values in series for v in values] + [0])
    ymax = nice_ceiling(peak)
    out = [_svg_open(width, height, title)]
    for tick in _ticks(ymax):
        y = top + plot_h - plot_h * tick / ymax
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e5e9ee" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#5f6b7a">{tick}</text>'
        )
    group = plot_w / max(1, len(categories))
    bar = group * 0.72 / max(1, len(series))
    for i, cat in enumerate(categories):
        x0 = left + group * i + group * 0.14
        for j, (_name, values) in enumerate(series):
            out.append(_vbar(x0 + bar * j, bar, values[i], ymax, top, plot_h, PALETTE[j]))
        out.append(_category_label(cat, left + group * (i + 0.5), top + plot_h + 16))
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="#8c959f"/>'
    )
    out.append(_legend([name for name, _v in series], width - right, 14))
    out.append("</svg>")
    return mark_safe("".join(out))  # every text node above is escaped


def _category_label(text: str, x: float, y: int) -> str:
    first, _sep, second = text.partition("\n")
    out = (
        f'<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="11" '
        f'fill="#1f2328">{escape(first)}</text>'
    )
    if second:
        out += (
            f'<text x="{x:.1f}" y="{y + 14}" text-anchor="middle" font-size="10" '
            f'fill="#5f6b7a">{escape(second)}</text>'
        )
    return out


def _vbar(x: float, w: float, value: int, ymax: int, top: int, plot_h: int, color: str) -> str:
    h = plot_h * value / ymax
    y = top + plot_h - h
    label = (
        f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="10" '
        f'fill="#1f2328">{value}</text>'
        if value
        else ""
    )
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w - 2, 1):.1f}" height="{h:.1f}" '
        f'fill="{color}" rx="1"><title>{value}</title></rect>{label}'
    )


def _legend(names: Sequence[str], right: int, y: int) -> str:
    parts, x = [], right
    for j, name in reversed(list(enumerate(names))):
        x -= 14 * len(name) + 26
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{PALETTE[j]}"/>'
            f'<text x="{x + 16}" y="{y + 1}" font-size="12" fill="#1f2328">{escape(name)}</text>'
        )
    return "".join(parts)


def svg_hbar_chart(
    items: Sequence[tuple[str, int]],
    title: str = "",
    width: int = 560,
    label_width: int = 230,
    color: str = PALETTE[1],
) -> SafeString:
    """One labelled horizontal bar per item, the count printed after the bar."""
    row, top = 26, 8
    height = top * 2 + row * max(1, len(items))
    plot_w = width - label_width - 56
    vmax = max([v for _label, v in items] + [1])
    out = [_svg_open(width, height, title)]
    fits = (label_width - 12) // 12  # CJK glyphs at 12px are about 12px wide
    for i, (label, value) in enumerate(items):
        y = top + row * i
        w = plot_w * value / vmax
        shown = label if len(label) <= fits else label[: fits - 1] + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="12" '
            f'fill="#1f2328"><title>{escape(label)}</title>{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{max(w, 1):.1f}" height="16" '
            f'fill="{color}" rx="2"><title>{escape(label)}：{value}</title></rect>'
            f'<text x="{label_width + w + 6:.1f}" y="{y + 17}" font-size="12" '
            f'fill="#1f2328">{value}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # every text node above is escaped


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>"
    )


@register.simple_tag
def bar_chart(data: dict, title: str = "") -> SafeString:
    """{% bar_chart data "标题" %} with data = {"categories": [...], "series": [(name, values)]}."""
    return svg_bar_chart(data["categories"], data["series"], title)


@register.simple_tag
def hbar_chart(items: Sequence[tuple[str, int]], title: str = "") -> SafeString:
    return svg_hbar_chart(items, title)
