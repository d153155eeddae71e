"""A small inline SVG of verdict counts per run, drawn without any chart library."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from briefcheck.models import Verdict
from briefcheck.report.model import HistoryPoint

# Stack order bottom-up and colours shared with report.css, so the chart reads like the text.
STACK = (
    ("verified", "#3f8f5a"),
    ("related", "#4a78b0"),
    ("unchecked", "#9a9a9a"),
    ("not_found", "#d08a1e"),
    ("mismatch", "#c2413b"),
)
_BAR, _GAP, _HEIGHT, _LEFT, _BOTTOM = 26, 14, 120, 34, 22


def _count(point: HistoryPoint, verdict: str) -> int:
    return point.summary.get(Verdict(verdict), 0)


def history_svg(points: Sequence[HistoryPoint]) -> str:
    """Stacked bars of verdict counts, one per run, oldest left; empty history draws a note."""
    if not points:
        return "<p>No runs yet.</p>"
    totals = [sum(_count(p, v) for v, _ in STACK) for p in points]
    top = max(max(totals), 1)
    width = _LEFT + len(points) * (_BAR + _GAP) + _GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}"'
        f' height="{_HEIGHT + _BOTTOM}" viewBox="0 0 {width} {_HEIGHT + _BOTTOM}">',
        "<title>Verdict counts per run</title>",
        f'<text x="{_LEFT - 4}" y="10" text-anchor="end" font-size="10">{top}</text>',
        f'<text x="{_LEFT - 4}" y="{_HEIGHT}" text-anchor="end" font-size="10">0</text>',
        f'<line x1="{_LEFT}" y1="{_HEIGHT}" x2="{width}" y2="{_HEIGHT}" stroke="#888"/>',
    ]
    for i, point in enumerate(points):
        x = _LEFT + _GAP + i * (_BAR + _GAP)
        y = float(_HEIGHT)
        counts = ", ".join(f"{_count(point, v)} {v}" for v, _ in STACK)
        label = f"{point.run} ({point.started}): {counts}"
        parts.append(f'<g class="run"><title>{escape(label)}</title>')
        for verdict, colour in STACK:
            h = _count(point, verdict) / top * (_HEIGHT - 12)
            if h > 0:
                y -= h
                parts.append(
                    f'<rect class="bar-{verdict}" x="{x}" y="{y:.1f}" width="{_BAR}"'
                    f' height="{h:.1f}" fill="{colour}"/>'
                )
        day = str(point.started or "")[5:10]
        parts.append(
            f'<text x="{x + _BAR / 2}" y="{_HEIGHT + 14}" text-anchor="middle"'
            f' font-size="9">{escape(day)}</text></g>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<span class="legend"><i style="background:{c}"></i>{escape(v.replace("_", " "))}</span>'
        for v, c in reversed(STACK)
    )
    return "".join(parts) + f'<p class="legend-row">{legend}</p>'
