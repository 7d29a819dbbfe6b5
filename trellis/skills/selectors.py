"""Reads of the taxonomy and job architecture (readable by anyone logged in)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from trellis.org.access import Viewer
from trellis.skills.models import (
    JobFamily,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
)


def _require_login(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise Http404


def skill_search(*, viewer: Viewer, q: str = "", category: str = "") -> QuerySet[Skill]:
    """Skills whose name or any alias contains the text, in name order."""
    _require_login(viewer)
    qs = Skill.objects.prefetch_related(Prefetch("aliases", queryset=SkillAlias.objects.all()))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q)).distinct()
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("name")


def skill_get(*, viewer: Viewer, pk: int) -> Skill:
    _require_login(viewer)
    skill = Skill.objects.prefetch_related("aliases").filter(pk=pk).first()
    if skill is None:
        raise Http404
    return skill


def skill_roles(*, skill: Skill) -> list[RoleRequirement]:
    return list(
        RoleRequirement.objects.filter(skill=skill)
        .select_related("role", "role__family")
        .order_by("role__family__name", "role__level", "role__title")
    )


@dataclass
class FamilyRoles:
    family: JobFamily
    tracks: dict[str, list[Role]]


def roles_by_family(*, viewer: Viewer) -> list[FamilyRoles]:
    """Roles grouped by family and track, levels ascending (two queries)."""
    _require_login(viewer)
    roles = Role.objects.select_related("family").annotate(n_requirements=Count("requirements"))
    grouped: dict[int, dict[str, list[Role]]] = defaultdict(lambda: defaultdict(list))
    families: dict[int, JobFamily] = {}
    for role in roles.order_by("family__name", "track", "level", "title"):
        families[role.family_id] = role.family
        grouped[role.family_id][role.get_track_display()].append(role)
    return [
        FamilyRoles(family=families[fid], tracks=dict(tracks)) for fid, tracks in grouped.items()
    ]


def role_get(*, viewer: Viewer, pk: int) -> Role:
    _require_login(viewer)
    role = Role.objects.select_related("family", "unit").filter(pk=pk).first()
    if role is None:
        raise Http404
    return role


def role_requirements(*, role: Role) -> list[RoleRequirement]:
    return list(role.requirements.select_related("skill"))


def role_transitions(*, role: Role) -> tuple[list[RoleTransition], list[RoleTransition]]:
    """Edges out of and into the role on the career lattice."""
    out = list(role.transitions_out.select_related("to_role", "to_role__family"))
    into = list(role.transitions_in.select_related("from_role", "from_role__family"))
    return out, into
