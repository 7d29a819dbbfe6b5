"""HR's insights figures, computed by the worker into the shared cache.

Organization-wide aggregates cost seconds at 100,000 people. The worker recomputes them every
few minutes (:func:`insights_refresh`) into the cache every process reads, so an HR page
only reads them; when the cache has none (no worker yet, or it expired) the page computes
them once itself and stores them the same way.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.cache import caches
from django.http import Http404
from django.utils import timezone

from trellis.insights import selectors, trends
from trellis.org.access import Viewer

CACHE_KEY = "insights:overview"
# Longer than the worker's period, so a page never finds the figures gone between two runs.
CACHE_SECONDS = 30 * 60


def insights_figures(*, viewer: Viewer) -> dict[str, Any]:
    """The figures of the overview page (for HR and admins only, like the selectors)."""
    supply = selectors.supply_demand(viewer=viewer)
    return {
        "supply": supply,
        "supply_months": trends.supply_demand_months(
            viewer=viewer,
            skill_ids=[row.skill.pk for row in supply.rows],
            ready_level=selectors.READY_LEVEL,
        ),
        "mobility": selectors.mobility(viewer=viewer),
        "coverage": selectors.coverage(viewer=viewer),
        "as_of": timezone.now(),
    }


def insights_cached(*, viewer: Viewer) -> dict[str, Any]:
    if not viewer.is_hr_or_admin:  # the same 404 as a missing page, as the selectors answer
        raise Http404
    cache = caches["shared"]
    figures = cache.get(CACHE_KEY)
    if figures is None:
        figures = insights_figures(viewer=viewer)
        cache.set(CACHE_KEY, figures, CACHE_SECONDS)
    return figures


def insights_refresh() -> str:
    """Recompute the figures as the system (HR's view: aggregates of five people or more)."""
    system = Viewer(user=User(username="trellis-worker"), person=None, is_hr=True, is_admin=False)
    figures = insights_figures(viewer=system)
    caches["shared"].set(CACHE_KEY, figures, CACHE_SECONDS)
    return f"insights figures as of {figures['as_of']:%Y-%m-%d %H:%M} UTC"
