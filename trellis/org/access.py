"""The one access policy for people's data, and the one door every request goes through.

Who may see which part of a person is decided here, from the org chart and the viewer's
standing (HR partner, admin). Views and API endpoints both ask these functions.

The door: every request carries its :class:`Viewer`, built once and only when first asked for
(``ViewerMiddleware`` in ``trellis.org.middleware``); views and API operations read it with
:func:`viewer_of` and hand it to selectors. The HR-only pages are guarded by
:func:`hr_required` (``admin_required`` for admins only), API operations by
:func:`hr_viewer` / :func:`admin_viewer`; "HR partner or admin" is
:attr:`Viewer.is_hr_or_admin` everywhere. A refusal is the 404 a missing page or object
gets (DESIGN §9), so an HR-only address is not advertised.

- Anyone logged in sees the *directory entry*: name, job title, unit, manager, location
  and work e-mail.
- The person's *details* (role, level, skills, reports' details) are visible to the
  person, to everyone above them in the management chain, to HR partners and to admins.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest, HttpResponse

from trellis.org.models import Person

if TYPE_CHECKING:
    from django.db.models import QuerySet

HR_GROUP = "HR partners"
# Members read the audit trail and erase the data of people who left (admins may too).
PRIVACY_GROUP = "Privacy officers"


@dataclass(frozen=True)
class Viewer:
    """The acting user, with what the access policy needs to know about them."""

    user: User | AnonymousUser
    person: Person | None
    is_hr: bool
    is_admin: bool
    # A privacy officer (or an admin): the audit trail and erasure (trellis.org.privacy_officer).
    is_privacy_officer: bool = False

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @property
    def actor(self) -> User | None:
        """The user to record as having acted, or None for an anonymous visitor."""
        return self.user if isinstance(self.user, User) else None

    @property
    def is_hr_or_admin(self) -> bool:
        """HR partners and admins: they see everyone's details and run the HR pages."""
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
        # One query for both roles held through a group.
        groups = set(
            user.groups.filter(name__in=[HR_GROUP, PRIVACY_GROUP]).values_list("name", flat=True)
        )
        viewer = Viewer(
            user=user,
            person=person,
            is_hr=HR_GROUP in groups,
            is_admin=is_admin,
            is_privacy_officer=is_admin or PRIVACY_GROUP in groups,
        )
    with contextlib.suppress(AttributeError):
        user._trellis_viewer = viewer  # type: ignore[union-attr]
    return viewer


def viewer_of(request: HttpRequest) -> Viewer:
    """The viewer of this request: built once per request, on first use.

    ``ViewerMiddleware`` puts a lazy viewer on every request. An API call authenticated by a
    bearer token gets its user only once ninja has checked the token, after the middleware
    ran; the viewer is rebuilt then if it was built (as anonymous) before.
    """
    viewer: Viewer | None = getattr(request, "viewer", None)
    if viewer is None or viewer.user is not request.user:
        viewer = viewer_for(request.user)
        request.viewer = viewer  # type: ignore[attr-defined]
    return viewer


def hr_viewer(request: HttpRequest) -> Viewer:
    """The viewer when they are an HR partner or an admin; anyone else gets a 404."""
    viewer = viewer_of(request)
    if not viewer.is_hr_or_admin:
        raise Http404
    return viewer


def admin_viewer(request: HttpRequest) -> Viewer:
    """The viewer when they are an admin; anyone else gets a 404."""
    viewer = viewer_of(request)
    if not viewer.is_admin:
        raise Http404
    return viewer


_View = Callable[..., HttpResponse]


def _guarded(gate: Callable[[HttpRequest], Viewer]) -> Callable[[_View], _View]:
    def decorator(view: _View) -> _View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            gate(request)
            return view(request, *args, **kwargs)

        return guarded

    return decorator


# Page decorators (put ``login_required`` above them, so that a visitor is sent to log in).
# API operations call ``hr_viewer(request)`` instead: ninja checks a token inside the
# operation's run, after any view decorator, so a decorator would see no user yet.
hr_required = _guarded(hr_viewer)
admin_required = _guarded(admin_viewer)


def is_in_chain_above(viewer: Viewer, person: Person) -> bool:
    """True when the viewer manages the person directly or indirectly."""
    if viewer.person is None:
        return False
    return f"/{viewer.person.pk}/" in person.manager_path


def can_see_details(viewer: Viewer, person: Person) -> bool:
    """Role, level and skills: self, management chain, HR partners, admins."""
    if not viewer.is_authenticated:
        return False
    if viewer.is_hr_or_admin:
        return True
    if viewer.person is not None and viewer.person.pk == person.pk:
        return True
    return is_in_chain_above(viewer, person)


def people_with_visible_details(viewer: Viewer, queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Narrow a queryset of people to those whose details the viewer may see."""
    from django.db.models import Q

    if not viewer.is_authenticated:
        return queryset.none()
    if viewer.is_hr_or_admin:
        return queryset
    if viewer.person is None:
        return queryset.none()
    return queryset.filter(
        Q(pk=viewer.person.pk) | Q(manager_path__contains=f"/{viewer.person.pk}/")
    )
