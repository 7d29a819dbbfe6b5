"""The one access policy for career data: who may see which section of whose career.

Every view, selector, API endpoint and the deck ask these functions.

- The owner sees and edits everything.
- Anyone above the person in the management chain sees sections shared with *my manager*,
  the *marketplace* or *everyone*.
- HR partners and admins see everything that is not private (the marketplace today means
  HR and admins; opportunity owners will join it with the market app).
- Anyone logged in sees sections shared with *everyone*.
- Private is private to everyone but its owner — admins included (DESIGN §4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trellis.careers.models import SECTIONS, Visibility
from trellis.org.access import Viewer, is_in_chain_above

if TYPE_CHECKING:
    from trellis.careers.models import CareerProfile
    from trellis.org.models import Person

_ALL = frozenset(Visibility.values)
_NOT_PRIVATE = frozenset({Visibility.MANAGER, Visibility.MARKETPLACE, Visibility.EVERYONE})
_MARKETPLACE = frozenset({Visibility.MARKETPLACE, Visibility.EVERYONE})
_EVERYONE = frozenset({Visibility.EVERYONE})
_NOTHING: frozenset[str] = frozenset()

# The audiences an owner can preview their profile as.
AUDIENCES = ("manager", "marketplace", "everyone")


def is_owner(viewer: Viewer, person: Person) -> bool:
    return viewer.person is not None and viewer.person.pk == person.pk


def is_manager_of(viewer: Viewer, person: Person) -> bool:
    """Direct or indirect manager: may comment on the map and confirm skill levels."""
    return viewer.is_authenticated and is_in_chain_above(viewer, person)


def readable_levels(viewer: Viewer, person: Person) -> frozenset[str]:
    """The visibility levels whose sections of ``person`` the viewer may read."""
    if not viewer.is_authenticated:
        return _NOTHING
    if is_owner(viewer, person):
        return _ALL
    if is_in_chain_above(viewer, person) or viewer.is_hr_or_admin:
        return _NOT_PRIVATE
    return _EVERYONE


def levels_for_audience(audience: str) -> frozenset[str]:
    """What a typical member of an audience reads: the owner's previews."""
    return {"manager": _NOT_PRIVATE, "marketplace": _MARKETPLACE, "everyone": _EVERYONE}.get(
        audience, _NOTHING
    )


def visible_sections(profile: CareerProfile, levels: frozenset[str]) -> frozenset[str]:
    """Keys of the sections whose visibility is among ``levels``."""
    return frozenset(s.key for s in SECTIONS if profile.visibility_of(s.key) in levels)


def can_open_career(viewer: Viewer, person: Person, profile: CareerProfile | None) -> bool:
    """Whether the viewer may open the person's career pages at all.

    Those who could read shared sections always may (and see an empty page if nothing is
    shared); anyone else only when at least one section is shared with everyone —
    otherwise the answer is a 404, like a missing person.
    """
    levels = readable_levels(viewer, person)
    if not levels:
        return False
    if levels != _EVERYONE:
        return True
    return profile is not None and bool(visible_sections(profile, levels))


def can_edit(viewer: Viewer, person: Person) -> bool:
    """Only the owner changes their own career data."""
    return viewer.is_authenticated and is_owner(viewer, person)


def can_comment(viewer: Viewer, person: Person, profile: CareerProfile | None) -> bool:
    """Managers comment on a map they may read; the owner answers in the same thread."""
    if can_edit(viewer, person):
        return True
    if profile is None or not is_manager_of(viewer, person):
        return False
    return profile.visibility_of("map") in readable_levels(viewer, person)
