from __future__ import annotations

from tests.identity.oidc import oidc_provider, sso_settings

__all__ = ["oidc_provider", "sso_settings"]
