"""Career OS check-ins: rate the eight muscles, see the trend, turn low scores into actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trellis.careers import selectors, services
from trellis.careers.forms import CheckInForm
from trellis.careers.guidance import LOW_SCORE, MUSCLE_GOAL_TITLE, NEXT_STEPS
from trellis.careers.models import Muscle
from trellis.careers.present import trends
from trellis.careers.services import CareerError
from trellis.careers.views._common import career_for, own_career


@login_required
@require_http_methods(["GET", "POST"])
def checkins(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        career = own_career(request, pk)
    else:
        career = career_for(request, pk, page="checkins", section="checkins")
    form = CheckInForm(request.POST or None) if career.is_owner else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.checkin_record(actor=request.user, person=career.person, scores=form.scores())
        except CareerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Check-in saved.")
            return redirect("careers:checkins", pk=pk)
    history = selectors.checkins_for(career=career)
    lines = trends(history, low=LOW_SCORE)
    suggestions = (
        [(t, list(enumerate(NEXT_STEPS[t.muscle]))) for t in lines if t.low]
        if career.is_owner
        else []
    )
    context = {
        "career": career,
        "person": career.person,
        "form": form,
        "trends": lines,
        "count": len(history),
        "suggestions": suggestions,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "careers/checkins.html", context, status=status)


@login_required
@require_POST
def next_step_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: put a suggested next step on the map, under a goal for career muscles."""
    career = own_career(request, pk)
    muscle = request.POST.get("muscle", "")
    index = request.POST.get("index", "")
    steps = NEXT_STEPS.get(muscle, ()) if muscle in Muscle.values else ()
    if not index.isdigit() or int(index) >= len(steps):
        raise Http404
    kind, title = steps[int(index)]
    goal = selectors.goal_titled(career=career, title=MUSCLE_GOAL_TITLE)
    if goal is None:
        goal = services.goal_create(
            actor=request.user, person=career.person, title=MUSCLE_GOAL_TITLE
        )
    services.action_create(
        actor=request.user,
        goal=goal,
        kind=kind,
        title=title,
        measure=f"My next {Muscle(muscle).label.lower()} score is higher",
    )
    messages.success(request, f"Added to your map: “{title}”.")
    return redirect("careers:checkins", pk=pk)
