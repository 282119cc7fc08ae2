"""Server-rendered SVG charts for the dashboards: a bar chart and a line chart, each with a
<title> and <desc> for screen readers and a data table beside it as the text alternative, so
they need no script and print well."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 200
VALUE_WIDTH = 110
LINE_HEIGHT = 220
PAD = 36


@dataclass(frozen=True)
class Point:
    label: str
    value: float


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


def _ident(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "chart"


def bar_chart(chart_id: str, title: str, description: str, points: Sequence[Point],
              unit: str = "") -> Markup:
    """Horizontal bars, one per point, each labelled with its value (readable without colour)."""
    cid = _ident(chart_id)
    top = max((p.value for p in points), default=0) or 1
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(len(points), 1) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    for i, point in enumerate(points):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(point.value, 0) / top * track
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end" '
            f'class="chart-label">{escape(point.label[:32])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'class="chart-bar"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" '
            f'class="chart-value">{escape(_number(point.value))}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(chart_id: str, title: str, description: str, points: Sequence[Point],
               unit: str = "") -> Markup:
    """A line over time (labels along the bottom, first and last named), dots at each value."""
    cid = _ident(chart_id)
    top = max((p.value for p in points), default=0) or 1
    inner_w, inner_h = WIDTH - 2 * PAD, LINE_HEIGHT - 2 * PAD
    step = inner_w / max(len(points) - 1, 1)
    coords = [(PAD + i * step, PAD + inner_h - max(p.value, 0) / top * inner_h)
              for i, p in enumerate(points)]
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {LINE_HEIGHT}" width="100%" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
        f'<line x1="{PAD}" y1="{PAD + inner_h}" x2="{PAD + inner_w}" y2="{PAD + inner_h}" '
        'class="chart-axis"/>',
        f'<text x="{PAD}" y="{PAD - 10}" class="chart-value">'
        f'{escape(_number(top))}{escape(unit)}</text>',
    ]
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" class="chart-line" fill="none"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="chart-dot"/>'
                     for x, y in coords)
        first, last = points[0].label, points[-1].label
        parts.append(f'<text x="{PAD}" y="{LINE_HEIGHT - 8}" class="chart-label">'
                     f'{escape(first)}</text>')
        if len(points) > 1:
            parts.append(f'<text x="{PAD + inner_w}" y="{LINE_HEIGHT - 8}" text-anchor="end" '
                         f'class="chart-label">{escape(last)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
