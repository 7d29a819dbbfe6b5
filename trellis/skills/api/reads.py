"""JSON reads of the taxonomy and the roles: skills, roles, requirements, lattice edges,
role search and a person's gap to a role.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from trellis.org import selectors as org_selectors
from trellis.org.access import viewer_of
from trellis.org.validation import (
    PAGE_SIZE_MAX,
    Id,
    SearchText,
    paged,
)
from trellis.skills import selectors
from trellis.skills.gap import RoleGap
from trellis.skills.models import (
    Role,
    RoleTransition,
    Skill,
)

# One router for the three modules: a path read here and written in architecture (GET and
# POST /roles, for instance) must be one route, or the first would answer 405 to the other.
router = Router(tags=["skills and roles"])


class SkillOut(Schema):
    id: int
    name: str
    category: str
    description: str
    aliases: list[str]
    esco_uri: str
    onet_id: str

    @staticmethod
    def resolve_aliases(obj: object) -> list[str]:
        if isinstance(obj, dict | SkillOut):
            return list(obj["aliases"] if isinstance(obj, dict) else obj.aliases)
        return [a.name for a in obj.aliases.all()]  # type: ignore[attr-defined]


class RequirementOut(Schema):
    skill_id: int
    skill: str
    min_level: int
    importance: int
    required: bool


class RoleOut(Schema):
    id: int
    code: str
    title: str
    family: str
    track: str
    level: int
    description: str
    external_code: str


class RoleDetailOut(RoleOut):
    requirements: list[RequirementOut]


def _skill(skill: Skill) -> SkillOut:
    return SkillOut(
        id=skill.pk,
        name=skill.name,
        category=skill.category,
        description=skill.description,
        aliases=[a.name for a in skill.aliases.all()],
        esco_uri=skill.esco_uri,
        onet_id=skill.onet_id,
    )


def _role(role: Role) -> dict[str, object]:
    return {
        "id": role.pk,
        "code": role.code,
        "title": role.title,
        "family": role.family.name,
        "track": role.track,
        "level": role.level,
        "description": role.description,
        "external_code": role.external_code,
    }


@router.get("/skills", response=list[SkillOut])
@paged(page_size=PAGE_SIZE_MAX)
def skills_list(request: HttpRequest, q: SearchText = "", category: SearchText = ""):
    viewer = viewer_of(request)
    return selectors.skill_search(viewer=viewer, q=q.strip(), category=category)


@router.get("/skills/{pk}", response=SkillOut)
def skill_get(request: HttpRequest, pk: Id) -> SkillOut:
    return _skill(selectors.skill_get(viewer=viewer_of(request), pk=pk))


@router.get("/roles", response=list[RoleOut])
def roles_list(request: HttpRequest) -> list[dict[str, object]]:
    viewer = viewer_of(request)
    return [
        _role(role)
        for group in selectors.roles_by_family(viewer=viewer)
        for roles in group.tracks.values()
        for role in roles
    ]


@router.get("/roles/{pk}", response=RoleDetailOut)
def role_get(request: HttpRequest, pk: Id) -> dict[str, object]:
    role = selectors.role_get(viewer=viewer_of(request), pk=pk)
    data = _role(role)
    data["requirements"] = [
        RequirementOut(
            skill_id=r.skill_id,
            skill=r.skill.name,
            min_level=r.min_level,
            importance=r.importance,
            required=r.is_required,
        )
        for r in selectors.role_requirements(role=role)
    ]
    return data


# ---------------------------------------------------------------------------------------------
# Requirements, lattice edges, search and a person's gap
# ---------------------------------------------------------------------------------------------


class TransitionOut(Schema):
    id: int
    from_role_id: int
    to_role_id: int
    kind: str
    typical_months: int | None


class GapItemOut(Schema):
    skill_id: int
    skill: str
    min_level: int
    importance: int
    required: bool
    level: int | None
    status: str
    credit: float


class GapOut(Schema):
    person_id: int
    role_id: int
    readiness_pct: float | None
    nice_to_have_pct: float | None
    items: list[GapItemOut]
    neighbours: list[dict[str, object]]


def _gap_items(gap: RoleGap) -> list[GapItemOut]:
    return [
        GapItemOut(
            skill_id=i.requirement.skill_id,
            skill=i.requirement.skill_name,
            min_level=i.requirement.min_level,
            importance=i.requirement.importance,
            required=i.requirement.is_required,
            level=i.level,
            status=i.status.value,
            credit=round(i.credit, 3),
        )
        for i in [*gap.required, *gap.nice_to_have]
    ]


def _edge(t: RoleTransition) -> TransitionOut:
    return TransitionOut(
        id=t.pk,
        from_role_id=t.from_role_id,
        to_role_id=t.to_role_id,
        kind=t.kind,
        typical_months=t.typical_months,
    )


@router.get("/roles/{pk}/requirements", response=list[RequirementOut])
def role_requirements(request: HttpRequest, pk: Id) -> list[RequirementOut]:
    role = selectors.role_get(viewer=viewer_of(request), pk=pk)
    return [
        RequirementOut(
            skill_id=r.skill_id,
            skill=r.skill.name,
            min_level=r.min_level,
            importance=r.importance,
            required=r.is_required,
        )
        for r in selectors.role_requirements(role=role)
    ]


@router.get("/roles/{pk}/transitions", response=list[TransitionOut])
def role_transitions(request: HttpRequest, pk: Id) -> list[TransitionOut]:
    role = selectors.role_get(viewer=viewer_of(request), pk=pk)
    out, into = selectors.role_transitions(role=role)
    return [_edge(t) for t in [*out, *into]]


@router.get("/role-search", response=list[RoleOut])
def role_search(request: HttpRequest, q: SearchText) -> list[dict[str, object]]:
    viewer = viewer_of(request)
    return [_role(role) for role in selectors.role_search(viewer=viewer, q=q.strip()[:100])]


@router.get("/people/{person_id}/gap/{role_id}", response=GapOut)
def person_gap(request: HttpRequest, person_id: Id, role_id: Id) -> GapOut:
    """The person's gap to the role; 404 unless the caller may see the person's details."""
    viewer = viewer_of(request)
    person = org_selectors.person_get_with_details(viewer=viewer, pk=person_id)
    role = selectors.role_get(viewer=viewer, pk=role_id)
    report = selectors.person_gap(viewer=viewer, person=person, role=role)
    return GapOut(
        person_id=person.pk,
        role_id=role.pk,
        readiness_pct=report.gap.readiness_pct,
        nice_to_have_pct=report.gap.nice_to_have_pct,
        items=_gap_items(report.gap),
        neighbours=[
            {
                "role_id": n.role.pk,
                "title": n.role.title,
                "readiness_pct": n.gap.readiness_pct,
                "kinds": n.kinds,
                "on_lattice": n.on_lattice,
                "suggested": n.suggested,
            }
            for n in report.neighbours
        ],
    )
