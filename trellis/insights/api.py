"""HR's insights as JSON: the figures of the insights page, from the same cached figures
(:mod:`trellis.insights.snapshot`) and with the same rule: a count of fewer than
``MIN_GROUP`` people is withheld (null), never shown. HR partners and admins only; anyone
else gets 404."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from trellis.insights import selectors, snapshot
from trellis.insights.selectors import CoverageRow, SupplyDemand
from trellis.org.access import hr_viewer

router = Router(tags=["insights"])


class DepartmentOut(Schema):
    id: int
    name: str
    path: str


class DepartmentCount(Schema):
    department: int
    people: int | None


class SkillSupplyOut(Schema):
    """One skill open opportunities require: seats asking for it, people ready (level 3 or
    more) and growing it; people counts below ``min_group`` are null."""

    skill_id: int
    skill: str
    seats: int
    opportunities: int
    ready: int | None
    growing: int | None
    ready_per_seat: float | None
    by_department: list[DepartmentCount]


class SupplyOut(Schema):
    departments: list[DepartmentOut]
    skills: list[SkillSupplyOut]


class QuarterOut(Schema):
    quarter: str
    applied: int | None
    offered: int | None
    moved: int | None


class CoverageRowOut(Schema):
    """A department (or the group of smaller ones): null figures when it has fewer than
    ``min_group`` people."""

    name: str
    withheld: bool
    people: int | None
    percent: int | None
    held: int | None


class CoverageOut(Schema):
    rows: list[CoverageRowOut]
    total: CoverageRowOut
    open_interest: int | None


class InsightsOut(Schema):
    as_of: dt.datetime
    min_group: int
    ready_level: int
    supply: SupplyOut
    mobility: list[QuarterOut]
    coverage: CoverageOut


def _supply(supply: SupplyDemand) -> SupplyOut:
    return SupplyOut(
        departments=[DepartmentOut(id=d.id, name=d.name, path=d.path) for d in supply.departments],
        skills=[
            SkillSupplyOut(
                skill_id=row.skill.pk,
                skill=row.skill.name,
                seats=row.seats,
                opportunities=row.opportunities,
                ready=row.ready_shown,
                growing=row.growing_shown,
                ready_per_seat=round(row.ready_per_seat, 4)
                if row.ready_per_seat is not None
                else None,
                by_department=[
                    DepartmentCount(department=dept.id, people=value)
                    for dept, (value, _heat) in zip(
                        supply.departments, supply.cells(row), strict=True
                    )
                ],
            )
            for row in supply.rows
        ],
    )


def _coverage_row(row: CoverageRow) -> CoverageRowOut:
    if row.withheld:
        return CoverageRowOut(name=row.name, withheld=True, people=None, percent=None, held=None)
    return CoverageRowOut(
        name=row.name, withheld=False, people=row.people, percent=row.percent, held=row.held
    )


@router.get("/insights", response=InsightsOut)
def insights(request: HttpRequest) -> InsightsOut:
    """Skill supply against demand by department, internal mobility per quarter, and career
    conversation coverage, as on the insights page (figures at most a few minutes old)."""
    figures = snapshot.insights_cached(viewer=hr_viewer(request))
    coverage = figures["coverage"]
    return InsightsOut(
        as_of=figures["as_of"],
        min_group=selectors.MIN_GROUP,
        ready_level=selectors.READY_LEVEL,
        supply=_supply(figures["supply"]),
        mobility=[
            QuarterOut(
                quarter=q.label,
                applied=q.figures()[0],
                offered=q.figures()[1],
                moved=q.figures()[2],
            )
            for q in figures["mobility"]
        ],
        coverage=CoverageOut(
            rows=[_coverage_row(r) for r in coverage.rows],
            total=_coverage_row(coverage.total),
            open_interest=coverage.open_interest_shown,
        ),
    )
