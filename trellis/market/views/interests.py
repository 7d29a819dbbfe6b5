"""Pages for the interest workflow and for an owner's candidate search."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from trellis.market import selectors, services
from trellis.market.forms import CandidateFilterForm, InterestForm, MoveForm
from trellis.market.services import MarketError
from trellis.org import selectors as org_selectors
from trellis.org.access import viewer_of


@login_required
@require_POST
def interest_express(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_for_user(viewer=viewer, pk=pk)
    form = InterestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Your note is too long (500 characters at most).")
        return redirect("market:detail", opp.pk)
    try:
        interest = services.interest_express(viewer=viewer, opp=opp, **form.cleaned_data)
    except MarketError as error:
        messages.error(request, str(error))
        return redirect("market:detail", opp.pk)
    messages.success(request, f"Your interest in “{opp.title}” is recorded.")
    return redirect("market:interest", interest.pk)


@login_required
@require_GET
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    interest = selectors.interest_get_for_user(viewer=viewer, pk=pk)
    return render(
        request,
        "market/interest.html",
        {
            "interest": interest,
            "events": interest.events.select_related("actor"),
            "moves": services.moves_for(viewer, interest),
        },
    )


@login_required
@require_POST
def interest_move(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    interest = selectors.interest_get_for_user(viewer=viewer, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid step.")
        return redirect("market:interest", interest.pk)
    try:
        moved = services.interest_move(viewer=viewer, interest=interest, to=form.cleaned_data["to"])
    except MarketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Now {moved.get_status_display().lower()}.")
    return redirect("market:interest", interest.pk)


@login_required
@require_GET
def candidate_search(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_to_manage(viewer=viewer, pk=pk)
    form = CandidateFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "unit_path": d["unit"].strip().strip("/"),
            "level": d["level"],
            "ready": d["ready"],
        }
    found = selectors.candidates_read(
        viewer=viewer,
        opp=opp,
        via="web",
        request_id=str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64],
        **filters,
    )
    in_pipeline = selectors.pipeline_person_ids(viewer=viewer, opp=opp)
    return render(
        request,
        "market/candidates.html",
        {"opp": opp, "form": form, "candidates": found, "in_pipeline": in_pipeline},
    )


@login_required
@require_POST
def candidate_invite(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_to_manage(viewer=viewer, pk=pk)
    person = org_selectors.person_get_active(viewer=viewer, pk=person_pk)
    try:
        services.interest_invite(viewer=viewer, opp=opp, person=person)
    except MarketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person.full_name} is invited to apply.")
    return redirect("market:candidates", opp.pk)
