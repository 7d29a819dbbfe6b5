"""Session lifetime and cache rules for pages that hold personal data."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.middleware import HtmxDetails

_STARTED_KEY = "trellis_session_started"


class HtmxHttpRequest(HttpRequest):
    """The type of a request that went through django-htmx's middleware (see settings)."""

    htmx: HtmxDetails


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login whatever the activity (idle expiry is Django's)."""

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
