"""What HR sees of the market as a whole: skill supply against demand, internal mobility,
and how many people have career conversations — by department, never naming anyone.

Every figure that counts people is withheld when it counts fewer than ``MIN_GROUP`` (DESIGN
§4: analytics never show a group of fewer than five people); the page shows "fewer than 5"
instead. Departments are the org units of kind *department*; people in a unit above any
department (a division's staff, say) are counted under "Outside departments".

All reads are aggregate queries (``GROUP BY``), so the page costs the same handful of
queries at 300 people and at 100,000.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone

from trellis.market.models import (
    Interest,
    InterestEvent,
    InterestStatus,
    OpportunitySkill,
    OpportunityStatus,
)
from trellis.org.access import Viewer
from trellis.org.aggregates import MIN_GROUP, shown, withheld_parts
from trellis.org.models import OrgUnit, Person, UnitKind
from trellis.skills.models import Appetite, PersonSkill, Skill
from trellis.talks.coverage_managers import WINDOW_DAYS
from trellis.talks.models import Conversation, Status

READY_LEVEL = 3  # "can do it without help" on the 0–5 scale
TOP_SKILLS = 15
# A career conversation in about the last six months: the window managers see too.
COVERAGE_DAYS = WINDOW_DAYS
OUTSIDE = 0  # the department id of people outside any department


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    path: str


def departments() -> tuple[list[Department], dict[int, int]]:
    """The departments, and each unit's department id (``OUTSIDE`` above any department)."""
    units = list(OrgUnit.objects.values_list("id", "path", "kind", "name"))
    depts = {
        path: Department(pk, name, path)
        for pk, path, kind, name in units
        if kind == UnitKind.DEPARTMENT
    }
    unit_dept: dict[int, int] = {}
    for pk, path, _kind, _name in units:
        parts = path.split("/")
        unit_dept[pk] = OUTSIDE
        for end in range(len(parts), 0, -1):
            dept = depts.get("/".join(parts[:end]))
            if dept is not None:
                unit_dept[pk] = dept.id
                break
    return sorted(depts.values(), key=lambda d: d.path), unit_dept


def _headcount(unit_dept: dict[int, int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    rows = Person.objects.filter(is_active=True).values_list("unit_id").annotate(n=Count("id"))
    for unit_id, n in rows:
        counts[unit_dept.get(unit_id, OUTSIDE) if unit_id else OUTSIDE] += n
    return counts


@dataclass
class SkillRow:
    skill: Skill
    seats: int  # open seats that require the skill
    opportunities: int
    ready: int  # active people at READY_LEVEL or above
    growing: int  # active people who want to grow it
    by_department: dict[int, int] = field(default_factory=dict)

    @property
    def ready_shown(self) -> int | None:
        return shown(self.ready)

    @property
    def growing_shown(self) -> int | None:
        return shown(self.growing)

    @property
    def ready_per_seat(self) -> float | None:
        """People ready per open seat: below 1 the market is short of the skill."""
        if self.seats == 0 or self.ready < MIN_GROUP:
            return None
        return self.ready / self.seats


@dataclass
class SupplyDemand:
    departments: list[Department]
    rows: list[SkillRow]
    peak: int  # the largest shown cell, for the colour scale

    def table(self) -> list[tuple[SkillRow, list[tuple[int | None, int]]]]:
        return [(row, self.cells(row)) for row in self.rows]

    def cells(self, row: SkillRow) -> list[tuple[int | None, int]]:
        """(count or None when withheld, colour intensity 0–100) per department."""
        return [
            (value, round(100 * value / self.peak) if value and self.peak else 0)
            for value in shown_cells(self.departments, row)
        ]


def shown_cells(departments: list[Department], row: SkillRow) -> list[int | None]:
    """A skill's ready people per department, None where withheld: under ``MIN_GROUP``, or
    beside withheld ones that the row's total would otherwise tell (people outside any
    department have no column, so they count as withheld)."""
    parts = [row.by_department.get(d.id, 0) for d in departments]
    parts.append(row.by_department.get(OUTSIDE, 0))
    hidden = withheld_parts(parts, also={len(parts) - 1})
    return [None if i in hidden else shown(n) for i, n in enumerate(parts[:-1])]


def supply_demand(*, viewer: Viewer, top: int = TOP_SKILLS) -> SupplyDemand:
    """The skills open opportunities ask for most (by seats), against who can and wants to.

    Demand counts seats (capacity) of *open* opportunities whose *required* skills include the
    skill at a minimum level of 1 or more; nice-to-have skills and drafts are left out.
    Supply counts active people at level 3 or more, by department; growth counts active
    people who marked the skill "grow", whatever their level.
    """
    if not viewer.is_hr_or_admin:  # the same 404 as a missing page
        raise Http404
    demand = list(
        OpportunitySkill.objects.filter(
            opportunity__status=OpportunityStatus.OPEN, required=True, min_level__gte=1
        )
        .values_list("skill_id")
        .annotate(seats=Sum("opportunity__capacity"), opps=Count("opportunity_id", distinct=True))
        .order_by("-seats", "skill_id")[:top]
    )
    depts, unit_dept = departments()
    skill_ids = [skill_id for skill_id, _, _ in demand]
    skills = Skill.objects.in_bulk(skill_ids)
    rows = {
        skill_id: SkillRow(
            skill=skills[skill_id], seats=seats, opportunities=opps, ready=0, growing=0
        )
        for skill_id, seats, opps in demand
    }
    people = PersonSkill.objects.filter(skill_id__in=skill_ids, person__is_active=True)
    ready = (
        people.filter(level__gte=READY_LEVEL)
        .values_list("skill_id", "person__unit_id")
        .annotate(n=Count("id"))
    )
    for skill_id, unit_id, n in ready:
        row = rows[skill_id]
        row.ready += n
        dept = unit_dept.get(unit_id, OUTSIDE) if unit_id else OUTSIDE
        row.by_department[dept] = row.by_department.get(dept, 0) + n
    growing = people.filter(appetite=Appetite.GROW).values_list("skill_id").annotate(n=Count("id"))
    for skill_id, n in growing:
        rows[skill_id].growing = n
    peak = max(
        (n or 0 for row in rows.values() for n in shown_cells(depts, row)),
        default=0,
    )
    return SupplyDemand(departments=depts, rows=list(rows.values()), peak=peak)


@dataclass(frozen=True)
class MobilityQuarter:
    label: str
    applied: int
    offered: int
    moved: int

    def figures(self) -> list[int | None]:
        return [shown(self.applied), shown(self.offered), shown(self.moved)]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def mobility(
    *, viewer: Viewer, today: dt.date | None = None, quarters: int = 4
) -> list[MobilityQuarter]:
    """People who applied, were offered and accepted (moved), per calendar quarter.

    Each person counts once per step and quarter, whatever the number of opportunities; the
    current quarter is the last, so far.
    """
    if not viewer.is_hr_or_admin:  # the same 404 as a missing page
        raise Http404
    today = today or timezone.localdate()
    starts = [_quarter_start(today)]
    for _ in range(quarters - 1):
        starts.insert(0, _quarter_start(starts[0] - dt.timedelta(days=1)))
    since = dt.datetime.combine(starts[0], dt.time(), tzinfo=dt.UTC)
    events = InterestEvent.objects.filter(
        at__gte=since,
        to_status__in=[InterestStatus.APPLIED, InterestStatus.OFFERED, InterestStatus.ACCEPTED],
    ).values_list("at", "to_status", "interest__person_id")
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    for at, status, person_id in events.iterator():
        day = timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
        index = max(i for i, start in enumerate(starts) if start <= day)
        seen[(index, status)].add(person_id)
    return [
        MobilityQuarter(
            label=f"{start.year} Q{(start.month - 1) // 3 + 1}",
            applied=len(seen[(i, InterestStatus.APPLIED)]),
            offered=len(seen[(i, InterestStatus.OFFERED)]),
            moved=len(seen[(i, InterestStatus.ACCEPTED)]),
        )
        for i, start in enumerate(starts)
    ]


@dataclass(frozen=True)
class CoverageRow:
    name: str
    people: int
    covered: int  # with a held conversation in the window
    held: int  # conversations held in the window

    @property
    def withheld(self) -> bool:
        return self.people < MIN_GROUP

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.people) if self.people else 0


@dataclass(frozen=True)
class OrgCoverage:
    rows: list[CoverageRow]
    total: CoverageRow
    open_interest: int  # people with a live interest in an opportunity

    @property
    def open_interest_shown(self) -> int | None:
        return shown(self.open_interest)


def coverage(*, viewer: Viewer, today: dt.date | None = None) -> OrgCoverage:
    """Share of active people with a *held* career conversation in the last six months.

    Departments with fewer than five active people are folded into one "smaller
    departments" row, so no row describes a group too small to stay anonymous.
    """
    if not viewer.is_hr_or_admin:  # the same 404 as a missing page
        raise Http404
    today = today or timezone.localdate()
    since = dt.datetime.combine(today - dt.timedelta(days=COVERAGE_DAYS), dt.time(), tzinfo=dt.UTC)
    depts, unit_dept = departments()
    heads = _headcount(unit_dept)
    held = Conversation.objects.filter(status=Status.HELD, when__gte=since, person__is_active=True)
    covered: dict[int, int] = defaultdict(int)
    for unit_id, n in held.values_list("person__unit_id").annotate(
        n=Count("person_id", distinct=True)
    ):
        covered[unit_dept.get(unit_id, OUTSIDE) if unit_id else OUTSIDE] += n
    talks: dict[int, int] = defaultdict(int)
    for unit_id, n in held.values_list("person__unit_id").annotate(n=Count("id")):
        talks[unit_dept.get(unit_id, OUTSIDE) if unit_id else OUTSIDE] += n
    named = [*depts, Department(OUTSIDE, "Outside departments", "")]
    rows, small = [], CoverageRow("Smaller departments (combined)", 0, 0, 0)
    for dept in named:
        row = CoverageRow(
            dept.name, heads.get(dept.id, 0), covered.get(dept.id, 0), talks.get(dept.id, 0)
        )
        if row.people == 0:
            continue
        if row.people < MIN_GROUP:
            small = CoverageRow(
                small.name,
                small.people + row.people,
                small.covered + row.covered,
                small.held + row.held,
            )
        else:
            rows.append(row)
    # A few people in smaller departments would be told by subtracting the others from the
    # whole organization: the smallest departments join them until they are enough.
    rows.sort(key=lambda r: r.people)
    while 0 < small.people < MIN_GROUP and rows:
        joined = rows.pop(0)
        small = CoverageRow(
            small.name,
            small.people + joined.people,
            small.covered + joined.covered,
            small.held + joined.held,
        )
    rows.sort(key=lambda r: [d.name for d in named].index(r.name))
    if small.people:
        rows.append(small)
    total = CoverageRow(
        "Whole organization",
        sum(r.people for r in rows),
        sum(r.covered for r in rows),
        sum(r.held for r in rows),
    )
    live = Interest.objects.filter(
        status__in=[
            InterestStatus.INTERESTED,
            InterestStatus.APPLIED,
            InterestStatus.SHORTLISTED,
            InterestStatus.OFFERED,
        ]
    )
    people = live.values("person_id").distinct().count()
    return OrgCoverage(rows=rows, total=total, open_interest=people)
