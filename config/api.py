"""The JSON API: one NinjaAPI mounting each app's router, documented at /api/v1/docs."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, Throttled
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from trellis.careers.api import router as careers_router
from trellis.careers.devtime_api import router as devtime_router
from trellis.insights.api import router as insights_router
from trellis.insights.pulse_api import router as pulse_router
from trellis.market.api import router as market_router
from trellis.market.mobility_api import router as mobility_router
from trellis.org.api import router as org_router
from trellis.org.cycles_api import router as cycles_router
from trellis.org.people_api import router as people_router
from trellis.org.privacy_api import router as privacy_router
from trellis.org.throttles import AnonymousRateThrottle, UserRateThrottle
from trellis.org.tokens import ApiTokenAuth, api_docs_guard
from trellis.skills.api import router as skills_router
from trellis.talks.api import router as talks_router

_ANONYMOUS_RATE = AnonymousRateThrottle()

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_INVALID = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["loc", "msg", "type"],
            },
        }
    },
    "required": ["detail"],
}
# The refusals every operation may answer, each with the JSON body it carries: a broken rule
# (400), no or a bad token (401), a read-only token writing (403), a refused or missing object
# (404), a field out of bounds (422, listing each field and why), too many requests (429).
ERROR_RESPONSES: dict[str, tuple[str, dict[str, Any]]] = {
    "400": ("Refused: the reason is in detail", _DETAIL),
    "401": ("No valid session or API token", _DETAIL),
    "403": ("This token may only read", _DETAIL),
    "404": ("Not found, or not yours to see", _DETAIL),
    "422": ("Invalid input: each field in error and why", _INVALID),
    "429": ("Too many requests", _DETAIL),
}


class TrellisAPI(NinjaAPI):
    """Ninja, with the shared refusals documented on every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, (description, body) in ERROR_RESPONSES.items():
                    if status in responses or int(status) in responses:
                        continue
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": body}},
                    }
        return schema


api = TrellisAPI(
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
api.add_router("/", cycles_router)
api.add_router("/", skills_router)
api.add_router("/", mobility_router)
api.add_router("/", careers_router)
api.add_router("/", devtime_router)
api.add_router("/", market_router)
api.add_router("/", talks_router)
api.add_router("/", insights_router)
api.add_router("/", people_router)
api.add_router("/", privacy_router)
api.add_router("/", pulse_router)


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    """``/api/v1/``: where the documentation and the schema are, and how to authenticate.

    Names no data, so it answers anyone; the two links it gives need a login.
    """
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "docs": reverse("api-1:openapi-view"),
            "schema": reverse("api-1:openapi-json"),
            "authentication": (
                "A session (with its CSRF token) for the web, or a bearer token for an "
                "integration: Authorization: Bearer <token>."
            ),
        }
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL no route matches: JSON under the API (as its schema says), else the page.

    An id path segment that is not a number (``/careers/abc/goals``) never reaches ninja.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return page_not_found(request, exception)
