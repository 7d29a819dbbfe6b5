from __future__ import annotations

from django.http import HttpRequest

from trellis.identity.config import sso_enabled, sso_only


def sso(request: HttpRequest) -> dict[str, bool]:
    """Whether the login page offers single sign-on, and whether only that."""
    return {"sso_enabled": sso_enabled(), "sso_only": sso_only()}
