"""Reads for HR's editing of the job architecture, and the counts on the data-sources page.

The editing reads are for HR partners and admins only (the pages are behind ``hr_required``
and the API operations behind ``hr_viewer``); anyone else gets the 404 of a missing object.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from trellis.org.access import Viewer
from trellis.skills.models import (
    ONET_CODE_REGEX,
    JobFamily,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
)


def requirement_get(*, viewer: Viewer, role: Role, skill_id: int) -> RoleRequirement:
    """The role's requirement of that skill, for editing; 404 if it has none."""
    if not viewer.is_hr_or_admin:
        raise Http404
    found = RoleRequirement.objects.select_related("skill").filter(role=role, skill_id=skill_id)
    requirement = found.first()
    if requirement is None:
        raise Http404
    return requirement


def transition_get(*, viewer: Viewer, role: Role, pk: int) -> RoleTransition:
    """A career move from or into the role, for editing; 404 for any other."""
    if not viewer.is_hr_or_admin:
        raise Http404
    edge = RoleTransition.objects.filter(Q(from_role=role) | Q(to_role=role), pk=pk).first()
    if edge is None:
        raise Http404
    return edge


def family_get(*, pk: int) -> JobFamily:
    """A job family named in an edit (families are public); 404 for an unknown id."""
    family = JobFamily.objects.filter(pk=pk).first()
    if family is None:
        raise Http404
    return family


def source_counts(*, viewer: Viewer) -> dict[str, int]:
    """How many roles and skills came from O*NET and from ESCO (the taxonomy is public)."""
    if not viewer.is_authenticated:
        raise Http404
    return {
        "onet_roles": Role.objects.filter(code__regex=ONET_CODE_REGEX).count(),
        "onet_skills": Skill.objects.exclude(onet_id="").count(),
        "esco_roles": Role.objects.exclude(esco_uri="").count(),
        "esco_skills": Skill.objects.exclude(esco_uri="").count(),
    }
