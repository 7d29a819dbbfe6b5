"""SCIM's plumbing: the bearer token, error bodies, JSON in and out, discovery documents."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    Error,
    ETag,
    Filter,
    Patch,
    ResourceType,
    SCIMException,
    ServiceProviderConfig,
    Sort,
)

from trellis.identity.models import ScimToken
from trellis.identity.scim.models import Employment, PersonUser, ProvisionedUser
from trellis.identity.scim.rules import RuleBroken
from trellis.org.throttles import TooManyBadTokens, bad_token_count, bad_tokens_exceeded

CONTENT_TYPE = "application/scim+json"
MAX_RESULTS = 1000
MAX_BODY_BYTES = 1024 * 1024


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scim_token_create(*, name: str) -> tuple[ScimToken, str]:
    """A new SCIM bearer token; the secret is returned once and only its digest kept."""
    secret = "scim_" + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(name=name, prefix=secret[:12], digest=_digest(secret))
    return token, secret


class ScimProblem(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def scim_response(payload: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(payload), status=status, content_type=CONTENT_TYPE)


def error_response(status: int, detail: str, scim_type: str | None = None) -> HttpResponse:
    error = Error(status=status, detail=detail[:500], scim_type=scim_type)
    response = scim_response(error.model_dump(), status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response


def read_json(request: HttpRequest) -> Any:
    if len(request.body) > MAX_BODY_BYTES:
        raise ScimProblem(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ScimProblem(400, "the body is not JSON", "invalidSyntax") from None


def _authenticated(request: HttpRequest) -> bool:
    """True for a live SCIM token; a token sent but unknown or revoked counts against the
    address, with the API's bad tokens (:mod:`trellis.org.throttles`)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    found = ScimToken.objects.filter(
        digest=_digest(token.strip()), revoked_at__isnull=True
    ).exists()
    if not found:
        bad_token_count(request)
    return found


def _too_many_bad_tokens() -> HttpResponse:
    refusal = TooManyBadTokens()
    response = error_response(429, "too many unknown SCIM tokens from this address; try later")
    response["Retry-After"] = str(int(refusal.wait or 0))
    return response


def scim_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Bearer-token check, and every refusal as a SCIM error body (never a 500 for input)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # An address that keeps sending unknown tokens is refused before any lookup, valid
        # token or not, for the rest of the window: guessing stays slow.
        if bad_tokens_exceeded(request):
            return _too_many_bad_tokens()
        if not _authenticated(request):
            return error_response(401, "a valid SCIM bearer token is required")
        try:
            return view(request, *args, **kwargs)
        except ScimProblem as problem:
            return error_response(problem.status, problem.detail, problem.scim_type)
        except RuleBroken as broken:
            return error_response(broken.status, str(broken), broken.scim_type)
        except SCIMException as exc:
            return error_response(exc.status, exc.detail, exc.scim_type or None)
        except ValidationError as exc:
            first = Error.from_validation_errors(exc)[0]
            return error_response(first.status or 400, first.detail or "", first.scim_type)

    return wrapped


_FILTER = re.compile(
    r'^\s*(?P<attr>[\w:.]+)\s+eq\s+"(?P<value>(?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE
)
FILTERABLE = {
    "username": "userName",
    "externalid": "externalId",
    "id": "id",
    "emails.value": "emails.value",
    "employeenumber": "employeeNumber",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber": "employeeNumber",
}


def parse_filter(text: str) -> tuple[str, str]:
    """``userName eq "x"`` -> ``("userName", "x")``; the only filters served are equalities."""
    match = _FILTER.match(text)
    if match is None:
        raise ScimProblem(
            400,
            'only filters of the form ATTRIBUTE eq "value" are supported '
            "(userName, externalId, id, emails.value, employeeNumber)",
            "invalidFilter",
        )
    attribute = FILTERABLE.get(match.group("attr").lower())
    if attribute is None:
        raise ScimProblem(400, f"cannot filter on {match.group('attr')}", "invalidFilter")
    return attribute, json.loads(f'"{match.group("value")}"')


def page_bounds(request: HttpRequest) -> tuple[int, int]:
    """``startIndex`` (1-based) and ``count`` from the query, clamped as RFC 7644 §3.4.2.4 says."""

    def number(name: str, default: int) -> int:
        raw = request.GET.get(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise ScimProblem(400, f"{name} must be an integer", "invalidValue") from None

    start = max(number("startIndex", 1), 1)
    count = min(max(number("count", 100), 0), MAX_RESULTS)
    return start, count


def service_provider_config(base: str) -> dict[str, Any]:
    config = ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token made with `manage.py scim_token` (not a user API token).",
                primary=True,
            )
        ],
    )
    payload = config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    payload["meta"] = {
        "resourceType": "ServiceProviderConfig",
        "location": base + "/ServiceProviderConfig",
    }
    return payload


def user_resource_type(base: str) -> dict[str, Any]:
    resource_type = ResourceType.from_resource(ProvisionedUser)
    resource_type.id = resource_type.name = "User"
    resource_type.description = "A person of the organization"
    resource_type.endpoint = "/Users"  # type: ignore[assignment]
    payload = resource_type.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    payload["meta"] = {"resourceType": "ResourceType", "location": base + "/ResourceTypes/User"}
    return payload


def schemas(base: str) -> list[dict[str, Any]]:
    out = []
    for model in (PersonUser, Employment):
        schema = model.to_schema()
        payload = schema.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        payload["name"] = "User" if model is PersonUser else "EnterpriseUser"
        payload["meta"] = {"resourceType": "Schema", "location": f"{base}/Schemas/{schema.id}"}
        out.append(payload)
    return out
