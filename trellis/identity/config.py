"""Single sign-on configuration: settings first, the provider's discovery document second.

Only the issuer, client id and client secret must be set (see docs/sso.md); the endpoints
come from ``<issuer>/.well-known/openid-configuration`` unless set explicitly. Settings are
read on every use, so a test can point Trellis at its own provider.
"""

from __future__ import annotations

import threading
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Our setting name -> the discovery document's key.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_lock = threading.Lock()
_discovery: dict[str, dict[str, Any]] = {}


def sso_enabled() -> bool:
    return bool(getattr(settings, "TRELLIS_OIDC_ISSUER", ""))


def sso_only() -> bool:
    return sso_enabled() and bool(getattr(settings, "TRELLIS_SSO_ONLY", False))


def issuer() -> str:
    return str(getattr(settings, "TRELLIS_OIDC_ISSUER", "")).rstrip("/")


def _discover(issuer_url: str) -> dict[str, Any]:
    with _lock:
        if issuer_url not in _discovery:
            url = f"{issuer_url}/.well-known/openid-configuration"
            response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", 10))
            if response.status_code == 404:
                # Some providers (django-oauth-toolkit among them) answer only with a slash.
                response = requests.get(url + "/", timeout=getattr(settings, "OIDC_TIMEOUT", 10))
            response.raise_for_status()
            document = response.json()
            if str(document.get("issuer", "")).rstrip("/") != issuer_url:
                raise ImproperlyConfigured(
                    f"The provider at {issuer_url} names itself {document.get('issuer')!r}: "
                    "TRELLIS_OIDC_ISSUER must be its exact issuer."
                )
            _discovery[issuer_url] = document
        return _discovery[issuer_url]


def oidc_setting(name: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting, with endpoints discovered from the issuer when unset."""
    value = getattr(settings, name, None)
    if value not in (None, ""):
        return value
    if name in _DISCOVERED and sso_enabled():
        return _discover(issuer())[_DISCOVERED[name]]
    if default:
        return default[0]
    raise ImproperlyConfigured(f"{name} is not set (single sign-on is not configured)")
