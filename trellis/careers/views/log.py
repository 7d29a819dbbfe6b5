"""Development time, the accomplishments log and notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from trellis.careers import selectors, services
from trellis.careers.devtime import devtime_year
from trellis.careers.forms import AccomplishmentForm, DevTimeForm
from trellis.careers.notify import notifications_mark_read
from trellis.careers.services import CareerError
from trellis.careers.views._common import career_for, own_career
from trellis.org.access import viewer_of


@login_required
@require_http_methods(["GET", "POST"])
def devtime(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        career = own_career(request, pk)
    else:
        career = career_for(request, pk, page="devtime", section="devtime")
    form = DevTimeForm(request.POST or None) if career.is_owner else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.devtime_log(actor=request.user, person=career.person, **form.cleaned_data)
        except CareerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Time logged.")
            return redirect("careers:devtime", pk=pk)
    balance, entries = selectors.devtime_for(career=career)
    context = {
        "career": career,
        "person": career.person,
        "form": form,
        "balance": balance,
        "entries": entries,
    }
    return render(
        request, "careers/devtime.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_GET
def devtime_year_page(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Twelve months of development time: the allowance in force and the hours used."""
    career = career_for(request, pk, page="devtime", section="devtime")
    devyear = devtime_year(career=career, year=year, today=timezone.localdate())
    context = {"career": career, "person": career.person, "devyear": devyear}
    return render(request, "careers/devtime_year.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def accomplishments(request: HttpRequest, pk: int) -> HttpResponse:
    career = (
        own_career(request, pk)
        if request.method == "POST"
        else career_for(request, pk, page="accomplishments")
    )
    form = AccomplishmentForm(request.POST or None) if career.is_owner else None
    if request.method == "POST" and form is not None and form.is_valid():
        services.accomplishment_create(
            actor=request.user, person=career.person, **form.cleaned_data
        )
        messages.success(request, "Accomplishment logged.")
        return redirect("careers:accomplishments", pk=pk)
    context = {
        "career": career,
        "person": career.person,
        "form": form,
        "items": list(selectors.accomplishments_for(career=career)),
    }
    return render(
        request,
        "careers/accomplishments.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def accomplishment_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    career = own_career(request, pk)
    item = selectors.accomplishment_get(career=career, pk=item_id)
    form = AccomplishmentForm(request.POST or None, instance=item)
    if request.method == "POST":
        if "delete" in request.POST:
            services.accomplishment_delete(actor=request.user, item=item)
            messages.success(request, "Accomplishment removed.")
            return redirect("careers:accomplishments", pk=pk)
        if form.is_valid():
            services.accomplishment_update(actor=request.user, item=item, **form.cleaned_data)
            messages.success(request, "Accomplishment saved.")
            return redirect("careers:accomplishments", pk=pk)
    context = {"career": career, "person": career.person, "form": form, "item": item}
    return render(
        request,
        "careers/accomplishment_edit.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if viewer.person is None:
        raise Http404
    if request.method == "POST":
        notifications_mark_read(recipient=viewer.person)
        return redirect("careers:notifications")
    career = selectors.career_get_own(viewer=viewer)
    context = {
        "career": career,
        "person": career.person,
        "items": selectors.notifications_for(viewer=viewer),
    }
    return render(request, "careers/notifications.html", context)
