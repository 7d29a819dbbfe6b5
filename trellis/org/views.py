"""Pages of the organization: directory, person page, unit tree and chart."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.org import picker, selectors
from trellis.org.access import can_see_details, viewer_of
from trellis.org.forms import DirectoryFilterForm
from trellis.org.middleware import HtmxHttpRequest
from trellis.org.request_id import request_id

PAGE_SIZE = 50


@login_required
def directory(request: HtmxHttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = DirectoryFilterForm(request.GET or None)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            q=data["q"].strip(),
            unit=data["unit"],
            role_id=data["role"].pk if data["role"] else None,
            skill_id=data["skill"].pk if data["skill"] else None,
            location=data["location"].strip(),
        )
    people = selectors.directory_search(viewer=viewer, filters=filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "locations": selectors.directory_locations(),
        "unit_choices": selectors.directory_unit_choices(selected=filters.unit),
        "role_choices": selectors.directory_role_choices(),
        "detail_filter": filters.role_id is not None or filters.skill_id is not None,
    }
    template = "org/_directory_results.html" if request.htmx else "org/directory.html"
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    person = selectors.person_get_for_directory(viewer=viewer, pk=pk)
    details = can_see_details(viewer, person)
    context = {
        "person": person,
        "details": details,
        "skills": selectors.person_skills(
            viewer=viewer, person=person, via="web", request_id=request_id(request)
        )
        if details
        else [],
        "reports": selectors.person_reports(person=person),
    }
    return render(request, "org/person_detail.html", context)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    unit = selectors.unit_get(viewer=viewer, pk=pk)
    roots, total = selectors.unit_chart(unit=unit)
    context = {
        "unit": unit,
        "roots": roots,
        "total": total,
        "limit": selectors.CHART_LIMIT,
        "children": list(unit.children.all()),
        "ancestors": _ancestors(unit),
    }
    return render(request, "org/unit_detail.html", context)


def _ancestors(unit):
    chain = []
    current = unit.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


@login_required
def people_pick(request: HttpRequest) -> HttpResponse:
    """The picker's suggestions: an htmx listbox of active colleagues (trellis/org/picker.py)."""
    q = request.GET.get("q", "")[: picker.QUERY_MAX]
    box = request.GET.get("box", "")
    box = box if box.replace("-", "").replace("_", "").isalnum() and len(box) <= 60 else "pick"
    people = picker.people_pick(viewer=viewer_of(request), q=q)
    return render(request, "org/_pick.html", {"q": q.strip(), "people": people, "box": box})
