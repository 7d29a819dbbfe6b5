from __future__ import annotations

from django.apps import AppConfig


class MarketConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trellis.market"
    label = "market"
    verbose_name = "Talent marketplace"

    def ready(self) -> None:
        # Models load only once the app registry is ready.
        from trellis.market.personal_data import NOT_PERSONAL, REGISTRY
        from trellis.org.registry import PersonalDataSet, personal_data_register

        personal_data_register(
            PersonalDataSet(app="market", owned=REGISTRY, not_personal=frozenset(NOT_PERSONAL))
        )
