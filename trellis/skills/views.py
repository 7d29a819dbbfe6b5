"""Read-only pages of the skills taxonomy and the roles with their KSA requirements."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.org import selectors as org_selectors
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.skills import selectors
from trellis.skills.models import LEVEL_ANCHORS, SkillCategory


@login_required
def skill_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    q = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    if category not in SkillCategory.values:
        category = ""
    skills = selectors.skill_search(viewer=viewer, q=q, category=category)
    page = Paginator(skills, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "category": category,
        "categories": SkillCategory.choices,
        "anchors": LEVEL_ANCHORS.items(),
    }
    return render(request, "skills/skill_list.html", context)


@login_required
def skill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    skill = selectors.skill_get(viewer=viewer, pk=pk)
    context = {"skill": skill, "requirements": selectors.skill_roles(skill=skill)}
    return render(request, "skills/skill_detail.html", context)


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request, "skills/role_list.html", {"families": selectors.roles_by_family(viewer=viewer)}
    )


@login_required
def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    role = selectors.role_get(viewer=viewer, pk=pk)
    out, into = selectors.role_transitions(role=role)
    context = {
        "role": role,
        "requirements": selectors.role_requirements(role=role),
        "transitions_out": out,
        "transitions_in": into,
    }
    return render(request, "skills/role_detail.html", context)


def _gap_page(request: HttpRequest, person: Person, role_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    role = selectors.role_get(viewer=viewer, pk=role_pk)
    report = selectors.person_gap(viewer=viewer, person=person, role=role)
    is_self = viewer.person is not None and viewer.person.pk == person.pk
    return render(request, "skills/gap.html", {"report": report, "is_self": is_self})


@login_required
def my_gap(request: HttpRequest, role_pk: int) -> HttpResponse:
    """"How far am I from this role?" for the logged-in person."""
    viewer = viewer_for(request.user)
    if viewer.person is None:
        raise Http404
    return _gap_page(request, viewer.person, role_pk)


@login_required
def person_gap(request: HttpRequest, person_pk: int, role_pk: int) -> HttpResponse:
    """The same for someone else: a manager about a report, HR; 404 for anyone else."""
    viewer = viewer_for(request.user)
    person = org_selectors.person_get_with_details(viewer=viewer, pk=person_pk)
    return _gap_page(request, person, role_pk)
