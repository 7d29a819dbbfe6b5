"""The HR view of the market (one page; the figures come from :mod:`trellis.insights.selectors`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trellis.insights import selectors
from trellis.org.access import viewer_for


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    selectors.require_hr(viewer)
    context = {
        "supply": selectors.supply_demand(viewer=viewer),
        "mobility": selectors.mobility(viewer=viewer),
        "coverage": selectors.coverage(viewer=viewer),
        "min_group": selectors.MIN_GROUP,
        "ready_level": selectors.READY_LEVEL,
    }
    return render(request, "insights/overview.html", context)
