"""Pages for opportunities: the company-wide feed, detail, post and edit, publish and close."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.market import access, selectors, services
from trellis.market.forms import (
    FeedFilterForm,
    InterestForm,
    OpportunityForm,
    SkillFormSet,
    check_skills,
    postable_units,
    skill_needs,
)
from trellis.market.models import MarketPolicy, Opportunity
from trellis.market.services import MarketError
from trellis.org.access import viewer_of


@login_required
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if viewer.person is None and not viewer.is_hr_or_admin:
        raise Http404
    form = FeedFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "kind": d["kind"],
            "unit_path": d["unit"].strip().strip("/"),
            "remote": d["remote"],
            "max_hours": d["max_hours"],
            "q": d["q"].strip(),
        }
    page = Paginator(selectors.opportunity_feed(viewer=viewer, **filters), 25).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "market/feed.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_post": access.can_post(viewer),
        },
    )


@login_required
@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_for_user(viewer=viewer, pk=pk)
    mine = selectors.interest_mine(viewer=viewer, opp=opp)
    manage = access.can_manage(viewer, opp)
    return render(
        request,
        "market/detail.html",
        {
            "opp": opp,
            "skills": opp.skills.select_related("skill"),
            "mine": mine,
            "manage": manage,
            "pipeline": selectors.interests_for_opportunity(viewer=viewer, opp=opp)
            if manage
            else [],
            "interest_form": InterestForm(),
            "allow_confidential": MarketPolicy.current().allow_confidential,
        },
    )


def _edit(request: HttpRequest, opp: Opportunity | None) -> HttpResponse:
    viewer = viewer_of(request)
    units = postable_units(viewer)
    initial_skills = (
        [
            {"skill": s.skill, "min_level": s.min_level, "weight": s.weight, "required": s.required}
            for s in opp.skills.select_related("skill")
        ]
        if opp
        else None
    )
    if request.method == "POST":
        form = OpportunityForm(request.POST, instance=opp, units=units)
        formset = SkillFormSet(request.POST, prefix="skills")
        if form.is_valid() and formset.is_valid():
            needs = skill_needs(formset)
            if check_skills(form, needs):
                fields = {name: form.cleaned_data[name] for name in services.OPPORTUNITY_FIELDS}
                try:
                    if opp is None:
                        saved = services.opportunity_create(
                            viewer=viewer, skills=needs or None, **fields
                        )
                    else:
                        # The form edits the instance in place; reload to give the service a
                        # clean object to compare with.
                        fresh = selectors.opportunity_get_to_manage(viewer=viewer, pk=opp.pk)
                        saved = services.opportunity_update(
                            viewer=viewer, opp=fresh, skills=needs, **fields
                        )
                    if form.cleaned_data["publish"] and saved.status == "draft":
                        services.opportunity_publish(viewer=viewer, opp=saved)
                except MarketError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, f"“{saved.title}” saved.")
                    return redirect("market:detail", saved.pk)
        status = 400
    else:
        form = OpportunityForm(
            instance=opp,
            units=units,
            initial=None
            if opp
            else {"min_months_in_role": MarketPolicy.current().default_min_months},
        )
        formset = SkillFormSet(prefix="skills", initial=initial_skills)
        status = 200
    return render(
        request, "market/edit.html", {"form": form, "formset": formset, "opp": opp}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_new(request: HttpRequest) -> HttpResponse:
    if not access.can_post(viewer_of(request)):
        raise Http404
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opp = selectors.opportunity_get_to_manage(viewer=viewer_of(request), pk=pk)
    return _edit(request, opp)


@login_required
@require_POST
def opportunity_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_to_manage(viewer=viewer, pk=pk)
    try:
        if action == "publish":
            services.opportunity_publish(viewer=viewer, opp=opp)
        elif action in ("close", "fill"):
            services.opportunity_close(viewer=viewer, opp=opp, filled=action == "fill")
        else:
            raise Http404
    except MarketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{opp.title}” is now {opp.get_status_display().lower()}.")
    return redirect("market:detail", opp.pk)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """What the viewer posted (HR: everything) and the viewer's own interests."""
    viewer = viewer_of(request)
    return render(
        request,
        "market/mine.html",
        {
            "owned": selectors.opportunities_managed(viewer=viewer)[:100],
            "interests": selectors.interests_of(person=viewer.person) if viewer.person else [],
            "reports": selectors.interests_of_reports(viewer=viewer),
            "can_post": access.can_post(viewer),
        },
    )
