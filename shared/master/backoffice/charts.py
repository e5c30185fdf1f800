"""Simple bar charts as inline SVG, drawn on the server (no script, no library).

Colours come from the stylesheet (classes s0, s1 ...), so the charts follow the page's theme.
Each chart carries a <title> and a <desc> for screen readers; the table beside it has the data.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from .html import Markup, esc

_ids = itertools.count(1)
WIDTH = 600


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scale_max(values: Sequence[float]) -> float:
    top = max([v for v in values if v is not None] + [0])
    if top <= 0:
        return 1.0
    for power in range(-1, 9):
        for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            candidate = step * 10 ** power
            if candidate >= top:
                return float(candidate)
    return float(top)


def _legend(series: Sequence[str], y: float) -> str:
    out, x = [], 170.0
    for i, name in enumerate(series):
        out.append(f'<rect class="s{i}" x="{x:.0f}" y="{y - 10:.0f}" width="12" height="12"/>'
                   f'<text x="{x + 18:.0f}" y="{y:.0f}" class="legend">{esc(name)}</text>')
        x += 30 + 7.5 * len(name)
    return "".join(out)


def hbar(title: str, rows: Sequence[tuple[str, Sequence[float | None]]], series: Sequence[str],
         *, maximum: float | None = None, label: Callable[[float], str] = lambda v: f"{v:g}",
         limit: int = 25) -> Markup:
    """Horizontal grouped bars: one row per label, one bar per series."""
    rows = list(rows)[:limit]
    if not rows:
        return Markup("")
    uid = next(_ids)
    left, right, bar_h, gap = 170, 56, 14, 10
    group_h = bar_h * len(series) + gap
    top = 30 if len(series) > 1 else 8
    height = top + group_h * len(rows) + 24
    scale = maximum or _scale_max([v for _, vals in rows for v in vals if v is not None])
    span = WIDTH - left - right
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="c{uid}t c{uid}d" preserveAspectRatio="xMinYMin meet">'
             f'<title id="c{uid}t">{esc(title)}</title>'
             f'<desc id="c{uid}d">{esc(", ".join(f"{n}: " + ", ".join(label(v) if v is not None else "–" for v in vals) for n, vals in rows))}</desc>']
    if len(series) > 1:
        parts.append(_legend(series, 16))
    for tick in range(0, 5):
        x = left + span * tick / 4
        parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" '
                     f'y2="{height - 20}"/><text class="tick" x="{x:.1f}" y="{height - 6}" '
                     f'text-anchor="middle">{esc(label(scale * tick / 4))}</text>')
    for r, (name, values) in enumerate(rows):
        y0 = top + r * group_h
        parts.append(f'<text class="label" x="{left - 8}" y="{y0 + group_h / 2 - gap / 2 + 4:.1f}" '
                     f'text-anchor="end">{esc(_short(name, 24))}</text>')
        for i, value in enumerate(values):
            if value is None:
                continue
            w = max(0.0, span * min(value, scale) / scale)
            y = y0 + i * bar_h
            parts.append(f'<rect class="s{i}" x="{left}" y="{y}" width="{w:.1f}" '
                         f'height="{bar_h - 2}"/><text class="value" x="{left + w + 4:.1f}" '
                         f'y="{y + bar_h - 4}">{esc(label(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def vbar(title: str, labels: Sequence[str], values: Sequence[float],
         *, label: Callable[[float], str] = lambda v: f"{v:g}") -> Markup:
    """Vertical bars (e.g. tickets per hour)."""
    if not labels:
        return Markup("")
    uid = next(_ids)
    left, bottom, top, height = 44, 28, 12, 220
    span_w = WIDTH - left - 10
    step = span_w / len(labels)
    scale = _scale_max(values)
    plot_h = height - top - bottom
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="c{uid}t c{uid}d" preserveAspectRatio="xMinYMin meet">'
             f'<title id="c{uid}t">{esc(title)}</title>'
             f'<desc id="c{uid}d">{esc(", ".join(f"{a}: {label(b)}" for a, b in zip(labels, values)))}</desc>']
    for tick in range(0, 5):
        y = top + plot_h * (1 - tick / 4)
        parts.append(f'<line class="grid" x1="{left}" x2="{WIDTH - 10}" y1="{y:.1f}" '
                     f'y2="{y:.1f}"/><text class="tick" x="{left - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{esc(label(scale * tick / 4))}</text>')
    for i, (name, value) in enumerate(zip(labels, values)):
        h = plot_h * min(value, scale) / scale
        x = left + i * step + step * 0.15
        parts.append(f'<rect class="s0" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
                     f'width="{step * 0.7:.1f}" height="{h:.1f}"/>'
                     f'<text class="tick" x="{x + step * 0.35:.1f}" y="{height - 10}" '
                     f'text-anchor="middle">{esc(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
