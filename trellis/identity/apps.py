from __future__ import annotations

from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """Single sign-on (OpenID Connect) and provisioning (SCIM 2.0), just above org."""

    name = "trellis.identity"
    label = "identity"
    verbose_name = "Identity: single sign-on and provisioning"
