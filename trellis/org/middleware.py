"""Session lifetime and cache rules for pages that hold personal data."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django_htmx.middleware import HtmxDetails

from trellis.org.access import viewer_for

_STARTED_KEY = "trellis_session_started"
_SEEN_KEY = "trellis_session_seen"


class HtmxHttpRequest(HttpRequest):
    """The type of a request that went through django-htmx's middleware (see settings)."""

    htmx: HtmxDetails


def session_mark_login(request: HttpRequest | None, **_: object) -> None:
    """At login, start the session's clocks (connected to ``user_logged_in`` in apps.py).

    The absolute limit counts from the login itself, and the first page after it has no
    session to write.
    """
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[_STARTED_KEY] = now
        request.session[_SEEN_KEY] = now


class ViewerMiddleware:
    """Puts the request's viewer on ``request.viewer``, built on first use, once.

    A middleware rather than a decorator: every page, API operation and template (through
    the context processor) reads the same object without each view asking for it, and a
    request that never needs it (static files, the login page) builds none. Read it with
    ``trellis.org.access.viewer_of``, which is typed and follows an API token's user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login whatever the activity, and keeps an active one alive.

    Idle expiry is Django's (``SESSION_COOKIE_AGE`` from the last save). Rather than saving
    the session on every request — a database write, and a disk sync on PostgreSQL, for each
    page — the session is touched when it was last refreshed more than
    ``SESSION_REFRESH_SECONDS`` ago, so the idle limit holds to within that margin.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(_STARTED_KEY)
            if started is None:
                request.session[_STARTED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            seen = request.session.get(_SEEN_KEY)
            if seen is None or now - float(seen) >= settings.SESSION_REFRESH_SECONDS:
                request.session[_SEEN_KEY] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Tells browsers and proxies not to keep pages shown to a logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        static_prefix = "/" + str(settings.STATIC_URL).lstrip("/")
        if request.user.is_authenticated and not request.path.startswith(static_prefix):
            response["Cache-Control"] = "no-store"
        return response
