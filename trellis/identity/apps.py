from __future__ import annotations

from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """Single sign-on (OpenID Connect) and provisioning (SCIM 2.0), just above org."""

    name = "trellis.identity"
    label = "identity"
    verbose_name = "Identity: single sign-on and provisioning"

    def ready(self) -> None:
        # Models load only once the app registry is ready.
        from trellis.identity.personal_data import REGISTRY
        from trellis.org.registry import PersonalDataSet, personal_data_register

        personal_data_register(PersonalDataSet(app="identity", owned=REGISTRY))
