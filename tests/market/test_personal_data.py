from __future__ import annotations

from django.apps import apps

from trellis.market.personal_data import NOT_PERSONAL, REGISTRY


def test_every_market_model_is_registered_or_declared_impersonal() -> None:
    registered = {entry.model._meta.label for entry in REGISTRY}
    labels = {m._meta.label for m in apps.get_app_config("market").get_models()}
    assert labels - registered - NOT_PERSONAL == set()
