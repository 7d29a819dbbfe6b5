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
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from trellis.org.models import ApiToken
from trellis.org.services import audit_record

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
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=_digest(token), revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if row is None or not row.user.is_active:
            # A caller that sends a token means to use it: say so rather than try the session.
            raise HttpError(401, "The API token is unknown, expired or revoked.")
        if row.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, "This token may only read.")
        if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user
