"""Read-time checks on the few rows a ranked list shows, against the database of now.

The ranked lists ("For you", candidate search, people to talk to) score everyone with the
cached engine bundle (:mod:`trellis.market.cache`), which may be seconds old, or minutes for
changes its data version cannot see (a person marked as left, an erased opt-in) — and in
production every web process holds its own copy. Invalidating a cache on a change would only
reach the process that made it. So the privacy-bearing facts are checked again here, when a
list is shown, for the k rows it shows (one small indexed query each):

* a person is listed to others only while active and opted in to the marketplace (opting
  out, leaving and erasure act on the very next request);
* an opportunity is listed only while open and not past its closing date;
* a candidate's target roles (from their career map) are explained to an opportunity's owner
  only while the map is shared with the marketplace.

Profile sections shown with a candidate are read from the profile at request time already.
A list can be shorter than k for the few seconds until the bundle is rebuilt.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from trellis.market.models import Opportunity, OpportunityStatus
from trellis.org.models import Person


def listed_people() -> QuerySet[Person]:
    """People who may be shown to others in the marketplace now: active and opted in."""
    return Person.objects.filter(is_active=True, market__opted_in=True)


def open_opportunities() -> QuerySet[Opportunity]:
    """Opportunities that take people now: open, and not past their closing date."""
    today = timezone.localdate()
    return Opportunity.objects.filter(status=OpportunityStatus.OPEN).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


def open_by_id(ids: list[int], *related: str) -> dict[int, Opportunity]:
    """The opportunities among ``ids`` that take people now, by id (``related``: the foreign
    keys to read with them).

    Read by primary key and tested with :func:`takes_people` here: filtering on the status
    in SQL lets a planner walk the status index over every open opportunity (SQLite does, 3 ms
    at 10,000) instead of the handful of rows asked for.
    """
    found = Opportunity.objects.select_related(*related).order_by().in_bulk(ids)
    return {pk: opp for pk, opp in found.items() if takes_people(opp)}


def takes_people(opp: Opportunity) -> bool:
    """The same test as :func:`open_opportunities`, on a row just read."""
    return opp.status == OpportunityStatus.OPEN and not (
        opp.closes_on is not None and opp.closes_on < timezone.localdate()
    )
