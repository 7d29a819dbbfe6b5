"""Line and bar charts drawn on the server as SVG, each with its data as a table.

Why our own and not a library: the pages need two kinds of chart (a line over dates, grouped
bars over categories) with the same accessible shape — a ``<title>``, a ``<desc>``, axes
with readable ticks and a table of the very numbers drawn — and the Content Security Policy
allows no inline script or style. Client-side libraries (Chart.js, Vega) draw with
JavaScript into a canvas; Python plotting libraries (matplotlib, pygal) are large
dependencies whose SVG carries inline styles and scripts we would have to strip. About
three hundred lines of arithmetic is less to keep than either.

Everything here is plain Python (no Django): a chart is computed from numbers into a
:class:`Chart` holding the SVG text and the table rows. Pages show one with
``{% load charts %}{% chart some_chart %}`` (:mod:`trellis.org.templatetags.charts`).
Colours are CSS classes (``s0`` … ``s3``) styled by the theme (``trellis.css``), so the
SVG carries no colour of its own and the policy's ``style-src 'self'`` holds.

A missing value (``None``: not recorded, or withheld because it would describe fewer than
five people) leaves a gap in a line, no bar, and the ``missing`` wording in the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html import escape

Number = float | int
XValue = dt.date | dt.datetime | float | int

SERIES_CLASSES = 4  # s0 … s3 in the theme; more series reuse them with a dashed line
CHAR_WIDTH = 7.2  # average width of a 13px label, to keep tick labels clear of each other


@dataclass(frozen=True)
class Series:
    """One named row of values, aligned with the chart's x values or categories."""

    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class Tick:
    at: float  # in the data's own unit (days since 0001-01-01 for dates)
    label: str


@dataclass(frozen=True)
class Chart:
    kind: str  # "line" or "bar"
    key: str  # unique id prefix on a page
    title: str
    desc: str
    svg: str
    columns: tuple[str, ...]  # the table's headings: the x heading, then one per series
    rows: tuple[tuple[str, ...], ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def empty(self) -> bool:
        return not self.rows


def _plain(value: Number) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


# ---------------------------------------------------------------------------------------------
# Ticks
# ---------------------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values covering ``low``..``high`` in at most ``count + 1`` steps of 1, 2, 2.5
    or 5 times a power of ten; ``whole`` keeps steps of at least 1 (counts of people)."""
    if high < low:
        low, high = high, low
    if math.isclose(low, high):
        high = low + 1
    raw = (high - low) / (count + 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    return [round(start + i * step, 10) for i in range(round((end - start) / step) + 1)]


def _ordinal(x: XValue) -> float:
    if isinstance(x, dt.datetime):
        midnight = dt.datetime.combine(x.date(), dt.time(), tzinfo=x.tzinfo)
        return x.toordinal() + (x - midnight).total_seconds() / 86400
    if isinstance(x, dt.date):
        return float(x.toordinal())
    return float(x)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def date_ticks(start: dt.date, end: dt.date, max_ticks: int = 6) -> list[Tick]:
    """Dated ticks between two days: days, weeks, months, quarters or years, whichever
    gives at most ``max_ticks`` of them (at least one: a single day is its own tick)."""
    if end < start:
        start, end = end, start
    span = (end - start).days
    if span == 0:
        return [Tick(float(start.toordinal()), f"{start:%-d %b %Y}")]
    for days in (1, 2, 7, 14):
        if span // days + 1 <= max_ticks:
            return [
                Tick(float(d.toordinal()), f"{d:%-d %b}")
                for d in (start + dt.timedelta(days=i) for i in range(0, span + 1, days))
            ]
    for months in (1, 2, 3, 6, 12, 24, 60):
        first = _add_months(start, 0) if start.day == 1 else _add_months(start, 1)
        if months >= 12:
            first = dt.date(first.year + (first.month > 1), 1, 1)
        elif months > 1:  # quarters and half-years start on their own months
            while (first.month - 1) % months:
                first = _add_months(first, 1)
        days_list = []
        day = first
        while day <= end:
            days_list.append(day)
            day = _add_months(day, months)
        if len(days_list) <= max_ticks:
            style = "%Y" if months >= 12 else "%b %Y"
            return [Tick(float(d.toordinal()), d.strftime(style)) for d in days_list] or [
                Tick(float(start.toordinal()), f"{start:%b %Y}")
            ]
    return [
        Tick(float(start.toordinal()), f"{start:%Y}"),
        Tick(float(end.toordinal()), f"{end:%Y}"),
    ]


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------


# The height of a chart with nothing to draw: one line of words.
EMPTY_HEIGHT = 48


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    left: int = 52
    right: int = 16
    top: int = 14
    bottom: int = 46

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    def y_of(self, value: float, low: float, high: float) -> float:
        share = (value - low) / (high - low) if high > low else 0.5
        return self.top + self.plot_height * (1 - share)


def _key(title: str, desc: str) -> str:
    digest = hashlib.sha1(f"{title}\n{desc}".encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def _open(frame: _Frame, key: str, title: str, desc: str, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{kind}" '
        f'viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-labelledby="{key}-t {key}-d">',
        f'<title id="{key}-t">{escape(title)}</title>',
        f'<desc id="{key}-d">{escape(desc)}</desc>',
    ]


def _y_axis(frame: _Frame, ticks: list[float], y_label: str, fmt: Callable) -> list[str]:
    low, high = ticks[0], ticks[-1]
    out = ['<g class="axis axis-y">']
    for value in ticks:
        y = frame.y_of(value, low, high)
        out.append(
            f'<line class="grid" x1="{frame.left}" x2="{frame.width - frame.right}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(fmt(value))}</text>"
        )
    bottom = frame.top + frame.plot_height
    out.append(
        f'<line class="axis-line" x1="{frame.left}" x2="{frame.left}" '
        f'y1="{frame.top}" y2="{bottom:.1f}"/>'
    )
    if y_label:
        middle = frame.top + frame.plot_height / 2
        out.append(
            f'<text class="axis-label" transform="translate(12 {middle:.1f}) rotate(-90)" '
            f'text-anchor="middle">{escape(y_label)}</text>'
        )
    out.append("</g>")
    return out


def _x_axis(frame: _Frame, placed: list[tuple[float, str]], x_label: str) -> list[str]:
    bottom = frame.top + frame.plot_height
    out = [
        '<g class="axis axis-x">',
        f'<line class="axis-line" x1="{frame.left}" x2="{frame.width - frame.right}" '
        f'y1="{bottom:.1f}" y2="{bottom:.1f}"/>',
    ]
    for x, label in placed:
        out.append(
            f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" '
            f'y1="{bottom:.1f}" y2="{bottom + 5:.1f}"/>'
            f'<text x="{x:.1f}" y="{bottom + 18:.1f}" text-anchor="middle">{escape(label)}</text>'
        )
    if x_label:
        out.append(
            f'<text class="axis-label" x="{frame.left + frame.plot_width / 2:.1f}" '
            f'y="{frame.height - 6}" text-anchor="middle">{escape(x_label)}</text>'
        )
    out.append("</g>")
    return out


def _legend(frame: _Frame, series: Sequence[Series]) -> list[str]:
    if len(series) < 2:
        return []
    out, x = ['<g class="legend">'], float(frame.left)
    for i, s in enumerate(series):
        out.append(
            f'<rect class="swatch {_css(i)}" x="{x:.1f}" y="2" width="10" height="10"/>'
            f'<text x="{x + 14:.1f}" y="11">{escape(s.name)}</text>'
        )
        x += 28 + CHAR_WIDTH * len(s.name)
    out.append("</g>")
    return out


def _css(index: int) -> str:
    dashed = " dashed" if index >= SERIES_CLASSES else ""
    return f"s{index % SERIES_CLASSES}{dashed}"


def _y_range(
    series: Sequence[Series], y_range: tuple[float, float] | None, zero: bool
) -> list[float]:
    values = [v for s in series for v in s.values if v is not None]
    if y_range is not None:
        low, high = y_range
    elif values:
        low, high = (min(0.0, min(values)) if zero else min(values)), max(values)
    else:
        low, high = 0.0, 1.0
    whole = all(float(v).is_integer() for v in (*values, low, high))
    return nice_ticks(float(low), float(high), whole=whole)


def _table(
    heading: str,
    labels: Sequence[str],
    series: Sequence[Series],
    fmt: Callable,
    missing: str,
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    columns = (heading, *(s.name for s in series))
    rows = tuple(
        (label, *(missing if s.values[i] is None else fmt(s.values[i]) for s in series))
        for i, label in enumerate(labels)
    )
    return columns, rows


def _check(n: int, series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {n} points")


def _empty(
    kind: str, key: str, title: str, desc: str, frame: _Frame, columns: tuple, rows: tuple
) -> Chart:
    """Nothing to draw: no points at all, or every value missing (the table still says which).
    A short strip with the sentence, not a chart-sized blank."""
    frame = replace(frame, height=EMPTY_HEIGHT)
    svg = _open(frame, key, title, desc, kind)
    words = "No values to draw: see the data" if rows else "No data yet"
    svg.append(
        f'<text class="empty" x="{frame.width / 2:.1f}" y="{frame.height / 2:.1f}" '
        f'text-anchor="middle">{words}</text></svg>'
    )
    return Chart(kind, key, title, desc, "".join(svg), columns, rows, (), ())


def _x_label(x: XValue) -> str:
    if isinstance(x, dt.datetime):
        return f"{x:%-d %b %Y %H:%M}"
    if isinstance(x, dt.date):
        return f"{x:%-d %b %Y}"
    return _plain(x)


def line_chart(
    *,
    title: str,
    desc: str,
    x: Sequence[XValue],
    series: Sequence[Series],
    x_heading: str = "Date",
    y_label: str = "",
    y_range: tuple[float, float] | None = None,
    y_format: Callable[[Number], str] = _plain,
    missing: str = "not recorded",
    width: int = 640,
    height: int = 260,
    key: str | None = None,
) -> Chart:
    """Lines over dates (or numbers), oldest first; a gap where a value is missing.

    ``y_range`` fixes the scale (a 1–5 rating, a 0–100 share); otherwise it covers the
    values, from zero when they are all positive.
    """
    _check(len(x), series)
    key = key or _key(title, desc)
    frame = _Frame(width, height, top=22 if len(series) > 1 else 14)
    labels = [_x_label(v) for v in x]
    columns, rows = _table(x_heading, labels, series, y_format, missing)
    if not x or not any(v is not None for s in series for v in s.values):
        return _empty("line", key, title, desc, frame, columns, rows)
    xs = [_ordinal(v) for v in x]
    low_x, high_x = min(xs), max(xs)
    if isinstance(x[0], dt.date):
        room = max(2, int(frame.plot_width // (CHAR_WIDTH * 10)))
        first, last = dt.date.fromordinal(int(low_x)), dt.date.fromordinal(int(high_x))
        x_ticks = date_ticks(first, last, room)
        # Points within one day sit after its midnight: keep ticks on the plot, or name the day.
        x_ticks = [t for t in x_ticks if low_x - 1e-6 <= t.at <= high_x + 1e-6] or [
            Tick((low_x + high_x) / 2, f"{first:%-d %b %Y}")
        ]
    else:
        x_ticks = [Tick(v, _plain(v)) for v in nice_ticks(low_x, high_x) if low_x <= v <= high_x]

    def x_of(value: float) -> float:
        if math.isclose(high_x, low_x):
            return frame.left + frame.plot_width / 2
        return frame.left + frame.plot_width * (value - low_x) / (high_x - low_x)

    y_values = _y_range(series, y_range, zero=True)
    low, high = y_values[0], y_values[-1]
    svg = _open(frame, key, title, desc, "line")
    svg += _y_axis(frame, y_values, y_label, y_format)
    svg += _x_axis(frame, [(x_of(t.at), t.label) for t in x_ticks], "")
    svg += _legend(frame, series)
    for i, s in enumerate(series):
        svg.append(f'<g class="series {_css(i)}">')
        run: list[str] = []
        for pos, value in zip(xs, s.values, strict=True):
            if value is None:
                if len(run) > 1:
                    svg.append(f'<polyline points="{" ".join(run)}"/>')
                run = []
                continue
            run.append(f"{x_of(pos):.1f},{frame.y_of(float(value), low, high):.1f}")
        if len(run) > 1:
            svg.append(f'<polyline points="{" ".join(run)}"/>')
        for label, pos, value in zip(labels, xs, s.values, strict=True):
            if value is None:
                continue
            cy = frame.y_of(float(value), low, high)
            tip = f"{s.name}, {label}: {y_format(value)}"
            svg.append(
                f'<circle cx="{x_of(pos):.1f}" cy="{cy:.1f}" r="3">'
                f"<title>{escape(tip)}</title></circle>"
            )
        svg.append("</g>")
    svg.append("</svg>")
    y_ticks = tuple(Tick(v, y_format(v)) for v in y_values)
    return Chart("line", key, title, desc, "".join(svg), columns, rows, tuple(x_ticks), y_ticks)


def _short(label: str, room: float) -> str:
    fits = max(3, int(room // CHAR_WIDTH))
    return label if len(label) <= fits else label[: fits - 1] + "…"


def bar_chart(
    *,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    x_heading: str = "",
    y_label: str = "",
    y_range: tuple[float, float] | None = None,
    y_format: Callable[[Number], str] = _plain,
    missing: str = "not recorded",
    width: int = 640,
    height: int = 260,
    key: str | None = None,
    marks: Sequence[tuple[str, Number]] = (),
) -> Chart:
    """Bars per category, the series side by side; no bar where a value is missing.

    ``marks`` are labelled horizontal lines (a goal, a threshold) drawn across the bars; the
    scale stretches to show them, and the description should say what they are.
    """
    _check(len(categories), series)
    key = key or _key(title, desc)
    frame = _Frame(width, height, top=22 if len(series) > 1 else 14)
    columns, rows = _table(x_heading, list(categories), series, y_format, missing)
    if not categories or not any(v is not None for s in series for v in s.values):
        return _empty("bar", key, title, desc, frame, columns, rows)
    band = frame.plot_width / len(categories)
    bar = band * 0.8 / max(len(series), 1)
    stretched = [*series, Series("", [value for _, value in marks])]
    y_values = _y_range(stretched, y_range, zero=True)
    low, high = y_values[0], y_values[-1]
    base = frame.y_of(max(low, 0.0), low, high)
    centres = [frame.left + band * (i + 0.5) for i in range(len(categories))]
    svg = _open(frame, key, title, desc, "bar")
    svg += _y_axis(frame, y_values, y_label, y_format)
    svg += _x_axis(
        frame, [(c, _short(n, band)) for c, n in zip(centres, categories, strict=True)], ""
    )
    svg += _legend(frame, series)
    for i, s in enumerate(series):
        svg.append(f'<g class="series {_css(i)}">')
        for j, value in enumerate(s.values):
            if value is None:
                continue
            left = frame.left + band * j + band * 0.1 + bar * i
            top = frame.y_of(float(value), low, high)
            svg.append(
                f'<rect x="{left:.1f}" y="{min(top, base):.1f}" width="{bar:.1f}" '
                f'height="{abs(base - top):.1f}"><title>{escape(s.name)}, '
                f"{escape(categories[j])}: {escape(y_format(value))}</title></rect>"
            )
        svg.append("</g>")
    for label, value in marks:
        y = frame.y_of(float(value), low, high)
        svg.append(
            f'<g class="mark"><line x1="{frame.left}" x2="{frame.width - frame.right}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/><text x="{frame.width - frame.right}" y="{y - 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text></g>'
        )
    svg.append("</svg>")
    x_ticks = tuple(Tick(c, n) for c, n in zip(centres, categories, strict=True))
    y_ticks = tuple(Tick(v, y_format(v)) for v in y_values)
    return Chart("bar", key, title, desc, "".join(svg), columns, rows, x_ticks, y_ticks)
