"""The demo's skills taxonomy and job architecture: families, roles, KSA requirements, lattice.

Built from :mod:`trellis.skills.demo_catalog` with its own random stream, so the job
architecture is the same whatever the number of people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from trellis.skills.demo_catalog import (
    COMMON_SKILLS,
    EXECUTIVE_FAMILY,
    EXECUTIVE_ROLES,
    EXTRA_SKILLS,
    FAMILIES,
    LEADERSHIP_SKILLS,
    SKILL_ALIASES,
    SKILL_GROUPS,
    SKILLS_BY_CATEGORY,
    FamilySpec,
)
from trellis.skills.models import (
    JobFamily,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
    Track,
    TransitionKind,
)

BATCH = 2000
IC_LEVELS = range(1, 7)
MGMT_LEVELS = range(3, 7)
# Minimum level asked of an IC's core skills, by role level.
_IC_BASE_LEVEL = {1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 4}
_PROMOTION_MONTHS = {1: 18, 2: 24, 3: 30, 4: 36, 5: 48, 6: 48}


@dataclass(frozen=True)
class Requirement:
    skill_id: int
    min_level: int
    importance: int
    is_required: bool


@dataclass
class RoleInfo:
    pk: int
    code: str
    title: str
    family: str
    track: str
    level: int
    requirements: list[Requirement] = field(default_factory=list)


@dataclass
class JobArchitecture:
    skill_ids: dict[str, int]
    roles: dict[tuple[str, str, int], RoleInfo]  # (family code, track, level)
    # Skills a person of the family may list beyond their role's (adjacent or general).
    extras_by_family: dict[str, list[int]]
    families: int = 0
    aliases: int = 0
    requirements: int = 0
    transitions: int = 0

    def role(self, family: str, track: str, level: int) -> RoleInfo:
        return self.roles[(family, track, level)]


def _next_pk(model: type[Skill | SkillAlias | JobFamily | Role]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def skill_groups() -> dict[str, list[str]]:
    """Each group of :data:`SKILL_GROUPS` with the skills it holds, in the catalog's order."""
    members: dict[str, list[str]] = {}
    for category, names in SKILLS_BY_CATEGORY.items():
        starts = {first: group for group, cat, first in SKILL_GROUPS if cat == category}
        current = None
        for name in names:
            current = starts.get(name, current)
            if current is not None:
                members.setdefault(current, []).append(name)
    return members


def _build_skill_groups(skill_ids: dict[str, int], pk: int) -> None:
    """The groups above the skills (numbered after them, so no skill's number moves)."""
    category = {group: cat for group, cat, _ in SKILL_GROUPS}
    for group, names in skill_groups().items():
        Skill.objects.create(pk=pk, name=group, category=category[group])
        Skill.objects.filter(pk__in=[skill_ids[n] for n in names]).update(parent_id=pk)
        pk += 1


def _build_skills() -> tuple[dict[str, int], int]:
    skill_ids: dict[str, int] = {}
    rows: list[Skill] = []
    pk = _next_pk(Skill)
    for category, names in SKILLS_BY_CATEGORY.items():
        for name in names:
            if name in skill_ids:
                continue  # a name listed twice keeps its first category
            skill_ids[name] = pk
            rows.append(Skill(pk=pk, name=name, category=category))
            pk += 1
    Skill.objects.bulk_create(rows, batch_size=BATCH)
    _build_skill_groups(skill_ids, pk)
    aliases = [
        SkillAlias(skill_id=skill_ids[name], name=alias)
        for name, names in SKILL_ALIASES.items()
        for alias in names
    ]
    SkillAlias.objects.bulk_create(aliases, batch_size=BATCH)
    return skill_ids, len(aliases)


def _ic_requirements(
    spec: FamilySpec, level: int, ids: dict[str, int], rng: random.Random
) -> list[Requirement]:
    base = _IC_BASE_LEVEL[level]
    core_count = 4 + (level >= 3) + (level >= 5)
    # The three most central skills always count; the rest vary a little between levels.
    core = list(spec.skills[:3]) + rng.sample(spec.skills[3:9], core_count - 3)
    reqs = [
        Requirement(
            skill_id=ids[name],
            min_level=min(5, base + int(level >= 4 and index < 2)),
            importance=5 if index < 2 else 4 if index < 4 else 3,
            is_required=True,
        )
        for index, name in enumerate(core)
    ]
    commons = [name for name in COMMON_SKILLS if name not in core]
    broad = rng.sample(commons, 1 + (level >= 4))
    if level >= 4:
        broad.append("Mentoring" if level < 6 else "Technical leadership")
    reqs += [Requirement(ids[name], max(1, base - 1), rng.choice((2, 3)), True) for name in broad]
    taken = set(core) | set(broad)
    nice = rng.sample([name for name in spec.skills if name not in taken], 2)
    # At most eight required skills plus two nice-to-haves: 7 to 10 in all.
    return reqs[:8] + [
        Requirement(ids[name], max(1, base - 1), rng.choice((1, 2)), False) for name in nice
    ]


def _mgmt_requirements(
    spec: FamilySpec, level: int, ids: dict[str, int], rng: random.Random
) -> list[Requirement]:
    # Managers keep working depth in their craft and add leadership that grows with level.
    reqs = [Requirement(ids[name], 3, 3, True) for name in spec.skills[:3]]
    leadership = ["People management", "Coaching", "Hiring", "Stakeholder management"]
    if level >= 4:
        leadership.append("Budgeting")
    if level >= 5:
        leadership += ["Strategic planning", "Change management"]
    leadership = [name for name in leadership if name not in spec.skills[:3]]
    reqs += [
        Requirement(ids[name], min(5, max(2, level - 1 - (index >= 3))), 5 - min(index, 2), True)
        for index, name in enumerate(leadership)
    ]
    spare = [
        name for name in LEADERSHIP_SKILLS if name not in leadership and name not in spec.skills
    ]
    nice = rng.sample(spare, 2)
    return reqs[:8] + [Requirement(ids[name], max(2, level - 2), 2, False) for name in nice]


def build_job_architecture(
    *, rng: random.Random, family_units: dict[str, int | None]
) -> JobArchitecture:
    """Write skills, aliases, families, roles, requirements and transitions in bulk."""
    skill_ids, alias_count = _build_skills()
    family_pk = _next_pk(JobFamily)
    role_pk = _next_pk(Role)
    families: list[JobFamily] = []
    roles: dict[tuple[str, str, int], RoleInfo] = {}
    for spec in (*FAMILIES, EXECUTIVE_FAMILY):
        families.append(JobFamily(pk=family_pk, name=spec.name))
        if spec is EXECUTIVE_FAMILY:
            ladder = [(track, level, title) for track, level, title in EXECUTIVE_ROLES]
        else:
            ladder = [("ic", level, spec.ic_titles[level - 1]) for level in IC_LEVELS]
            ladder += [("management", lvl, spec.mgmt_titles[lvl - 3]) for lvl in MGMT_LEVELS]
        for track, level, title in ladder:
            code = f"{spec.code}-{'IC' if track == 'ic' else 'M'}{level}"
            info = RoleInfo(role_pk, code, title, spec.code, track, level)
            if spec is EXECUTIVE_FAMILY:
                info.requirements = _executive_requirements(level, skill_ids, rng)
            elif track == "ic":
                info.requirements = _ic_requirements(spec, level, skill_ids, rng)
            else:
                info.requirements = _mgmt_requirements(spec, level, skill_ids, rng)
            roles[(spec.code, track, level)] = info
            role_pk += 1
        family_pk += 1
    JobFamily.objects.bulk_create(families, batch_size=BATCH)
    family_of = {
        spec.code: family.pk
        for spec, family in zip((*FAMILIES, EXECUTIVE_FAMILY), families, strict=True)
    }
    Role.objects.bulk_create(
        [
            Role(
                pk=info.pk,
                code=info.code,
                title=info.title,
                family_id=family_of[info.family],
                track=Track.INDIVIDUAL if info.track == "ic" else Track.MANAGEMENT,
                level=info.level,
                unit_id=family_units.get(info.family),
                description=f"{info.title} in {_family_name(info.family)}.",
            )
            for info in roles.values()
        ],
        batch_size=BATCH,
    )
    requirements = [
        RoleRequirement(
            role_id=info.pk,
            skill_id=req.skill_id,
            min_level=req.min_level,
            importance=req.importance,
            is_required=req.is_required,
        )
        for info in roles.values()
        for req in info.requirements
    ]
    RoleRequirement.objects.bulk_create(requirements, batch_size=BATCH)
    transitions = _transitions(roles)
    RoleTransition.objects.bulk_create(transitions, batch_size=BATCH)
    return JobArchitecture(
        skill_ids=skill_ids,
        roles=roles,
        extras_by_family=_extras(skill_ids),
        families=len(families),
        aliases=alias_count,
        requirements=len(requirements),
        transitions=len(transitions),
    )


def _family_name(code: str) -> str:
    return next(spec.name for spec in (*FAMILIES, EXECUTIVE_FAMILY) if spec.code == code)


def _executive_requirements(
    level: int, ids: dict[str, int], rng: random.Random
) -> list[Requirement]:
    skills = EXECUTIVE_FAMILY.skills
    if level == 2:  # Executive Assistant
        picked = [
            "Calendar management",
            "Meeting planning",
            "Discretion",
            "Project management",
            "Written communication",
            "Attention to detail",
        ]
    elif level == 5:  # Chief of Staff
        picked = [
            "Strategic planning",
            "Stakeholder management",
            "Project management",
            "Decision making",
            "Influencing",
            "Organisational design",
            "Financial acumen",
        ]
    else:  # Chief Executive Officer
        picked = [
            "Strategic planning",
            "Decision making",
            "Public speaking",
            "Stakeholder management",
            "Financial acumen",
            "People management",
            "Organisational design",
            "Strategic thinking",
        ]
    base = 3 if level == 2 else 4
    reqs = [
        Requirement(
            ids[name], min(5, base + int(index < 2 and level == 7)), 5 - min(index, 3), True
        )
        for index, name in enumerate(picked)
    ]
    nice = rng.sample([name for name in skills if name not in picked], 2)
    return reqs[:8] + [Requirement(ids[name], max(1, base - 1), 2, False) for name in nice]


def _transitions(roles: dict[tuple[str, str, int], RoleInfo]) -> list[RoleTransition]:
    edges: dict[tuple[int, int], RoleTransition] = {}

    def add(src: RoleInfo | None, dst: RoleInfo | None, kind: str, months: int) -> None:
        if src is None or dst is None or (src.pk, dst.pk) in edges:
            return
        edges[(src.pk, dst.pk)] = RoleTransition(
            from_role_id=src.pk, to_role_id=dst.pk, kind=kind, typical_months=months
        )

    for spec in FAMILIES:
        code = spec.code
        for level in IC_LEVELS:
            add(
                roles.get((code, "ic", level)),
                roles.get((code, "ic", level + 1)),
                TransitionKind.PROMOTION,
                _PROMOTION_MONTHS[level],
            )
        for level in MGMT_LEVELS:
            add(
                roles.get((code, "management", level)),
                roles.get((code, "management", level + 1)),
                TransitionKind.PROMOTION,
                36,
            )
        # Trying management is an experiment one can walk back from.
        add(roles[(code, "ic", 3)], roles[(code, "management", 3)], TransitionKind.EXPLORATORY, 24)
        add(roles[(code, "ic", 4)], roles[(code, "management", 4)], TransitionKind.EXPLORATORY, 30)
        add(roles[(code, "management", 3)], roles[(code, "ic", 4)], TransitionKind.LATERAL, 24)
        for other in spec.related:
            for level in (2, 3, 4):
                add(
                    roles[(code, "ic", level)],
                    roles[(other, "ic", level)],
                    TransitionKind.LATERAL,
                    18,
                )
    add(roles[("EXE", "ic", 5)], roles[("OPS", "management", 5)], TransitionKind.LATERAL, 24)
    return list(edges.values())


def _extras(skill_ids: dict[str, int]) -> dict[str, list[int]]:
    general = [skill_ids[name] for name in EXTRA_SKILLS]
    extras: dict[str, list[int]] = {}
    for spec in (*FAMILIES, EXECUTIVE_FAMILY):
        related = [
            name
            for code in spec.related
            for other in FAMILIES
            if other.code == code
            for name in other.skills[:6]
        ]
        pool = [skill_ids[name] for name in (*spec.skills, *related)]
        # dict.fromkeys keeps the first occurrence and the order: deterministic de-duplication.
        extras[spec.code] = list(dict.fromkeys(pool + general))
    return extras
