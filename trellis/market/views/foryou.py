"""The employee's side: "For you" with explanations, one-click learning steps, and opting in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.market import selectors, services
from trellis.market.forms import FeedFilterForm, OptInForm
from trellis.market.services import MarketError
from trellis.org.access import viewer_of


@login_required
@require_GET
def for_you_page(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = FeedFilterForm(request.GET or None)
    page = selectors.for_you_page(viewer=viewer, filters=form.for_you_filters())
    return render(request, "market/for_you.html", {"form": form, "page": page})


@login_required
@require_POST
def learn(request: HttpRequest, skill_pk: int) -> HttpResponse:
    """Add "learn this skill" to my career map in one click (htmx swaps the button)."""
    viewer = viewer_of(request)
    skill = selectors.skills_by_id(ids=[skill_pk]).get(skill_pk)
    if skill is None or viewer.person is None:
        raise Http404
    opp_pk = request.POST.get("opportunity", "")
    # Someone else's draft would lend its title to the new goal: treated as no opportunity.
    opp = selectors.opportunity_find(viewer=viewer, pk=int(opp_pk)) if opp_pk.isdigit() else None
    try:
        services.learning_action_add(viewer=viewer, skill=skill, opp=opp)
        text, ok = f"“Learn {skill.name}” is on your career map.", True
    except MarketError as error:
        text, ok = str(error), False
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "market/_learned.html", {"text": text, "ok": ok})
    (messages.success if ok else messages.error)(request, text)
    return redirect("market:for_you")


@login_required
@require_http_methods(["GET", "POST"])
def opt_in(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    me = viewer.person
    if me is None:
        raise Http404
    current = selectors.opt_in_of(person=me)
    if request.method == "POST":
        form = OptInForm(request.POST)
        if form.is_valid():
            services.opt_in_set(viewer=viewer, person=me, **form.cleaned_data)
            messages.success(
                request,
                "You are in the marketplace."
                if form.cleaned_data["opted_in"]
                else "You are not in the marketplace.",
            )
            return redirect("market:opt_in")
        return render(request, "market/opt_in.html", {"form": form}, status=400)
    form = OptInForm(
        initial={
            "opted_in": current.opted_in,
            "digest": current.digest,
            "wants_buddy": current.wants_buddy,
            "mentor_capacity": current.mentor_capacity,
        }
    )
    return render(request, "market/opt_in.html", {"form": form})
