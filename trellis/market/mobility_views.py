"""The internal mobility policy's pages: everyone reads it, HR and admins change it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trellis.market.mobility import mobility_policy_get, mobility_policy_update
from trellis.org.access import hr_required, viewer_of
from trellis.org.request_id import request_id
from trellis.org.validation import MONTHS_IN_ROLE


class MobilityPolicyForm(forms.Form):
    min_months_in_role = forms.IntegerField(
        min_value=MONTHS_IN_ROLE.lo,
        max_value=MONTHS_IN_ROLE.hi,
        label="Minimum months in the current role before applying internally",
    )
    hours_per_month = forms.DecimalField(
        min_value=0,
        max_value=200,
        max_digits=4,
        decimal_places=1,
        label="Development time allowance (hours per month)",
    )
    hours_from = forms.DateField(
        label="Allowance applies from",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Today or a later date; until then the allowance in force stays.",
    )
    notify_manager = forms.BooleanField(
        required=False, label="Tell the manager when someone applies to an internal opening"
    )
    allow_confidential = forms.BooleanField(
        required=False,
        label="Let people keep an application from their manager until they are shortlisted",
    )


@login_required
def mobility_policy(request: HttpRequest) -> HttpResponse:
    """The policy as everyone sees it."""
    viewer = viewer_of(request)
    context = {"policy": mobility_policy_get(), "can_edit": viewer.is_hr_or_admin}
    return render(request, "market/mobility_policy.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def mobility_policy_edit(request: HttpRequest) -> HttpResponse:
    policy = mobility_policy_get()
    today = timezone.localdate()
    initial = {
        "min_months_in_role": policy.min_months_in_role,
        "hours_per_month": policy.hours_per_month,
        "hours_from": today,
        "notify_manager": policy.notify_manager,
        "allow_confidential": policy.allow_confidential,
    }
    form = MobilityPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["hours_from"] < today:
            form.add_error("hours_from", "Choose today or a later date: the past stays as it was.")
        if form.is_valid():
            mobility_policy_update(
                actor=request.user, request_id=request_id(request), **form.cleaned_data
            )
            messages.success(request, "Mobility policy saved.")
            return redirect("mobility_policy")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "market/mobility_policy_edit.html", {"form": form, "policy": policy}, status=status
    )
