"""The career map: goals, actions and checkpoints, gap proposals, sharing and comments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.careers import reviews, selectors, services
from trellis.careers.forms import ActionForm, CheckpointForm, CommentForm, GoalForm
from trellis.careers.gap import proposals_for, readiness_charts
from trellis.careers.models import ActionKind, Goal
from trellis.careers.present import timeline
from trellis.careers.selectors import CareerView
from trellis.careers.services import CareerError
from trellis.careers.views._common import career_for, own_career
from trellis.org.access import viewer_of
from trellis.org.cycles import UPCOMING, cycles_for_person
from trellis.org.registry import page_sections
from trellis.skills.selectors import skill_get

TITLE_LIMIT = 200


def _map_context(
    request: HttpRequest, career: CareerView, *, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    goals = selectors.goals_for(career=career)
    targets = {g.target_role.pk: g.target_role for g in goals if g.target_role is not None}
    readiness = (
        readiness_charts(person_id=career.person.pk, roles=list(targets.values()))
        if targets and career.can_see_skills
        else {}
    )
    for goal in goals:
        goal.readiness = readiness.get(goal.target_role_id or 0)  # type: ignore[attr-defined]
        goal.action_form = bound.get(f"action-{goal.pk}") or ActionForm(prefix=f"g{goal.pk}")  # type: ignore[attr-defined]
        goal.comment_form = bound.get(f"comment-{goal.pk}") or CommentForm(prefix=f"c{goal.pk}")  # type: ignore[attr-defined]
        for action in goal.actions.all():
            action.checkpoint_form = bound.get(f"checkpoint-{action.pk}") or CheckpointForm(  # type: ignore[attr-defined]
                prefix=f"a{action.pk}"
            )
    proposals: list[Any] = []
    propose_goal: Goal | None = None
    propose = request.GET.get("propose", "")
    if career.is_owner and propose.isdigit():
        propose_goal = next((g for g in goals if g.pk == int(propose)), None)
        if propose_goal is not None and propose_goal.target_role is not None:
            proposals = proposals_for(person_id=career.person.pk, role=propose_goal.target_role)
    close = selectors.close_roles(person=career.person) if career.is_owner else []
    # Sections other apps add to the map (the conversations' follow-ups), as "followups".
    sections = page_sections("careers.map", viewer=viewer_of(request), person=career.person)
    return {
        **sections,
        "career": career,
        "person": career.person,
        "goals": goals,
        "timeline": timeline(goals, today=timezone.localdate()),
        "today": timezone.localdate(),
        "goal_form": bound.get("goal") or GoalForm(close_roles=close),
        "close_roles": close,
        "propose_goal": propose_goal,
        "proposals": proposals,
        "kinds": ActionKind.choices,
        "deck_feedback": reviews.feedback_for_owner(
            viewer=viewer_of(request), person=career.person
        ),
        # The review calendar's next cycles for this person (shown to the owner).
        "next_cycles": (
            cycles_for_person(person=career.person, today=timezone.localdate(), limit=UPCOMING)
            if career.is_owner
            else []
        ),
    }


def _map_url(pk: int, goal: Goal | None = None, *, propose: bool = False) -> str:
    url = reverse("careers:map", args=[pk])
    if goal is not None and propose:
        url += f"?propose={goal.pk}"
    if goal is not None:
        url += f"#goal-{goal.pk}"
    return url


def _readable_map(request: HttpRequest, pk: int) -> CareerView:
    return career_for(request, pk, page="map", section="map")


@login_required
@require_GET
def map_page(request: HttpRequest, pk: int) -> HttpResponse:
    career = _readable_map(request, pk)
    return render(request, "careers/map.html", _map_context(request, career))


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    career = own_career(request, pk)
    form = GoalForm(request.POST, close_roles=selectors.close_roles(person=career.person))
    if not form.is_valid():
        context = _map_context(request, career, bound={"goal": form})
        return render(request, "careers/map.html", context, status=400)
    goal = services.goal_create(actor=request.user, person=career.person, **form.cleaned_data)
    messages.success(request, f"Goal “{goal.title}” added.")
    return redirect(_map_url(pk, goal, propose=goal.target_role_id is not None))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    career = own_career(request, pk)
    goal = selectors.goal_get(career=career, pk=goal_id)
    old_role = goal.target_role_id
    close = selectors.close_roles(person=career.person)
    form = GoalForm(request.POST or None, instance=goal, close_roles=close)
    if request.method == "POST" and form.is_valid():
        goal = services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, "Goal saved.")
        changed_role = goal.target_role_id is not None and goal.target_role_id != old_role
        return redirect(_map_url(pk, goal, propose=changed_role))
    status = 400 if request.method == "POST" else 200
    context = {"career": career, "person": career.person, "form": form, "goal": goal}
    return render(request, "careers/goal_edit.html", context, status=status)


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    career = own_career(request, pk)
    goal = selectors.goal_get(career=career, pk=goal_id)
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, "Goal removed.")
    return redirect("careers:map", pk=pk)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    career = own_career(request, pk)
    goal = selectors.goal_get(career=career, pk=goal_id)
    form = ActionForm(request.POST, prefix=f"g{goal.pk}")
    if not form.is_valid():
        context = _map_context(request, career, bound={f"action-{goal.pk}": form})
        return render(request, "careers/map.html", context, status=400)
    services.action_create(actor=request.user, goal=goal, **form.cleaned_data)
    return redirect(_map_url(pk, goal))


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    career = own_career(request, pk)
    action = selectors.action_get(career=career, pk=action_id)
    status = request.POST.get("status", "")
    status_field = ActionForm(instance=action).fields["status"]
    assert isinstance(status_field, forms.ChoiceField)
    if not status_field.valid_value(status):
        messages.error(request, "Choose a status from the list.")
    else:
        services.action_update(actor=request.user, action=action, status=status)
    return redirect(_map_url(pk, action.goal))


@login_required
@require_POST
def checkpoint_add(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    career = own_career(request, pk)
    action = selectors.action_get(career=career, pk=action_id)
    form = CheckpointForm(request.POST, prefix=f"a{action.pk}")
    if not form.is_valid():
        context = _map_context(request, career, bound={f"checkpoint-{action.pk}": form})
        return render(request, "careers/map.html", context, status=400)
    checkpoint = services.checkpoint_create(actor=request.user, action=action, **form.cleaned_data)
    if form.in_past:
        messages.warning(
            request,
            f"Checkpoint “{checkpoint.title}” is dated in the past ({checkpoint.due:%d %b %Y}); "
            "it is saved and shows as overdue until you tick it done.",
        )
    return redirect(_map_url(pk, action.goal))


@login_required
@require_POST
def checkpoint_toggle(request: HttpRequest, pk: int, checkpoint_id: int) -> HttpResponse:
    career = own_career(request, pk)
    checkpoint = selectors.checkpoint_get(career=career, pk=checkpoint_id)
    services.checkpoint_set_done(
        actor=request.user, checkpoint=checkpoint, done=not checkpoint.done
    )
    return redirect("careers:map", pk=pk)


@login_required
@require_POST
def proposals_accept(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    """Create the proposed actions the person kept, with the titles as they edited them."""
    career = own_career(request, pk)
    goal = selectors.goal_get(career=career, pk=goal_id)
    if goal.target_role is None:
        raise Http404
    offered = {
        p.skill_id: p for p in proposals_for(person_id=career.person.pk, role=goal.target_role)
    }
    kinds = set(ActionKind.values)
    created = 0
    for raw in request.POST.getlist("accept"):
        proposal = offered.get(int(raw)) if raw.isdigit() else None
        if proposal is None:
            continue
        title = request.POST.get(f"title_{raw}", "").strip()[:TITLE_LIMIT] or proposal.title
        kind = request.POST.get(f"kind_{raw}", proposal.kind)
        services.action_create(
            actor=request.user,
            goal=goal,
            title=title,
            kind=kind if kind in kinds else proposal.kind,
            measure=proposal.measure,
            skill=skill_get(viewer=viewer_of(request), pk=proposal.skill_id),
            learning=proposal.learning,
        )
        created += 1
    messages.success(
        request, f"{created} action{'s' if created != 1 else ''} added to “{goal.title}”."
    )
    return redirect(_map_url(pk, goal))


@login_required
@require_POST
def map_share(request: HttpRequest, pk: int) -> HttpResponse:
    career = own_career(request, pk)
    manager = career.person.manager
    if manager is None:
        messages.error(request, "You have no manager in the organization to share with.")
        return redirect("careers:map", pk=pk)
    services.map_share(actor=request.user, person=career.person)
    messages.success(request, f"Shared with {manager.full_name}; they will be told.")
    return redirect("careers:map", pk=pk)


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    # Not ``_readable_map``: a refused caller must not leave a "read" in the audit trail,
    # and the comment itself is audited by the service.
    career = selectors.career_get(viewer=viewer_of(request), pk=pk)
    if not career.sees("map") or not career.can_comment:
        raise Http404
    goal = selectors.goal_get(career=career, pk=goal_id)
    form = CommentForm(request.POST, prefix=f"c{goal.pk}")
    if not form.is_valid():
        context = _map_context(request, career, bound={f"comment-{goal.pk}": form})
        return render(request, "careers/map.html", context, status=400)
    action_id = form.cleaned_data.get("action")
    action = selectors.action_get(career=career, pk=action_id) if action_id else None
    viewer_person = request.user.person  # type: ignore[union-attr]
    try:
        services.comment_add(
            actor=request.user,
            author=viewer_person,
            goal=goal,
            action=action,
            body=form.cleaned_data["body"],
        )
    except CareerError as error:
        messages.error(request, str(error))
    return redirect(_map_url(pk, goal))
