"""The chart helper: axes, ticks, gaps, the table behind the picture, escaping."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from trellis.org.svgcharts import Series, bar_chart, date_ticks, line_chart, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}


def _svg(chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314 (our own output, parsed to check its shape)


def _texts(root: ET.Element, group: str) -> list[str]:
    g = root.find(f".//s:g[@class='{group}']", NS)
    assert g is not None, group
    return [t.text or "" for t in g.findall("s:text", NS)]


DAYS = [dt.date(2026, 1, 15), dt.date(2026, 3, 2), dt.date(2026, 6, 30)]


def test_a_line_over_dates_has_title_desc_axes_and_month_ticks() -> None:
    chart = line_chart(
        title="Networking",
        desc="Scores 1 to 5 at each check-in",
        x=DAYS,
        series=[Series("Networking", [2, 3, 4])],
        y_range=(1, 5),
        y_label="Score",
    )
    root = _svg(chart)
    assert root.get("role") == "img"
    title, desc = root.find("s:title", NS), root.find("s:desc", NS)
    assert title is not None and title.text == "Networking"
    assert desc is not None and desc.text == "Scores 1 to 5 at each check-in"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert _texts(root, "axis axis-y") == ["1", "2", "3", "4", "5", "Score"]
    assert _texts(root, "axis axis-x") == [
        "Feb 2026",
        "Mar 2026",
        "Apr 2026",
        "May 2026",
        "Jun 2026",
    ]
    assert len(root.findall(".//s:g[@class='series s0']/s:circle", NS)) == 3
    assert root.find(".//s:g[@class='series s0']/s:polyline", NS) is not None


def test_the_table_holds_exactly_the_points_drawn() -> None:
    chart = line_chart(
        title="Readiness",
        desc="d",
        x=DAYS,
        series=[Series("Senior engineer", [40, None, 62.5]), Series("Lead", [10, 20, 30])],
        missing="not recorded",
    )
    assert chart.columns == ("Date", "Senior engineer", "Lead")
    assert chart.rows == (
        ("15 Jan 2026", "40", "10"),
        ("2 Mar 2026", "not recorded", "20"),
        ("30 Jun 2026", "62.5", "30"),
    )
    root = _svg(chart)
    first = root.findall(".//s:g[@class='series s0']/s:circle", NS)
    assert [c.find("s:title", NS).text for c in first] == [
        "Senior engineer, 15 Jan 2026: 40",
        "Senior engineer, 30 Jun 2026: 62.5",
    ]
    # The missing value breaks the first line: two lone points, so no polyline at all.
    assert root.findall(".//s:g[@class='series s0']/s:polyline", NS) == []
    assert len(root.findall(".//s:g[@class='series s1']/s:polyline", NS)) == 1
    assert _texts(root, "legend") == ["Senior engineer", "Lead"]


def test_empty_data_draws_no_axes_and_says_so() -> None:
    chart = line_chart(title="Nothing", desc="d", x=[], series=[Series("A", [])])
    root = _svg(chart)
    assert chart.empty and chart.rows == ()
    assert root.find(".//s:g[@class='axis axis-y']", NS) is None
    assert [t.text for t in root.findall("s:text", NS)] == ["No data yet"]
    all_missing = bar_chart(title="W", desc="d", categories=["Sales"], series=[Series("n", [None])])
    assert "No values to draw: see the data" in all_missing.svg
    assert 'viewBox="0 0 640 48"' in all_missing.svg  # a strip, not a blank chart
    assert all_missing.rows == (("Sales", "not recorded"),)


def test_one_point_is_centred_with_its_own_dated_tick() -> None:
    chart = line_chart(
        title="One", desc="d", x=[dt.date(2026, 12, 7)], series=[Series("A", [3])], width=400
    )
    root = _svg(chart)
    circle = root.find(".//s:circle", NS)
    assert circle is not None
    left, right = 52, 400 - 16
    assert float(circle.get("cx")) == pytest.approx((left + right) / 2, abs=0.1)
    assert _texts(root, "axis axis-x") == ["7 Dec 2026"]
    assert chart.rows == (("7 Dec 2026", "3"),)


def test_bars_per_category_side_by_side_missing_ones_left_out() -> None:
    chart = bar_chart(
        title="Mobility",
        desc="People per quarter",
        categories=["2026 Q1", "2026 Q2"],
        series=[Series("Applied", [12, None]), Series("Moved", [5, 7])],
        missing="fewer than 5",
    )
    root = _svg(chart)
    applied = root.findall(".//s:g[@class='series s0']/s:rect", NS)
    moved = root.findall(".//s:g[@class='series s1']/s:rect", NS)
    assert len(applied) == 1 and len(moved) == 2
    # Heights follow the values on one scale from zero.
    assert float(applied[0].get("height")) / float(moved[0].get("height")) == pytest.approx(12 / 5)
    assert _texts(root, "axis axis-y") == ["0", "2", "4", "6", "8", "10", "12"]
    assert _texts(root, "axis axis-x") == ["2026 Q1", "2026 Q2"]
    assert chart.rows == (("2026 Q1", "12", "5"), ("2026 Q2", "fewer than 5", "7"))


def test_long_category_names_are_shortened_on_the_axis_only() -> None:
    name = "Research and development laboratories"
    chart = bar_chart(
        title="t", desc="d", categories=[name] * 8, series=[Series("n", [1] * 8)], width=400
    )
    labels = _texts(_svg(chart), "axis axis-x")
    assert all(label.endswith("…") and len(label) < len(name) for label in labels)
    assert chart.rows[0][0] == name


def test_text_is_escaped() -> None:
    chart = bar_chart(
        title="<script>", desc="a & b", categories=["<b>"], series=[Series("x<y", [1])]
    )
    root = _svg(chart)  # parses, so nothing leaked as markup
    assert root.find("s:title", NS).text == "<script>"
    assert "<script>" not in chart.svg


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="has 1 values for 2 points"):
        line_chart(title="t", desc="d", x=DAYS[:2], series=[Series("A", [1])])


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 12, [0, 2, 4, 6, 8, 10, 12]),
        (0, 100, [0, 20, 40, 60, 80, 100]),
        (1, 5, [1, 2, 3, 4, 5]),
        (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0, 3, [0, 0.5, 1, 1.5, 2, 2.5, 3]),
        (0, 7, [0, 2, 4, 6, 8]),
    ],
)
def test_nice_ticks(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == expected


def test_whole_ticks_for_counts_of_people() -> None:
    assert nice_ticks(0, 3, whole=True) == [0, 1, 2, 3]


def test_date_ticks_pick_days_weeks_months_or_years() -> None:
    start = dt.date(2026, 3, 1)
    assert [t.label for t in date_ticks(start, dt.date(2026, 3, 4))] == [
        "1 Mar",
        "2 Mar",
        "3 Mar",
        "4 Mar",
    ]
    weekly = date_ticks(start, dt.date(2026, 4, 5))
    assert [t.label for t in weekly] == ["1 Mar", "8 Mar", "15 Mar", "22 Mar", "29 Mar", "5 Apr"]
    quarters = date_ticks(dt.date(2025, 11, 3), dt.date(2026, 12, 1), max_ticks=4)
    assert [t.label for t in quarters] == ["Jan 2026", "Apr 2026", "Jul 2026", "Oct 2026"]
    years = date_ticks(dt.date(2019, 5, 1), dt.date(2026, 2, 1))
    assert [t.label for t in years] == ["2020", "2022", "2024", "2026"]


def test_the_template_tag_renders_the_picture_and_a_data_toggle() -> None:
    chart = bar_chart(title="Coverage", desc="d", categories=["Sales"], series=[Series("%", [40])])
    html = Template("{% load charts %}{% chart c %}").render(Context({"c": chart}))
    assert html.count("<svg") == 1 and "<details" in html and "<summary>Show data" in html
    assert '<th scope="row">Sales</th><td>40</td>' in html
    empty = line_chart(title="E", desc="d", x=[], series=[])
    html = Template("{% load charts %}{% chart c %}").render(Context({"c": empty}))
    assert "<details" not in html and "<svg" not in html and "E: no data yet." in html
    assert Template("{% load charts %}{% chart c %}").render(Context({"c": None})).strip() == ""


def test_a_mark_line_stretches_the_scale_and_is_labelled() -> None:
    chart = bar_chart(
        title="t",
        desc="d",
        categories=["Jan", "Feb"],
        series=[Series("n", [1, 2])],
        marks=[("Goal: 4", 4)],
    )
    root = _svg(chart)
    assert _texts(root, "mark") == ["Goal: 4"]
    assert _texts(root, "axis axis-y")[-1] == "4"
    line = root.find(".//s:g[@class='mark']/s:line", NS)
    assert float(line.get("y1")) == pytest.approx(14)  # the top of the plot: 4 is the maximum


def test_points_within_one_day_keep_their_tick_on_the_plot() -> None:
    morning = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    chart = line_chart(
        title="t",
        desc="d",
        x=[morning, morning + dt.timedelta(hours=6)],
        series=[Series("A", [1, 2])],
        width=400,
    )
    root = _svg(chart)
    assert _texts(root, "axis axis-x") == ["7 Dec 2026"]
    tick = root.find(".//s:g[@class='axis axis-x']/s:line[@class='tick']", NS)
    assert 52 <= float(tick.get("x1")) <= 400 - 16
    assert [row[0] for row in chart.rows] == ["7 Dec 2026 09:00", "7 Dec 2026 15:00"]
