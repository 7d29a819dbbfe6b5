"""Profile pages: the guided first run, the overview, editing, visibility and previews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trellis.careers import access, selectors, services
from trellis.careers.forms import ProfileForm, VisibilityForm
from trellis.careers.guidance import PROMPTS, STEPS
from trellis.careers.present import profile_sections
from trellis.careers.views._common import career_for, own_career
from trellis.org.access import viewer_of

AUDIENCE_LABELS = {
    "manager": "What my manager sees",
    "marketplace": "What the marketplace sees",
    "everyone": "What everyone sees",
}


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My career: the guided first run until it is finished or skipped, then the overview."""
    career = selectors.career_get_own(viewer=viewer_of(request))
    profile = career.profile
    if profile.pk is None or not profile.onboarding_done:
        step = min(profile.onboarding_step + 1, len(STEPS))
        return redirect("careers:onboarding", step=step)
    return redirect("careers:overview", pk=career.person.pk)


def _grouped(form: ProfileForm) -> list[dict[str, object]]:
    groups = []
    for step in STEPS:
        fields = [
            (form[name], PROMPTS.get(name, "")) for name in step.fields if name in form.fields
        ]
        if fields:
            groups.append({"step": step, "fields": fields})
    return groups


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest, step: int) -> HttpResponse:
    career = selectors.career_get_own(viewer=viewer_of(request))
    if not 1 <= step <= len(STEPS):
        raise Http404
    current = STEPS[step - 1]
    instance = career.profile if career.profile.pk else None
    form = ProfileForm(request.POST or None, instance=instance, only=current.fields)
    if request.method == "POST":
        last = step == len(STEPS)
        if "skip" in request.POST:
            services.profile_onboarding_advance(person=career.person, step=step, done=last)
        elif form.is_valid():
            services.profile_update(
                actor=request.user, person=career.person, data=form.cleaned_data
            )
            services.profile_onboarding_advance(person=career.person, step=step, done=last)
        else:
            return _onboarding_page(request, form, current, status=400)
        if "finish" in request.POST or last:
            services.profile_onboarding_advance(person=career.person, step=step, done=True)
            messages.success(request, "Your profile is saved. You can change it at any time.")
            return redirect("careers:overview", pk=career.person.pk)
        return redirect("careers:onboarding", step=step + 1)
    return _onboarding_page(request, form, current)


def _onboarding_page(
    request: HttpRequest, form: ProfileForm, step: object, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "step": step,
        "steps": STEPS,
        "total": len(STEPS),
        "fields": [(form[name], PROMPTS.get(name, "")) for name in form.fields],
    }
    return render(request, "careers/onboarding.html", context, status=status)


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    audience = request.GET.get("as", "")
    if audience:
        # Previews are for the owner only: others already see exactly what they may. The
        # owner's own reads are not audited, so a refused preview records nothing either.
        career = selectors.career_get(viewer=viewer_of(request), pk=pk)
        if not career.is_owner or audience not in AUDIENCE_LABELS:
            raise Http404
        sections = access.visible_sections(career.profile, access.levels_for_audience(audience))
    else:
        career = career_for(request, pk, page="overview")
        sections = career.sections
    context = {
        "career": career,
        "person": career.person,
        "sections": profile_sections(career.profile, sections),
        "audience": audience,
        "audience_label": AUDIENCE_LABELS.get(audience, ""),
        "audiences": AUDIENCE_LABELS,
        "unread": selectors.unread_count(viewer=viewer_of(request)) if career.is_owner else 0,
    }
    return render(request, "careers/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    career = own_career(request, pk)
    instance = career.profile if career.profile.pk else None
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.profile_update(actor=request.user, person=career.person, data=form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("careers:overview", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"career": career, "person": career.person, "form": form, "groups": _grouped(form)}
    return render(request, "careers/profile_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def visibility(request: HttpRequest, pk: int) -> HttpResponse:
    career = own_career(request, pk)
    form = VisibilityForm(request.POST or None, profile=career.profile)
    if request.method == "POST" and form.is_valid():
        services.profile_set_visibility(
            actor=request.user, person=career.person, visibility=form.cleaned_data
        )
        messages.success(request, "Visibility saved.")
        return redirect("careers:visibility", pk=pk)
    context = {
        "career": career,
        "person": career.person,
        "form": form,
        "audiences": AUDIENCE_LABELS,
    }
    return render(request, "careers/visibility.html", context)
