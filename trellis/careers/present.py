"""Shapes career data for display: profile sections, the map timeline, check-in trends.

Pure functions over loaded objects; pages, the print view and the deck share them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Field
from django.utils import timezone

from trellis.careers.models import (
    PROFILE_SECTIONS,
    VALUE_LABELS,
    CareerProfile,
    CheckIn,
    Goal,
    Muscle,
)
from trellis.org.svgcharts import Chart, Series, line_chart

LIST_FIELDS = frozenset(
    {
        "swot_strengths",
        "swot_weaknesses",
        "swot_opportunities",
        "swot_threats",
    }
)


@dataclass(frozen=True)
class Row:
    label: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionView:
    key: str
    label: str
    visibility: str
    rows: tuple[Row, ...]

    @property
    def empty(self) -> bool:
        return not any(row.text or row.items for row in self.rows)


def _row(profile: CareerProfile, name: str) -> Row:
    model_field = CareerProfile._meta.get_field(name)
    assert isinstance(model_field, Field)  # a profile section is a plain column
    label = str(model_field.verbose_name)
    label = label[:1].upper() + label[1:]
    value = getattr(profile, name)
    if name == "values_chosen":
        return Row("Values", items=tuple(VALUE_LABELS.get(v, v) for v in value))
    if name in LIST_FIELDS:
        return Row(label.removeprefix("SWOT ").capitalize(), items=tuple(profile.lines(value)))
    if isinstance(value, bool):
        return Row(label, "Yes" if value else "No")
    if name == "track_preference":
        return Row(label, profile.get_track_preference_display())
    return Row(label, str(value))


def profile_sections(profile: CareerProfile, visible: Iterable[str]) -> list[SectionView]:
    """The profile's sections that are in ``visible``, with their rows, in the usual order."""
    keys = set(visible)
    return [
        SectionView(
            key=s.key,
            label=s.label,
            visibility=profile.visibility_of(s.key),
            rows=tuple(_row(profile, name) for name in s.fields),
        )
        for s in PROFILE_SECTIONS
        if s.key in keys
    ]


@dataclass
class TimelineMark:
    x: float
    label: str
    date: dt.date
    overdue: bool = False
    done: bool = False


@dataclass
class TimelineRow:
    y: float
    title: str
    goal_id: int
    end: TimelineMark | None
    marks: list[TimelineMark] = field(default_factory=list)


@dataclass
class Timeline:
    width: int
    height: int
    start: dt.date
    end: dt.date
    today_x: float
    rows: list[TimelineRow]
    ticks: list[tuple[float, str]]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows for mark in row.marks if mark.overdue)


TIMELINE_LEFT = 190
TIMELINE_WIDTH = 760
ROW_HEIGHT = 34
TICK_MIN_GAP = 72  # SVG units between month labels


def timeline(goals: list[Goal], *, today: dt.date) -> Timeline:
    """Goals as rows, checkpoints as dots and target dates as diamonds, on one date axis.

    A checkpoint is overdue when its date is before today and it is not done. The axis runs
    from the earliest date (or today) to the latest (or three months out), whichever is wider.
    """
    dates = [today, today + dt.timedelta(days=90)]
    for goal in goals:
        if goal.target_date:
            dates.append(goal.target_date)
        dates.extend(c.due for a in goal.actions.all() for c in a.checkpoints.all())
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    usable = TIMELINE_WIDTH - TIMELINE_LEFT - 20

    def x_of(day: dt.date) -> float:
        return round(TIMELINE_LEFT + usable * (day - start).days / span, 1)

    rows = []
    for index, goal in enumerate(goals):
        y = 40 + index * ROW_HEIGHT
        marks = [
            TimelineMark(
                x=x_of(c.due),
                label=c.title,
                date=c.due,
                overdue=c.due < today and not c.done,
                done=c.done,
            )
            for a in goal.actions.all()
            for c in a.checkpoints.all()
        ]
        end_mark = (
            TimelineMark(x=x_of(goal.target_date), label="target", date=goal.target_date)
            if goal.target_date
            else None
        )
        rows.append(
            TimelineRow(y=y, title=goal.title[:28], goal_id=goal.pk, end=end_mark, marks=marks)
        )
    ticks = []
    month = start.replace(day=1)
    while month <= end:
        if month >= start:
            ticks.append((x_of(month), month.strftime("%b %Y")))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    # Every n-th month so that labels ("Sep 2027", about 60 units wide) keep clear of each other.
    month_gap = usable * 30.44 / span
    step = max(1, math.ceil(TICK_MIN_GAP / month_gap))
    return Timeline(
        width=TIMELINE_WIDTH,
        height=60 + max(len(goals), 1) * ROW_HEIGHT,
        start=start,
        end=end,
        today_x=x_of(today),
        rows=rows,
        ticks=ticks[::step],
    )


@dataclass(frozen=True)
class Trend:
    muscle: str
    label: str
    scores: tuple[int, ...]
    latest: int | None
    low: bool
    chart: Chart


def trends(checkins: list[CheckIn], *, low: int) -> list[Trend]:
    """One small dated line per muscle over the check-ins (oldest first), on a 1–5 scale."""
    by_muscle: dict[str, list[tuple[dt.datetime, int]]] = {m: [] for m in Muscle.values}
    for checkin in checkins:
        for score in checkin.scores.all():
            by_muscle[score.muscle].append((checkin.created_at, score.score))
    result = []
    for muscle in Muscle:
        points = by_muscle[muscle.value]
        scores = tuple(score for _, score in points)
        latest = scores[-1] if scores else None
        chart = line_chart(
            title=f"{muscle.label} over time",
            desc=(
                f"{muscle.label} rated 1 (weak) to 5 (strong) at each of {len(scores)} "
                f"check-in{'s' if len(scores) != 1 else ''}"
                + (f"; latest {latest}." if latest is not None else ".")
            ),
            x=[timezone.localtime(at) if timezone.is_aware(at) else at for at, _ in points],
            series=[Series(muscle.label, list(scores))],
            x_heading="Check-in",
            y_label="Score",
            y_range=(1, 5),
            width=340,
            height=190,
            key=f"muscle-{muscle.value}",
        )
        result.append(
            Trend(
                muscle=muscle.value,
                label=muscle.label,
                scores=scores,
                latest=latest,
                low=latest is not None and latest <= low,
                chart=chart,
            )
        )
    return result
