"""The one access policy for people's data.

Who may see which part of a person is decided here, from the org chart and the viewer's
standing (HR partner, admin). Views and API endpoints both ask these functions.

- Anyone logged in sees the *directory entry*: name, job title, unit, manager, location
  and work e-mail.
- The person's *details* (role, level, skills, reports' details) are visible to the
  person, to everyone above them in the management chain, to HR partners and to admins.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User

from trellis.org.models import Person

if TYPE_CHECKING:
    from django.db.models import QuerySet

HR_GROUP = "HR partners"


@dataclass(frozen=True)
class Viewer:
    """The acting user, with what the access policy needs to know about them."""

    user: User | AnonymousUser
    person: Person | None
    is_hr: bool
    is_admin: bool

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @property
    def actor(self) -> User | None:
        """The user to record as having acted, or None for an anonymous visitor."""
        return self.user if isinstance(self.user, User) else None

    @cached_property
    def sees_everyone_details(self) -> bool:
        return self.is_hr or self.is_admin


def viewer_for(user: User | AnonymousUser) -> Viewer:
    """Build the viewer for a user; cached on the user object for the request."""
    cached = getattr(user, "_trellis_viewer", None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        viewer = Viewer(user=user, person=None, is_hr=False, is_admin=False)
    else:
        person = Person.objects.filter(user=user).select_related("unit").first()
        is_admin = bool(getattr(user, "is_superuser", False))
        is_hr = user.groups.filter(name=HR_GROUP).exists()
        viewer = Viewer(user=user, person=person, is_hr=is_hr, is_admin=is_admin)
    with contextlib.suppress(AttributeError):
        user._trellis_viewer = viewer  # type: ignore[union-attr]
    return viewer


def is_in_chain_above(viewer: Viewer, person: Person) -> bool:
    """True when the viewer manages the person directly or indirectly."""
    if viewer.person is None:
        return False
    return f"/{viewer.person.pk}/" in person.manager_path


def can_see_details(viewer: Viewer, person: Person) -> bool:
    """Role, level and skills: self, management chain, HR partners, admins."""
    if not viewer.is_authenticated:
        return False
    if viewer.sees_everyone_details:
        return True
    if viewer.person is not None and viewer.person.pk == person.pk:
        return True
    return is_in_chain_above(viewer, person)


def can_manage_imports(viewer: Viewer) -> bool:
    return viewer.is_authenticated and (viewer.is_hr or viewer.is_admin)


def people_with_visible_details(viewer: Viewer, queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Narrow a queryset of people to those whose details the viewer may see."""
    from django.db.models import Q

    if not viewer.is_authenticated:
        return queryset.none()
    if viewer.sees_everyone_details:
        return queryset
    if viewer.person is None:
        return queryset.none()
    return queryset.filter(
        Q(pk=viewer.person.pk) | Q(manager_path__contains=f"/{viewer.person.pk}/")
    )
