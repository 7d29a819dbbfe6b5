"""Permission-aware reads of the marketplace. Refused objects raise Http404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from trellis.market import access
from trellis.market.models import (
    Interest,
    MarketplaceOptIn,
    Opportunity,
    OpportunityStatus,
    Round,
)

if TYPE_CHECKING:
    from trellis.org.access import Viewer
    from trellis.org.models import Person


def _opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("unit", "owner", "role")


def opportunity_get_for_user(*, viewer: Viewer, pk: int) -> Opportunity:
    opp = _opportunities().filter(pk=pk).first()
    if opp is None or not access.can_read(viewer, opp):
        raise Http404("No such opportunity.")
    return opp


def opportunity_get_to_manage(*, viewer: Viewer, pk: int) -> Opportunity:
    opp = _opportunities().filter(pk=pk).first()
    if opp is None or not access.can_manage(viewer, opp):
        raise Http404("No such opportunity.")
    return opp


def opportunity_feed(
    *,
    viewer: Viewer,
    kind: str = "",
    unit_path: str = "",
    remote: bool = False,
    max_hours: int | None = None,
    q: str = "",
) -> QuerySet[Opportunity]:
    """Open opportunities, newest first, with their skill count (one query per page)."""
    if not viewer.is_authenticated:
        return Opportunity.objects.none()
    qs = _opportunities().filter(status=OpportunityStatus.OPEN)
    if kind:
        qs = qs.filter(kind=kind)
    if unit_path:
        qs = qs.filter(Q(unit__path=unit_path) | Q(unit__path__startswith=unit_path + "/"))
    if remote:
        qs = qs.filter(remote=True)
    if max_hours is not None:
        qs = qs.filter(hours_per_week__lte=max_hours)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs.annotate(n_skills=Count("skills")).order_by("-published_at", "-id")


def opportunities_managed(*, viewer: Viewer) -> QuerySet[Opportunity]:
    """What the viewer owns (HR: everything), with counts of live applications."""
    qs = _opportunities()
    if not access.is_market_admin(viewer):
        if viewer.person is None:
            return qs.none()
        qs = qs.filter(owner=viewer.person)
    return qs.annotate(
        n_interests=Count("interests", filter=~Q(interests__status__in=["withdrawn", "declined"]))
    ).order_by("-created_at", "-id")


def interest_get_for_user(*, viewer: Viewer, pk: int) -> Interest:
    interest = (
        Interest.objects.select_related(
            "person",
            "person__unit",
            "person__manager",
            "opportunity",
            "opportunity__owner",
            "opportunity__unit",
        )
        .filter(pk=pk)
        .first()
    )
    if interest is None or not access.can_read_interest(viewer, interest):
        raise Http404("No such interest.")
    return interest


def interests_of(*, person: Person) -> QuerySet[Interest]:
    return Interest.objects.filter(person=person).select_related("opportunity", "opportunity__unit")


def interests_for_opportunity(*, viewer: Viewer, opp: Opportunity) -> QuerySet[Interest]:
    if not access.can_manage(viewer, opp):
        return Interest.objects.none()
    return Interest.objects.filter(opportunity=opp).select_related("person", "person__unit")


def interests_of_reports(*, viewer: Viewer) -> list[Interest]:
    """Interests of the people the viewer manages that the policy lets them see."""
    if viewer.person is None:
        return []
    qs = Interest.objects.filter(
        person__manager_path__contains=f"/{viewer.person.pk}/"
    ).select_related("person", "opportunity")
    return [i for i in qs if access.manager_may_see(i)]


def opt_in_of(*, person: Person) -> MarketplaceOptIn:
    return MarketplaceOptIn.objects.filter(person=person).first() or MarketplaceOptIn(person=person)


def round_get_for_user(*, viewer: Viewer, pk: int) -> Round:
    if not access.is_market_admin(viewer):
        raise Http404("No such round.")
    found = Round.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such round.")
    return found
