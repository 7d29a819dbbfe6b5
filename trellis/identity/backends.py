"""Password login, turned off by single-sign-on-only mode for all but break-glass admins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.http import HttpRequest

from trellis.identity.config import sso_only


class PasswordBackend(ModelBackend):
    """Django's username-and-password login; with ``TRELLIS_SSO_ONLY`` only superusers may use it.

    Superusers keep it as the way in when the identity provider is down (break-glass).
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and sso_only() and not getattr(user, "is_superuser", False):
            if request is not None:
                request.trellis_password_refused = True  # type: ignore[attr-defined]
            return None
        return user
