"""JSON endpoints for the taxonomy and the roles."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from trellis.org.access import viewer_for
from trellis.skills import selectors
from trellis.skills.models import Role, Skill

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
@paginate(PageNumberPagination, page_size=100)
def skills_list(request: HttpRequest, q: str = "", category: str = ""):  # type: ignore[no-untyped-def]
    viewer = viewer_for(request.user)
    return selectors.skill_search(viewer=viewer, q=q.strip(), category=category)


@router.get("/skills/{pk}", response=SkillOut)
def skill_get(request: HttpRequest, pk: int) -> SkillOut:
    return _skill(selectors.skill_get(viewer=viewer_for(request.user), pk=pk))


@router.get("/roles", response=list[RoleOut])
def roles_list(request: HttpRequest) -> list[dict[str, object]]:
    viewer = viewer_for(request.user)
    return [
        _role(role)
        for group in selectors.roles_by_family(viewer=viewer)
        for roles in group.tracks.values()
        for role in roles
    ]


@router.get("/roles/{pk}", response=RoleDetailOut)
def role_get(request: HttpRequest, pk: int) -> dict[str, object]:
    role = selectors.role_get(viewer=viewer_for(request.user), pk=pk)
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
