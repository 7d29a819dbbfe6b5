"""The review calendar's pages: everyone reads it and downloads their own calendar; HR edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.org import cycles
from trellis.org.access import hr_required, viewer_of
from trellis.org.cycles_ics import cycles_ics
from trellis.org.models import CycleKind, ReviewCycle
from trellis.org.validation import LONG_TEXT, SHORT_TEXT, WebLinkFormField, validate_plan_date


class CycleForm(forms.Form):
    kind = forms.ChoiceField(choices=CycleKind.choices)
    title = forms.CharField(max_length=200)
    starts_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plan_date]
    )
    ends_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plan_date]
    )
    unit = forms.ModelChoiceField(
        queryset=cycles.units_for_choice(),
        required=False,
        empty_label="Everyone",
        label="Who takes part (a unit and everyone below it)",
    )
    participants = forms.CharField(
        required=False, max_length=SHORT_TEXT, label="Who takes part, in words"
    )
    evaluated = forms.CharField(
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What is evaluated",
    )
    criteria_url = WebLinkFormField(required=False, label="Link to the criteria")

    def data_for_service(self) -> cycles.CycleData:
        return cycles.CycleData(**self.cleaned_data)


def _initial(cycle: ReviewCycle) -> dict[str, Any]:
    return {f: getattr(cycle, f) for f in cycles.CycleData.__dataclass_fields__}


@login_required
@require_GET
def cycle_calendar(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    today = timezone.localdate()
    mine = {c.pk for c in cycles.cycles_for_person(person=viewer.person, today=today)}
    context = {
        "cycles": cycles.cycles_all(today=today),
        "mine": mine,
        "can_edit": viewer.is_hr_or_admin,
    }
    return render(request, "org/cycles.html", context)


@login_required
@require_GET
def cycle_feed(request: HttpRequest) -> HttpResponse:
    """The viewer's own review calendar as an .ics file (the cycles they take part in)."""
    viewer = viewer_of(request)
    mine = cycles.cycles_for_person(person=viewer.person, today=timezone.localdate())
    body = cycles_ics(mine, host=request.get_host().split(":")[0], name="Review calendar")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="review-calendar.ics"'
    response["Cache-Control"] = "no-store"
    return response


def _save(request: HttpRequest, form: CycleForm, cycle: ReviewCycle | None) -> bool:
    viewer = viewer_of(request)
    try:
        if cycle is None:
            cycles.cycle_publish(viewer=viewer, data=form.data_for_service())
        else:
            cycles.cycle_update(viewer=viewer, cycle=cycle, data=form.data_for_service())
    except cycles.CycleError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def cycle_new(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save(request, form, None):
        messages.success(request, "Cycle published.")
        return redirect("cycles")
    status = 400 if request.method == "POST" else 200
    return render(request, "org/cycle_edit.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycles.cycle_get(viewer=viewer_of(request), pk=pk)
    form = CycleForm(request.POST or None, initial=_initial(cycle))
    if request.method == "POST" and form.is_valid() and _save(request, form, cycle):
        messages.success(request, "Cycle saved.")
        return redirect("cycles")
    status = 400 if request.method == "POST" else 200
    return render(request, "org/cycle_edit.html", {"form": form, "cycle": cycle}, status=status)


@login_required
@require_POST
@hr_required
def cycle_remove(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    cycles.cycle_delete(viewer=viewer, cycle=cycles.cycle_get(viewer=viewer, pk=pk))
    messages.success(request, "Cycle removed.")
    return redirect("cycles")
