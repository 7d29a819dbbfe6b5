"""The manager's coverage page: each direct report's conversation figures and completeness.

Built in a fixed number of queries whatever the number of reports or the history: one
*fetch* step loads aggregates for all reports at once, :mod:`trellis.talks.puzzle` turns
each report's evidence into pieces. Profile sections are read through the careers access
policy, as on the prep sheet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from trellis.careers import access as career_access
from trellis.careers.models import CareerProfile, Goal
from trellis.org.access import Viewer
from trellis.org.models import Person
from trellis.org.svgcharts import Chart, Series, bar_chart
from trellis.skills.models import Appetite, PersonSkill
from trellis.talks.models import (
    Conversation,
    ConversationItem,
    CoverageGoal,
    Direction,
    FollowUp,
    PullCategory,
    Status,
)
from trellis.talks.prep import QUIET_AFTER, profile_evidence
from trellis.talks.puzzle import Evidence, known_count, puzzle


@dataclass(frozen=True)
class CoverageRow:
    person: Person
    last: dt.datetime | None
    planned: int
    unplanned: int
    open_followups: int
    known: int
    total: int

    @property
    def quiet(self) -> bool:
        return self.last is None or timezone.now() - self.last > QUIET_AFTER


@dataclass(frozen=True)
class Coverage:
    rows: list[CoverageRow]
    goal: int
    this_month_unplanned: int

    @property
    def quiet(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.quiet]


@dataclass
class _Facts:
    """Per report id: conversation figures, open follow-ups, and the dates of what is known."""

    stats: dict[int, dict[str, Any]]
    followups: dict[int, int]
    evidence: dict[int, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    goal_dates: dict[int, dt.datetime] = field(default_factory=dict)
    grow_dates: dict[int, dt.datetime] = field(default_factory=dict)


def _facts(me: Person, ids: list[int]) -> _Facts:
    """Five queries, whatever the number of reports."""
    year_ago = timezone.now() - dt.timedelta(days=365)
    mine = Conversation.objects.filter(author=me, person_id__in=ids, status=Status.HELD)
    stats = mine.values("person_id").annotate(
        last=Max("when"),
        n_planned=Count("id", filter=Q(planned=True, when__gte=year_ago)),
        n_unplanned=Count("id", filter=Q(planned=False, when__gte=year_ago)),
    )
    followups = (
        FollowUp.objects.filter(
            conversation__author=me, conversation__person_id__in=ids, done=False
        )
        .values("conversation__person_id")
        .annotate(n=Count("id"))
        .values_list("conversation__person_id", "n")
    )
    facts = _Facts(stats={row["person_id"]: row for row in stats}, followups=dict(followups))
    latest_items = (
        ConversationItem.objects.filter(
            direction=Direction.PULL, conversation__author=me, conversation__person_id__in=ids
        )
        .values("conversation__person_id", "category")
        .annotate(last=Max("conversation__when"))
    )
    for row in latest_items:
        facts.evidence[row["conversation__person_id"]].append(
            Evidence(row["category"], "conversation", "", timezone.localdate(row["last"]))
        )
    goals = (
        Goal.objects.filter(person_id__in=ids).values("person_id").annotate(last=Max("created_at"))
    )
    facts.goal_dates = {row["person_id"]: row["last"] for row in goals}
    grow = PersonSkill.objects.filter(person_id__in=ids, appetite=Appetite.GROW)
    facts.grow_dates = dict(
        grow.values("person_id").annotate(last=Max("updated_at")).values_list("person_id", "last")
    )
    return facts


def _row(viewer: Viewer, person: Person, facts: _Facts, today: dt.date) -> CoverageRow:
    """One report's figures; completeness uses the sections the viewer may read."""
    profile = getattr(person, "career_profile", None)
    levels = career_access.readable_levels(viewer, person)
    sections = career_access.visible_sections(profile or CareerProfile(person=person), levels)
    found = profile_evidence(profile, sections) + facts.evidence[person.pk]
    if "map" in sections and person.pk in facts.goal_dates:
        on = timezone.localdate(facts.goal_dates[person.pk])
        found.append(Evidence(PullCategory.GOALS, "map", "", on))
    if person.pk in facts.grow_dates:
        on = timezone.localdate(facts.grow_dates[person.pk])
        found.append(Evidence(PullCategory.LEARNING, "skills", "", on))
    pieces = puzzle(found, today=today, keep=0)
    stat = facts.stats.get(person.pk, {})
    return CoverageRow(
        person=person,
        last=stat.get("last"),
        planned=stat.get("n_planned", 0),
        unplanned=stat.get("n_unplanned", 0),
        open_followups=facts.followups.get(person.pk, 0),
        known=known_count(pieces),
        total=len(pieces),
    )


def coverage_for(*, viewer: Viewer, today: dt.date | None = None) -> Coverage:
    """The viewer's direct reports with their conversation figures, in a fixed query count.

    Counts include only conversations the viewer authored (their own coverage), held ones
    in the last twelve months, split by the planned flag (a planned conversation marked
    held stays planned); completeness uses profile sections the viewer may read and
    the viewer's own pull items.
    """
    today = today or timezone.localdate()
    me = viewer.person
    if me is None:
        return Coverage(rows=[], goal=0, this_month_unplanned=0)
    reports = list(
        Person.objects.filter(manager=me, is_active=True)
        .select_related("career_profile")
        .order_by("last_name", "first_name", "pk")
    )
    facts = _facts(me, [p.pk for p in reports])
    rows = [_row(viewer, person, facts, today) for person in reports]
    goal = CoverageGoal.objects.filter(manager=me).values_list("unplanned_per_month", flat=True)
    month_start = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time.min))
    done = Conversation.objects.filter(
        author=me, status=Status.HELD, planned=False, when__gte=month_start
    ).count()
    return Coverage(rows=rows, goal=next(iter(goal), 2), this_month_unplanned=done)


TREND_MONTHS = 12


def held_by_month(*, viewer: Viewer, today: dt.date | None = None) -> Chart:
    """The viewer's held conversations with their reports (today's), planned and unplanned,
    per month over the last year, against their goal for unplanned ones (one query)."""
    today = today or timezone.localdate()
    months = [today.replace(day=1)]
    for _ in range(TREND_MONTHS - 1):
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    counts: dict[tuple[dt.date, bool], int] = defaultdict(int)
    me = viewer.person
    if me is not None:
        since = timezone.make_aware(dt.datetime.combine(months[0], dt.time.min))
        held = (
            Conversation.objects.filter(
                author=me, status=Status.HELD, when__gte=since, person__manager=me
            )
            .annotate(m=TruncMonth("when"))
            .values_list("m", "planned")
            .annotate(n=Count("id"))
        )
        for month, planned, n in held:
            counts[(dt.date(month.year, month.month, 1), planned)] += n
    goal = CoverageGoal.objects.filter(manager=me).values_list("unplanned_per_month", flat=True)
    target = next(iter(goal), 2) if me is not None else 0
    return bar_chart(
        title="Career conversations held per month",
        desc=(
            "Conversations you held with your direct reports each month over the last year, "
            f"planned and unplanned; your goal is {target} unplanned a month."
        ),
        categories=[f"{m:%b %y}" for m in months],
        series=[
            Series("Planned", [counts[(m, True)] for m in months]),
            Series("Unplanned", [counts[(m, False)] for m in months]),
        ],
        marks=[(f"Goal: {target} unplanned", target)] if target else [],
        x_heading="Month",
        y_label="Conversations",
        key="talks-coverage-months",
    )
