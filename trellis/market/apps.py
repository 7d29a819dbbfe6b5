from __future__ import annotations

from django.apps import AppConfig


class MarketConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trellis.market"
    label = "market"
    verbose_name = "Talent marketplace"
