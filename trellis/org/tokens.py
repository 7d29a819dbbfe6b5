"""Bearer tokens for integrations calling the API (DESIGN §6 and §9).

The browser uses its session (with the CSRF check); a script sends
``Authorization: Bearer <token>`` instead, and acts as the token's user — every endpoint's
object-level checks apply unchanged. A read-only token is refused on anything but GET, HEAD
and OPTIONS. Tokens expire, can be revoked, and only their digest is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from trellis.org.models import ApiToken
from trellis.org.services import audit_record
from trellis.org.throttles import TooManyBadTokens, bad_token_count, bad_tokens_exceeded

TOKEN_PREFIX = "trl_"  # noqa: S105 - a marker that tells tokens apart, not a secret
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_TOUCH_EVERY = dt.timedelta(minutes=5)  # last use is written at most this often


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    days: int = 90,
    read_only: bool = True,
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is not stored and cannot be shown again."""
    if not name.strip():
        raise ValueError("Give the token a name that says what it is for.")
    if not 1 <= days <= 366:
        raise ValueError(f"A token lives from 1 to 366 days, not {days}.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=_digest(secret),
        read_only=read_only,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="org.api_token.create",
        target=token,
        detail={"user": user.pk, "read_only": read_only, "days": days},
    )
    return token, secret


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="org.api_token.revoke", target=token)
    return token


class ApiTokenAuth(HttpBearer):
    """Ninja's bearer scheme over :class:`ApiToken`; no header means "try the session"."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # An address that keeps sending unknown tokens is refused before any lookup, valid
        # token or not, for the rest of the window: guessing stays slow.
        if bad_tokens_exceeded(request):
            raise TooManyBadTokens
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=_digest(token), revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if row is None or not row.user.is_active:
            bad_token_count(request)
            # A caller that sends a token means to use it: say so rather than try the session.
            raise HttpError(401, "The API token is unknown, expired or revoked.")
        if row.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, "This token may only read.")
        if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


def api_docs_guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's schema and docs are for signed-in people and token holders only.

    A browser without a session is sent to the login page; a script gets 401 (or 429 after
    too many bad tokens) from the schema, so that tools can still load it with a token.
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            user = ApiTokenAuth()(request)
        except HttpError as error:
            return JsonResponse({"detail": error.message}, status=error.status_code)
        if user is not None:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": "Unauthorized"}, status=401)
        return redirect_to_login(request.get_full_path())

    return guarded
