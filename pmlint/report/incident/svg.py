"""Small inline SVG charts: stacked columns, stacked horizontal bars, lines on a log scale.

Hand-written rather than a charting library, for a report that must open from disk with no
network and no script: the four charts of a report over 166 documents come to about 20 KB
of SVG and take a few milliseconds to draw, where inlining a JavaScript charting library
adds 200 KB (Chart.js 4, minified) to every report and draws nothing until the script has
run, and matplotlib would add tens of megabytes of dependencies and half a second of
import to make the same bars. Every chart is an `<svg role="img">` with a `<title>` and a
`<desc>`; the report puts a data table next to each one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = ["#b2182b", "#ef8a62", "#fddbc7", "#67a9cf", "#2166ac", "#5e3c99", "#999999"]
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _open(width: int, height: int, ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" id="{ident}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _x_label(x: float, y: float, label: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y}" text-anchor="end" '
        f'transform="rotate(-45 {x:.1f} {y})" {FONT}>{escape(label)}</text>'
    )


def _nice_max(value: float) -> float:
    """The top of a count axis: a multiple of 4 steps of 1, 2 or 5 × 10ⁿ, at least 4."""
    step = 1.0
    while value > 4 * step:
        for factor in (2, 2.5, 2):
            step *= factor
            if value <= 4 * step:
                break
    return 4 * step


def _legend(names: Sequence[str], colors: Sequence[str], x: int, y: int) -> list[str]:
    out = []
    for i, (name, color) in enumerate(zip(names, colors, strict=True)):
        left = x + i * 110
        out.append(
            f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="{color}" />'
            f'<text x="{left + 14}" y="{y}" {FONT}>{escape(name)}</text>'
        )
    return out


def stacked_columns(
    ident: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    width: int = 900,
    height: int = 300,
) -> str:
    """Vertical stacked columns: one per label, one stacked part per series."""
    left, right, top, bottom = 40, 10, 30, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s[2][i] for s in series) for i in range(len(labels))]
    top_value = _nice_max(max(totals, default=0))
    out = _open(width, height, ident, title, desc)
    out += _y_axis(left, top, plot_w, plot_h, top_value, lambda v: f"{v:g}")
    slot = plot_w / max(len(labels), 1)
    bar = max(min(slot * 0.8, 40), 1)
    every = max(1, math.ceil(len(labels) / 24))  # at most ~24 axis labels
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar) / 2
        y = float(top + plot_h)
        for name, color, values in series:
            value = values[i]
            if not value:
                continue
            h = plot_h * value / top_value
            y -= h
            out.append(
                f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{color}"><title>{escape(label)}: {value} {escape(name)}</title></rect>'
            )
        if i % every == 0:
            cx = left + i * slot + slot / 2
            out.append(_x_label(cx, top + plot_h + 14, label))
    out += _legend([s[0] for s in series], [s[1] for s in series], left, 14)
    out.append("</svg>")
    return "".join(out)


def _y_axis(
    left: int, top: int, plot_w: int, plot_h: int, top_value: float, fmt: object
) -> list[str]:
    out = []
    for k in range(5):
        value = top_value * k / 4
        y = top + plot_h - plot_h * k / 4
        label = fmt(value) if callable(fmt) else str(value)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd" />'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{label}</text>'
        )
    return out


def stacked_bars(
    ident: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    width: int = 900,
    label_width: int = 220,
) -> str:
    """Horizontal stacked bars, one row per label, the total written after each bar."""
    row_h, top = 22, 30
    height = top + row_h * max(len(labels), 1) + 10
    plot_w = width - label_width - 60
    top_value = max((sum(s[2][i] for s in series) for i in range(len(labels))), default=0) or 1
    out = _open(width, height, ident, title, desc)
    for i, label in enumerate(labels):
        y = top + i * row_h
        out.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" {FONT}>'
            f"{escape(label[:40])}</text>"
        )
        x = float(label_width)
        total = 0
        for name, color, values in series:
            value = values[i]
            total += value
            if not value:
                continue
            w = plot_w * value / top_value
            out.append(
                f'<rect class="mark" x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="16" '
                f'fill="{color}"><title>{escape(label)}: {value} {escape(name)}</title></rect>'
            )
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 15}" {FONT}>{total}</text>')
    if len(series) > 1:
        out += _legend([s[0] for s in series], [s[1] for s in series], label_width, 14)
    out.append("</svg>")
    return "".join(out)


def log_lines(
    ident: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    width: int = 900,
    height: int = 300,
) -> str:
    """Lines (with a dot per value) on a logarithmic scale of minutes; gaps where None."""
    left, right, top, bottom = 60, 10, 30, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s[2] if v is not None and v > 0]
    low = 1.0
    high = max(values, default=60.0)
    steps = (1, 10, 60, 360, 1440, 10080, 43200)  # 1 min, 10 min, 1 h, 6 h, 1 d, 7 d, 30 d
    ticks = [t for t in steps if t < high] + [next((t for t in steps if t >= high), steps[-1])]
    high = max(ticks[-1], 60)
    span = math.log10(high) - math.log10(low) or 1
    out = _open(width, height, ident, title, desc)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * (math.log10(max(value, low)) - math.log10(low)) / span

    for tick in ticks:
        y = y_of(tick)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd" />'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>'
            f"{duration_text(tick)}</text>"
        )
    slot = plot_w / max(len(labels), 1)
    every = max(1, math.ceil(len(labels) / 24))
    for i, label in enumerate(labels):
        if i % every == 0:
            cx = left + i * slot + slot / 2
            out.append(_x_label(cx, top + plot_h + 14, label))
    for name, color, points in series:
        path: list[str] = []
        for i, value in enumerate(points):
            if value is None or value <= 0:
                if value is None:
                    path.append("")  # a gap
                continue
            cx, cy = left + i * slot + slot / 2, y_of(value)
            path.append(f"{cx:.1f},{cy:.1f}")
            out.append(
                f'<circle class="mark" cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{color}">'
                f"<title>{escape(labels[i])}: {escape(name)} {duration_text(value)}</title>"
                "</circle>"
            )
        for run in " ".join(path).split("  "):
            if run.strip().count(",") > 1:
                out.append(
                    f'<polyline points="{run.strip()}" fill="none" stroke="{color}" '
                    f'stroke-width="1.5" />'
                )
    out += _legend([s[0] for s in series], [s[1] for s in series], left, 14)
    out.append("</svg>")
    return "".join(out)


def duration_text(minutes: float | None) -> str:
    """47 min, 2 h 05 min, 3 d 4 h; an en dash when unknown."""
    if minutes is None:
        return "–"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    if whole < 24 * 60:
        hours, rest = divmod(whole, 60)
        return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
    days, rest = divmod(whole, 24 * 60)
    hours = rest // 60
    return f"{days} d {hours} h" if hours else f"{days} d"


def color_for(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def attr(text: str) -> str:
    """Text made safe for an attribute value."""
    return _attr(text)
