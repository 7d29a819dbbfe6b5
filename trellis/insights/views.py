"""The HR view of the market (one page; the figures come from :mod:`trellis.insights.selectors`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trellis.insights import selectors, snapshot
from trellis.org.access import hr_required, viewer_of


@login_required
@require_GET
@hr_required
def overview(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    # Organization-wide aggregates change slowly and cost seconds at 100,000 people: the
    # worker computes them every few minutes for every HR partner (trellis.insights.snapshot).
    figures = snapshot.insights_cached(viewer=viewer)
    context = {
        **figures,
        "min_group": selectors.MIN_GROUP,
        "ready_level": selectors.READY_LEVEL,
    }
    return render(request, "insights/overview.html", context)
