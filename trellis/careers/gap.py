"""From a target role's gap to proposed map actions (one per missing or partly met need).

The gap itself is computed by :mod:`trellis.skills.gap`; this module fetches the inputs and
words the proposals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from trellis.careers.models import ActionKind, PersonSkillHistory
from trellis.org.svgcharts import Chart, Series, line_chart
from trellis.skills.gap import GapStatus, Requirement, RoleGap, role_gap
from trellis.skills.models import PersonSkill, Role, RoleRequirement


@dataclass(frozen=True)
class Proposal:
    skill_id: int
    skill_name: str
    status: str
    level: int
    min_level: int
    kind: str
    title: str
    measure: str


def gap_for(*, person_id: int, role: Role) -> RoleGap:
    requirements = [
        Requirement(
            skill_id=r.skill_id,
            skill_name=r.skill.name,
            min_level=r.min_level,
            importance=r.importance,
            is_required=r.is_required,
        )
        for r in RoleRequirement.objects.filter(role=role).select_related("skill")
    ]
    levels = dict(PersonSkill.objects.filter(person_id=person_id).values_list("skill_id", "level"))
    return role_gap(
        role_id=role.pk, role_title=role.title, requirements=requirements, levels=levels
    )


def proposals_for(*, person_id: int, role: Role) -> list[Proposal]:
    """One proposed action per required skill not yet met, biggest gaps first."""
    gap = gap_for(person_id=person_id, role=role)
    proposals = []
    for item in gap.required:
        req = item.requirement
        level = item.level or 0
        if item.status == GapStatus.MISSING:
            kind = ActionKind.LEARN
            title = f"Learn {req.skill_name} from the ground up"
        elif item.status == GapStatus.PARTIAL:
            kind = ActionKind.EXPERIENCE
            title = f"Use {req.skill_name} on real work to grow from {level} to {req.min_level}"
        else:
            continue
        proposals.append(
            Proposal(
                skill_id=req.skill_id,
                skill_name=req.skill_name,
                status=str(item.status),
                level=level,
                min_level=req.min_level,
                kind=str(kind),
                title=title,
                measure=f"{req.skill_name} at level {req.min_level}, agreed with my manager",
            )
        )
    return proposals


def _replay(
    role: Role,
    requirements: list[Requirement],
    rows: list[tuple[dt.datetime, int, int]],
    now: dict[int, int],
) -> list[tuple[dt.datetime, float]]:
    wanted = {r.skill_id for r in requirements}
    levels: dict[int, int] = {}
    points: list[tuple[dt.datetime, float]] = []

    def readiness(held: dict[int, int]) -> float | None:
        return role_gap(
            role_id=role.pk, role_title=role.title, requirements=requirements, levels=held
        ).readiness_pct

    for at, skill_id, level in rows:
        if skill_id not in wanted:
            continue
        levels[skill_id] = level
        pct = readiness(levels)
        if pct is not None and (not points or points[-1][1] != pct):
            points.append((at, pct))
    pct = readiness(now)
    if pct is not None:
        points.append((timezone.now(), pct))
    return points


def readiness_history(
    *, person_id: int, roles: list[Role]
) -> dict[int, list[tuple[dt.datetime, float]]]:
    """Per role: readiness after each recorded change of one of its required skills, and
    now, oldest first (the figure of :func:`trellis.skills.gap.role_gap`). Three queries
    whatever the number of roles.

    Replays the person's skill history (``PersonSkillHistory``, one row per change) over
    each role's requirements as they are today. A skill held before its history was kept
    counts from its first change on; a removed skill leaves no row, so it counts at its
    last level until the last point, which always uses the levels held now.
    """
    by_role: dict[int, list[Requirement]] = {role.pk: [] for role in roles}
    for r in RoleRequirement.objects.filter(role__in=roles, is_required=True).select_related(
        "skill"
    ):
        by_role[r.role_id].append(
            Requirement(r.skill_id, r.skill.name, r.min_level, r.importance, r.is_required)
        )
    wanted = {r.skill_id for reqs in by_role.values() for r in reqs}
    if not wanted:
        return {role.pk: [] for role in roles}
    rows = list(
        PersonSkillHistory.objects.filter(person_id=person_id, skill_id__in=wanted)
        .order_by("at", "id")
        .values_list("at", "skill_id", "level")
    )
    now = dict(
        PersonSkill.objects.filter(person_id=person_id, skill_id__in=wanted).values_list(
            "skill_id", "level"
        )
    )
    return {
        role.pk: _replay(role, by_role[role.pk], rows, now) if by_role[role.pk] else []
        for role in roles
    }


def readiness_charts(*, person_id: int, roles: list[Role]) -> dict[int, Chart]:
    """Per role, the line of :func:`readiness_history` (dated, 0–100 %)."""
    history = readiness_history(person_id=person_id, roles=roles)
    return {role.pk: _readiness_chart(role, history[role.pk]) for role in roles}


def _readiness_chart(role: Role, points: list[tuple[dt.datetime, float]]) -> Chart:
    latest = f"; now {points[-1][1]:.0f}%" if points else ""
    return line_chart(
        title=f"Readiness toward {role.title} over time",
        desc=(
            f"Share of the role's required skills met, weighted by importance, after each "
            f"change of one of them{latest}."
        ),
        x=[timezone.localtime(at) for at, _ in points],
        series=[Series("Readiness", [round(pct, 1) for _, pct in points])],
        x_heading="When",
        y_label="% ready",
        y_range=(0, 100),
        y_format=lambda v: f"{v:g}%",
        key=f"readiness-{role.pk}",
        height=220,
    )
