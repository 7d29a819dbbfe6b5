"""The HR view of the market (one page; the figures come from :mod:`trellis.insights.selectors`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trellis.insights import selectors
from trellis.org.access import hr_required, viewer_of

CACHE_KEY = "insights:overview"
CACHE_SECONDS = 300


@login_required
@require_GET
@hr_required
def overview(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    # Organization-wide aggregates change slowly and cost seconds at 100,000 people: every
    # HR partner sees the same figures, computed at most every few minutes.
    figures = cache.get(CACHE_KEY)
    if figures is None:
        figures = {
            "supply": selectors.supply_demand(viewer=viewer),
            "mobility": selectors.mobility(viewer=viewer),
            "coverage": selectors.coverage(viewer=viewer),
            "as_of": timezone.now(),
        }
        cache.set(CACHE_KEY, figures, CACHE_SECONDS)
    context = {
        **figures,
        "min_group": selectors.MIN_GROUP,
        "ready_level": selectors.READY_LEVEL,
    }
    return render(request, "insights/overview.html", context)
