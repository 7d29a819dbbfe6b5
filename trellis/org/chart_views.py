"""The org chart explorer: opens at the viewer's own place, expands one level at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trellis.org import chart, selectors
from trellis.org.access import viewer_of
from trellis.org.forms import OrgChartForm

SEARCH_LIMIT = 20


@login_required
@require_GET
def org_chart(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = OrgChartForm(request.GET or None)
    focus = viewer.person if viewer.person and viewer.person.is_active else None
    matches = None
    if form.is_valid():
        if form.cleaned_data["person"] is not None:
            focus = chart.chart_person(viewer=viewer, pk=form.cleaned_data["person"])
        if form.cleaned_data["q"]:
            found = selectors.directory_search(
                viewer=viewer, filters=selectors.DirectoryFilters(q=form.cleaned_data["q"])
            )
            matches = list(found[:SEARCH_LIMIT])
    if focus is not None:
        tops, more = chart.chart_chain(viewer=viewer, focus=focus)
    else:
        tops, more = chart.chart_tops(viewer=viewer)
    context = {
        "form": form,
        "focus": focus,
        "matches": matches,
        "tops": tops,
        "more": more,
        "units": chart.chart_units(viewer=viewer, parent=None),
    }
    status = 200 if form.is_valid() or not form.is_bound else 400
    return render(request, "org/chart.html", context, status=status)


@login_required
@require_GET
def chart_reports(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    manager = chart.chart_person(viewer=viewer, pk=pk)
    entries, more = chart.chart_reports(viewer=viewer, manager=manager)
    return render(request, "org/_chart_people.html", {"entries": entries, "more": more})


@login_required
@require_GET
def chart_units(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    unit = chart.chart_unit(viewer=viewer, pk=pk)
    units = chart.chart_units(viewer=viewer, parent=unit)
    return render(request, "org/_chart_units.html", {"units": units})
