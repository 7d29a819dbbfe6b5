"""The one access policy of the marketplace: who may see or change which opportunity and interest.

- Anyone logged in with a person reads *open*, *filled* and *closed* opportunities; drafts are
  read by their owner, HR partners and admins only.
- Managers (anyone with reports) post opportunities for their own unit or a unit below it;
  HR partners and admins post for any unit. The owner, HR and admins edit and run the workflow.
- An interest is read by its candidate, by the opportunity's owner, HR and admins, and by the
  managers above the candidate — except while it is confidential and not yet shortlisted.
- Candidate lists are for the owner, HR and admins only; rounds and pairing for HR and admins.

Refusals are 404s at the edge (selectors raise ``Http404``), like a missing object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trellis.market.models import VISIBLE_TO_MANAGER_FROM, OpportunityStatus
from trellis.org.access import Viewer, is_in_chain_above

if TYPE_CHECKING:
    from trellis.market.models import Interest, Opportunity
    from trellis.org.models import OrgUnit


def is_manager(viewer: Viewer) -> bool:
    from trellis.org.models import Person

    if viewer.person is None:
        return False
    cached = getattr(viewer, "_is_manager", None)
    if cached is None:
        cached = Person.objects.filter(manager=viewer.person, is_active=True).exists()
        object.__setattr__(viewer, "_is_manager", cached)
    return bool(cached)


def can_post(viewer: Viewer) -> bool:
    return viewer.is_hr_or_admin or is_manager(viewer)


def can_post_for_unit(viewer: Viewer, unit: OrgUnit) -> bool:
    """HR for any unit; a manager for their own unit and the units below it."""
    if viewer.is_hr_or_admin:
        return True
    me = viewer.person
    if me is None or me.unit is None or not is_manager(viewer):
        return False
    return unit.pk == me.unit_id or unit.path.startswith(me.unit.path + "/")


def is_owner(viewer: Viewer, opp: Opportunity) -> bool:
    return viewer.person is not None and viewer.person.pk == opp.owner_id


def can_manage(viewer: Viewer, opp: Opportunity) -> bool:
    """Edit, publish, close, see candidates and move applications along."""
    return viewer.is_hr_or_admin or is_owner(viewer, opp)


def can_read(viewer: Viewer, opp: Opportunity) -> bool:
    if not viewer.is_authenticated:
        return False
    if opp.status == OpportunityStatus.DRAFT:
        return can_manage(viewer, opp)
    return viewer.person is not None or viewer.is_hr_or_admin


def is_candidate(viewer: Viewer, interest: Interest) -> bool:
    return viewer.person is not None and viewer.person.pk == interest.person_id


def manager_may_see(interest: Interest) -> bool:
    return not interest.confidential or interest.status in VISIBLE_TO_MANAGER_FROM


def can_read_interest(viewer: Viewer, interest: Interest) -> bool:
    if not viewer.is_authenticated:
        return False
    if is_candidate(viewer, interest) or can_manage(viewer, interest.opportunity):
        return True
    return manager_may_see(interest) and is_in_chain_above(viewer, interest.person)
