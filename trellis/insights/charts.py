"""The pictures of the insights page, drawn from its figures (:mod:`trellis.org.svgcharts`)."""

from __future__ import annotations

from typing import Any

from trellis.insights.selectors import READY_LEVEL
from trellis.org.aggregates import WITHHELD
from trellis.org.svgcharts import Chart, Series, bar_chart, line_chart


def supply_chart(figures: Any) -> Chart:
    rows = figures["supply"].rows[:8]
    return bar_chart(
        title="Open seats and ready people, by skill",
        desc=(
            "For the skills open opportunities ask for most: open seats requiring the skill, "
            f"people at level {READY_LEVEL} or above, and people who want to grow it."
        ),
        categories=[row.skill.name for row in rows],
        series=[
            Series("Open seats", [row.seats for row in rows]),
            Series("Ready", [row.ready_shown for row in rows]),
            Series("Want to grow", [row.growing_shown for row in rows]),
        ],
        x_heading="Skill",
        y_label="People or seats",
        missing=WITHHELD,
        key="supply-now",
    )


def supply_months_chart(flows: list[Any]) -> Chart:
    return line_chart(
        title="Demand and supply of the top skills, month by month",
        desc=(
            "Seats newly published that require one of the top skills, and people recorded "
            f"at level {READY_LEVEL} or above in one of them, per month over the last year."
        ),
        x=[flow.month for flow in flows],
        series=[
            Series("Seats published", [flow.seats for flow in flows]),
            Series("People recorded ready", [flow.ready for flow in flows]),
        ],
        x_heading="Month",
        y_label="People or seats",
        missing=WITHHELD,
        key="supply-months",
    )


def mobility_chart(quarters: list[Any]) -> Chart:
    return bar_chart(
        title="Internal mobility per quarter",
        desc="People who applied for, were offered and accepted an internal opportunity.",
        categories=[q.label for q in quarters],
        series=[
            Series(name, [q.figures()[i] for q in quarters])
            for i, name in enumerate(["Applied", "Offered", "Moved"])
        ],
        x_heading="Quarter",
        y_label="People",
        missing=WITHHELD,
        key="mobility",
    )


def coverage_chart(rows: list[Any], *, key: str = "coverage") -> Chart:
    """Share of people with a held career conversation, per department (or team)."""
    return bar_chart(
        title="Career conversation coverage",
        desc="Share of active people with a career conversation held in about six months.",
        categories=[row.name for row in rows],
        series=[Series("Covered", [None if row.withheld else row.percent for row in rows])],
        x_heading="Group",
        y_label="% covered",
        y_range=(0, 100),
        y_format=lambda v: f"{v:g}%",
        missing=WITHHELD + " people: withheld",
        key=key,
    )


def pulse_trend_chart(trend: Any) -> Chart:
    """The core question's mean per pulse, by the day each pulse closed (everyone's answers;
    a pulse with fewer answers than the floor leaves a gap)."""
    return line_chart(
        title="Belief in growing here, pulse by pulse",
        desc=(
            "Mean answer from 1 to 5 to the core question of each pulse, everyone together, "
            "dated by the day the pulse closed."
        ),
        x=[row.pulse.closes_on for row in trend.rows],
        series=[Series("Everyone", [row.overall.core for row in trend.rows])],
        x_heading="Pulse closed",
        y_label="Mean (1–5)",
        y_range=(1, 5),
        y_format=lambda v: f"{v:.2f}".rstrip("0").rstrip("."),
        missing=WITHHELD,
        key="pulse-trend",
    )
