"""Server-rendered SVG charts for the dashboards: a bar chart and a line chart, each with a
<title> and <desc> for screen readers and a data table beside it as the text alternative, so
they need no script and print well."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

LABEL_CHARS = 30  # longer labels are shortened on the chart; <title> and the table hold them whole
ROW = 46  # a bar's label line and the bar under it, in CSS pixels
BAR = 16
TRACK = 70  # the longest bar's share of the width (%), leaving room for its value
LINE_HEIGHT = 220
PAD = 36
LEFT, SPAN = 4.0, 92.0  # the line chart's plot area across the width (%)


@dataclass(frozen=True)
class Point:
    label: str
    value: float


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


def _ident(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "chart"


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _open(cid: str, title: str, description: str, height: int) -> list[str]:
    """The chart's frame. Laid out in percentages of its width and in CSS pixels down, with no
    viewBox scaling: on a phone its text stays the size the stylesheet gives it (13 px), and the
    bars and the line stretch or shrink to the width."""
    return [
        f'<svg class="chart" role="img" width="100%" height="{height}" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    chart_id: str, title: str, description: str, points: Sequence[Point], unit: str = ""
) -> Markup:
    """Horizontal bars, one per point: the label on its own line (shortened if long, whole in
    its <title>), the bar under it and its value after it (readable without colour)."""
    cid = _ident(chart_id)
    top = max((p.value for p in points), default=0) or 1
    parts = _open(cid, title, description, max(len(points), 1) * ROW + 4)
    for i, point in enumerate(points):
        y = i * ROW
        share = max(point.value, 0) / top * TRACK
        value = f"{_number(point.value)}{unit}"
        parts.append(
            f"<g><title>{escape(point.label)}: {escape(value)}</title>"
            f'<text x="0" y="{y + 15}" class="chart-label">{escape(_short(point.label))}</text>'
            f'<rect x="0" y="{y + 21}" width="{share:.2f}%" height="{BAR}" class="chart-bar"/>'
            f'<text x="{share:.2f}%" dx="6" y="{y + 34}" class="chart-value">'
            f"{escape(value)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    chart_id: str, title: str, description: str, points: Sequence[Point], unit: str = ""
) -> Markup:
    """A line over time (labels along the bottom, first and last named), dots at each value.
    The line is drawn in a stretched inner frame with a stroke that does not stretch; the dots
    and text sit in the outer one, so they keep their shape and size."""
    cid = _ident(chart_id)
    top = max((p.value for p in points), default=0) or 1
    inner_h = LINE_HEIGHT - 2 * PAD
    step = SPAN / max(len(points) - 1, 1)
    xs = [LEFT + i * step for i in range(len(points))]
    ys = [PAD + inner_h - max(p.value, 0) / top * inner_h for p in points]
    parts = _open(cid, title, description, LINE_HEIGHT)
    parts += [
        f'<line x1="{LEFT}%" y1="{PAD + inner_h}" x2="{LEFT + SPAN}%" y2="{PAD + inner_h}" '
        'class="chart-axis"/>',
        f'<text x="{LEFT}%" y="{PAD - 12}" class="chart-value">'
        f"{escape(_number(top))}{escape(unit)}</text>",
    ]
    if points:
        path = " ".join(
            f"{(x - LEFT) / SPAN * 1000:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True)
        )
        parts.append(
            f'<svg x="{LEFT}%" y="0" width="{SPAN}%" height="{LINE_HEIGHT}" '
            f'viewBox="0 0 1000 {LINE_HEIGHT}" preserveAspectRatio="none" overflow="visible">'
            f'<polyline points="{path}" class="chart-line" fill="none" '
            'vector-effect="non-scaling-stroke"/></svg>'
        )
        parts.extend(
            f'<circle cx="{x:.2f}%" cy="{y:.1f}" r="3.5" class="chart-dot">'
            f"<title>{escape(p.label)}: {escape(_number(p.value))}{escape(unit)}</title></circle>"
            for x, y, p in zip(xs, ys, points, strict=True)
        )
        first, last = points[0].label, points[-1].label
        parts.append(
            f'<text x="{LEFT}%" y="{LINE_HEIGHT - 8}" class="chart-label">'
            f"{escape(_short(first, 16))}</text>"
        )
        if len(points) > 1:
            parts.append(
                f'<text x="{LEFT + SPAN}%" y="{LINE_HEIGHT - 8}" text-anchor="end" '
                f'class="chart-label">{escape(_short(last, 16))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
