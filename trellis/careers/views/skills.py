"""The skills page: add from the taxonomy as you type, set level and appetite, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from trellis.careers import selectors, services
from trellis.careers.forms import LEVEL_CHOICES, ConfirmForm, SkillAddForm, SkillForm
from trellis.careers.services import CareerError
from trellis.careers.views._common import career_for, own_career
from trellis.org.access import viewer_of
from trellis.skills.models import LEVEL_ANCHORS, Appetite, Skill
from trellis.skills.selectors import skill_get
from trellis.skills.selectors import skill_search as taxonomy_search

SEARCH_LIMIT = 10


@login_required
@require_GET
def skills(request: HttpRequest, pk: int) -> HttpResponse:
    career = career_for(request, pk, page="skills", skills=True)
    held = selectors.skills_for(career=career)
    history = selectors.skill_history_for(career=career)
    for ps in held:
        ps.history_rows = history.get(ps.skill_id, [])  # type: ignore[attr-defined]
    context = {
        "career": career,
        "person": career.person,
        "held": held,
        "levels": LEVEL_CHOICES,
        "anchors": LEVEL_ANCHORS,
        "appetites": Appetite.choices,
        "can_confirm": career.is_manager,
    }
    return render(request, "careers/skills.html", context)


@login_required
@require_GET
def skill_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Search-as-you-type results (an htmx fragment) of skills the person does not hold."""
    career = own_career(request, pk)
    q = request.GET.get("q", "").strip()[:100]
    results: list[Skill] = []
    if q:
        held = selectors.skill_ids_held(career=career)
        found = taxonomy_search(viewer=viewer_of(request), q=q).exclude(pk__in=held)
        results = list(found[:SEARCH_LIMIT])
    context = {
        "person": career.person,
        "results": results,
        "q": q,
        "levels": LEVEL_CHOICES,
        "appetites": Appetite.choices,
    }
    return render(request, "careers/_skill_results.html", context)


@login_required
@require_POST
def skill_add(request: HttpRequest, pk: int) -> HttpResponse:
    career = own_career(request, pk)
    form = SkillAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a skill, a level from 0 to 5 and an appetite.")
        return redirect("careers:skills", pk=pk)
    skill = skill_get(viewer=viewer_of(request), pk=form.cleaned_data["skill"])
    services.person_skill_set(
        actor=request.user,
        person=career.person,
        skill=skill,
        level=form.cleaned_data["level"],
        appetite=form.cleaned_data["appetite"],
    )
    messages.success(request, f"{skill.name} added at level {form.cleaned_data['level']}.")
    return redirect("careers:skills", pk=pk)


@login_required
@require_POST
def skill_update(request: HttpRequest, pk: int, skill_id: int) -> HttpResponse:
    career = own_career(request, pk)
    held = selectors.skill_held_get(career=career, skill_id=skill_id)
    form = SkillForm(request.POST)
    if form.is_valid():
        services.person_skill_set(
            actor=request.user,
            person=career.person,
            skill=held.skill,
            level=form.cleaned_data["level"],
            appetite=form.cleaned_data["appetite"],
        )
        messages.success(request, f"{held.skill.name} updated.")
    else:
        messages.error(request, "Choose a level from 0 to 5 and an appetite.")
    return redirect("careers:skills", pk=pk)


@login_required
@require_POST
def skill_remove(request: HttpRequest, pk: int, skill_id: int) -> HttpResponse:
    career = own_career(request, pk)
    held = selectors.skill_held_get(career=career, skill_id=skill_id)
    services.person_skill_remove(actor=request.user, person=career.person, skill=held.skill)
    messages.success(request, f"{held.skill.name} removed; its history is kept.")
    return redirect("careers:skills", pk=pk)


@login_required
@require_POST
def skill_confirm(request: HttpRequest, pk: int, skill_id: int) -> HttpResponse:
    """A manager confirms a report's level (or sets the level they observe)."""
    # Not ``career_for``: a refused caller must not leave a "read" in the audit trail, and
    # the confirmation itself is audited by the service.
    career = selectors.career_get(viewer=viewer_of(request), pk=pk)
    if not career.is_manager:
        raise Http404
    held = selectors.skill_held_get(career=career, skill_id=skill_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a level from 0 to 5.")
        return redirect("careers:skills", pk=pk)
    try:
        services.person_skill_confirm(
            actor=request.user,
            person=career.person,
            skill=held.skill,
            level=form.cleaned_data["level"],
        )
    except CareerError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{held.skill.name} confirmed at level {form.cleaned_data['level']}."
        )
    return redirect("careers:skills", pk=pk)
