"""The HR view of the market (one page; the figures come from :mod:`trellis.insights.selectors`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trellis.insights import charts, selectors, snapshot
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
        "supply_chart": charts.supply_chart(figures),
        "supply_months_chart": charts.supply_months_chart(figures.get("supply_months", [])),
        "mobility_chart": charts.mobility_chart(figures["mobility"]),
        "coverage_chart": charts.coverage_chart(figures["coverage"].rows),
        "min_group": selectors.MIN_GROUP,
        "ready_level": selectors.READY_LEVEL,
    }
    return render(request, "insights/overview.html", context)
