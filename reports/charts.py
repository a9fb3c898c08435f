"""Server-side SVG charts: pure functions from numbers to accessible, phone-sized SVG markup.

Every chart has role="img", a <title> and a <desc> it is labelled by, a viewBox and width 100%
(it scales to the screen); labels are escaped. Pages put the same figures in a table after it.
Numbers are formatted with Django's localisation (the active language).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence

from django.utils import formats
from django.utils.html import escape

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 200
VALUE_WIDTH = 70
PADDING = 8
PALETTE = ("#1f5f8b", "#c25e00", "#2e7d32", "#6a1b9a", "#7a6a00")
_ids = itertools.count(1)


def _chart_id(prefix: str, chart_id: str | None) -> str:
    return chart_id or f"{prefix}-{next(_ids)}"


def _number(value: float, decimals: int = 0) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _open_svg(chart_id: str, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    chart_id: str | None = None,
    decimals: int = 0,
    suffix: str = "",
) -> str:
    """Horizontal bars, one per (label, value), each labelled with its name and value."""
    chart_id = _chart_id("bar", chart_id)
    count = max(len(rows), 1)
    height = PADDING * 2 + count * (BAR_HEIGHT + BAR_GAP)
    largest = max((value for _label, value in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - PADDING * 2
    description = "; ".join(f"{label}: {_number(value, decimals)}{suffix}" for label, value in rows)
    parts = [_open_svg(chart_id, height, title, description)]
    for index, (label, value) in enumerate(rows):
        y = PADDING + index * (BAR_HEIGHT + BAR_GAP)
        length = max(span * max(value, 0) / largest, 0)
        text_y = y + BAR_HEIGHT * 0.7
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y:.1f}" text-anchor="end" '
            f'font-size="13">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{PALETTE[0]}"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{text_y:.1f}" font-size="13">'
            f"{escape(_number(value, decimals) + suffix)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    series_by_month: Mapping[str, Sequence[tuple[dt.date, float]]],
    *,
    title: str,
    chart_id: str | None = None,
) -> str:
    """One line per named series over the same months; a legend names each line."""
    chart_id = _chart_id("line", chart_id)
    height = 260
    legend_height = 22 * max(len(series_by_month), 1)
    top, bottom, left, right = PADDING, 40, 48, PADDING
    plot_height = height - top - bottom
    plot_width = WIDTH - left - right
    months = sorted({month for points in series_by_month.values() for month, _v in points})
    largest = max((value for points in series_by_month.values() for _m, value in points), default=0)
    largest = largest or 1
    description = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{formats.date_format(month, 'YEAR_MONTH_FORMAT')} {_number(value)}"
            for month, value in points
        )
        for name, points in series_by_month.items()
    )
    parts = [_open_svg(chart_id, height + legend_height, title, description)]
    # Axes and the largest value, so the scale can be read.
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="#555"></line>'
        f'<line x1="{left}" y1="{top + plot_height}" x2="{WIDTH - right}" '
        f'y2="{top + plot_height}" stroke="#555"></line>'
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="12">'
        f"{escape(_number(largest))}</text>"
        f'<text x="{left - 4}" y="{top + plot_height}" text-anchor="end" font-size="12">0</text>'
    )
    step = plot_width / max(len(months) - 1, 1)
    position = {month: left + index * step for index, month in enumerate(months)}
    if months:
        for month, anchor in ((months[0], "start"), (months[-1], "end")):
            parts.append(
                f'<text x="{position[month]:.1f}" y="{top + plot_height + 18}" '
                f'text-anchor="{anchor}" font-size="12">'
                f"{escape(formats.date_format(month, 'YEAR_MONTH_FORMAT'))}</text>"
            )
    for index, (name, points) in enumerate(series_by_month.items()):
        colour = PALETTE[index % len(PALETTE)]
        coordinates = " ".join(
            f"{position[month]:.1f},{top + plot_height - plot_height * value / largest:.1f}"
            for month, value in points
        )
        if coordinates:
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
                f'points="{coordinates}"></polyline>'
            )
        legend_y = height + 22 * index + 4
        dash = "" if index == 0 else f' stroke-dasharray="{index * 3 + 2}"'
        parts.append(
            f'<line x1="{left}" y1="{legend_y + 8}" x2="{left + 24}" y2="{legend_y + 8}" '
            f'stroke="{colour}" stroke-width="3"{dash}></line>'
            f'<text x="{left + 30}" y="{legend_y + 12}" font-size="13">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(
    stages: Sequence[tuple[str, int]], *, title: str, chart_id: str | None = None
) -> str:
    """Centred bars narrowing stage by stage, each with its count and share of the first."""
    chart_id = _chart_id("funnel", chart_id)
    count = max(len(stages), 1)
    stage_height = 34
    height = PADDING * 2 + count * (stage_height + 6)
    first = stages[0][1] if stages else 0
    largest = max((value for _label, value in stages), default=0) or 1
    description = "; ".join(f"{label}: {_number(value)}" for label, value in stages)
    parts = [_open_svg(chart_id, height, title, description)]
    for index, (label, value) in enumerate(stages):
        y = PADDING + index * (stage_height + 6)
        width = max((WIDTH - 2 * PADDING) * value / largest, 2)
        x = (WIDTH - width) / 2
        share = f" ({_number(100 * value / first, 1)} %)" if first and index else ""
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{stage_height}" '
            f'fill="{PALETTE[index % len(PALETTE)]}" fill-opacity="0.25" '
            f'stroke="{PALETTE[index % len(PALETTE)]}"></rect>'
            f'<text x="{WIDTH / 2:.1f}" y="{y + stage_height * 0.65:.1f}" text-anchor="middle" '
            f'font-size="14">{escape(label)}: {escape(_number(value) + share)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
