"""From a target role's gap to proposed map actions (one per missing or partly met need).

The gap itself is computed by :mod:`trellis.skills.gap`; this module fetches the inputs and
words the proposals.
"""

from __future__ import annotations

from dataclasses import dataclass

from trellis.careers.models import ActionKind
from trellis.skills.gap import GapStatus, Requirement, RoleGap, role_gap
from trellis.skills.learning import learning_for_skills
from trellis.skills.models import LearningItem, PersonSkill, Role, RoleRequirement


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
    learning: LearningItem | None = None  # the catalog's first suggestion for the skill


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
    """One proposed action per required skill not yet met, biggest gaps first; when the
    learning catalog has an item for the skill, the action follows it."""
    gap = gap_for(person_id=person_id, role=role)
    needs = {
        i.requirement.skill_id: i.requirement.min_level
        for i in gap.required
        if i.status != GapStatus.MET
    }
    best: dict[int, LearningItem] = {}
    for suggestion in learning_for_skills(needs=needs, per_skill=1):
        for skill, _ in suggestion.skills:
            best.setdefault(skill.pk, suggestion.item)
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
        way = best.get(req.skill_id)
        if way is not None:
            kind = ActionKind.LEARN if way.kind != "stretch" else ActionKind.EXPERIENCE
            title = f"{way.get_kind_display()}: {way.title} (for {req.skill_name})"[:200]
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
                learning=way,
            )
        )
    return proposals
