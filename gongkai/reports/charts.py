"""Small server-rendered SVG charts (no JavaScript, no CDN).

A missing value (blank, "/", unreadable) is drawn as a gap with a mark, never as a zero bar:
the charts keep the distinction the whole ingest keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f5fa8", "#d9822b", "#3a9a5b", "#b23a48", "#7a5ea8", "#4a8fa3", "#8a8a2a", "#a35a86"]
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass
class Series:
    name: str
    values: list[float | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    return float(((int(value) // magnitude) + 1) * magnitude)


def _svg(width: int, height: int, body: list[str], title: str) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="chart">'
    )
    return mark_safe(
        "".join([head, f"<title>{escape(title)}</title>", *body, "</svg>"])
    )  # every text is escaped


def _gap(x: float, y: float, w: float) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y - 14:.1f}" width="{w:.1f}" height="14" fill="none" stroke="#999" stroke-dasharray="3 2"/>'
        f'<text x="{x + w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" {FONT} fill="#777">—</text>'
    )


def bar_chart(labels: list[str], values: list[float | None], title: str) -> SafeString:
    """Vertical bars, one per label; None is a dashed gap labelled '—'."""
    width, height, left, bottom = max(480, 90 * len(labels) + 120), 320, 56, 120
    top = _nice_max(max((v for v in values if v is not None), default=0))
    slot = (width - left - 70) / max(len(labels), 1)  # room on the right for slanted labels
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#333"/>'
    ]
    body.append(f'<text x="{left - 6}" y="24" text-anchor="end" {FONT}>{top:,.0f}</text>')
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * slot + slot * 0.15
        w = slot * 0.7
        base = height - bottom
        if value is None:
            body.append(_gap(x, base, w))
        else:
            h = (height - bottom - 20) * value / top
            body.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{PALETTE[0]}"/>'
            )
            body.append(
                f'<text x="{x + w / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" {FONT}>{value:,.0f}</text>'
            )
        body.append(
            f'<text transform="translate({x + w / 2 - 4:.1f},{base + 12}) rotate(35)" {FONT}>{escape(label[:16])}</text>'
        )
    return _svg(width, height, body, title)


def line_chart(x_labels: list[str], series: list[Series], title: str) -> SafeString:
    """One line per series over the x labels (years); gaps where a value is missing."""
    legend, left, bottom, height = 200, 56, 40, 280
    width = max(600, 120 * len(x_labels) + left + legend)
    plot_right = width - legend - 30
    top = _nice_max(max((v for s in series for v in s.values if v is not None), default=0))
    step = (plot_right - left) / max(len(x_labels) - 1, 1)
    base = height - bottom
    body = [f'<line x1="{left}" y1="{base}" x2="{plot_right}" y2="{base}" stroke="#333"/>']
    body.append(f'<text x="{left - 6}" y="24" text-anchor="end" {FONT}>{top:,.0f}</text>')
    for i, label in enumerate(x_labels):
        x = left + i * step
        body.append(
            f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle" {FONT}>{escape(label)}</text>'
        )
    for k, s in enumerate(series):
        color = PALETTE[k % len(PALETTE)]
        points = [
            (left + i * step, base - (base - 20) * v / top)
            for i, v in enumerate(s.values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>'
            )
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"/>' for x, y in points]
        body.append(
            f'<text x="{width - legend}" y="{24 + 18 * k}" fill="{color}" {FONT}>■ {escape(s.name[:15])}</text>'
        )
    return _svg(width, height, body, title)


def stacked_bars(labels: list[str], parts: list[Series], title: str) -> SafeString:
    """Horizontal 100% bars: the composition of each label's total; unknown parts hatched."""
    width, row, left = 640, 24, 170
    height = 40 + row * len(labels) + 20 * ((len(parts) + 3) // 4)
    body = []
    for i, label in enumerate(labels):
        y = 10 + i * row
        values = [p.values[i] for p in parts]
        known = sum(v for v in values if v is not None)
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" {FONT}>{escape(label[:22])}</text>'
        )
        if None in values or known == 0:
            body.append(_gap(left, y + 18, width - left - 10))
            if known == 0:
                continue
        x = float(left)
        for k, v in enumerate(values):
            w = (width - left - 10) * (v or 0) / known
            if w > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(parts[k].name)} {v:,.0f}</title></rect>'
                )
            x += w
    legend_y = 24 + row * len(labels)
    for k, p in enumerate(parts):
        x, y = 10 + (k % 4) * 155, legend_y + 20 * (k // 4)
        body.append(
            f'<text x="{x}" y="{y}" fill="{PALETTE[k % len(PALETTE)]}" {FONT}>■ {escape(p.name)}</text>'
        )
    return _svg(width, height, body, title)
