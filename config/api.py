"""The JSON API: one NinjaAPI mounting each app's router, documented at /api/v1/docs."""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, Throttled
from ninja.security import django_auth

from trellis.careers.api import router as careers_router
from trellis.market.api import router as market_router
from trellis.org.api import router as org_router
from trellis.org.throttles import AnonymousRateThrottle, UserRateThrottle
from trellis.org.tokens import ApiTokenAuth, api_docs_guard
from trellis.skills.api import router as skills_router
from trellis.talks.api import router as talks_router

_ANONYMOUS_RATE = AnonymousRateThrottle()

api = NinjaAPI(
    title="Trellis API",
    version="1",
    description="Career development and internal talent marketplace.",
    # A bearer token first: the session check would refuse a token call for its missing CSRF.
    auth=[ApiTokenAuth(), django_auth],
    throttle=[UserRateThrottle()],
    # Schema and docs behind login; Swagger UI from ninja's own static files (no CDN).
    docs=Swagger(),
    docs_decorator=api_docs_guard,
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """Calls without valid credentials never reach an operation's throttles (authentication
    runs first), so the anonymous rate per address is counted here."""
    if not _ANONYMOUS_RATE.allow_request(request):
        return _throttled(request, Throttled(wait=_ANONYMOUS_RATE.wait()))  # type: ignore[arg-type]
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=429)
    if exc.wait is not None:
        response["Retry-After"] = str(math.ceil(exc.wait))
    return response


api.add_router("/", org_router)
api.add_router("/", skills_router)
api.add_router("/", careers_router)
api.add_router("/", market_router)
api.add_router("/", talks_router)
