"""Every model that points at a person is registered for export and erasure, or is named as
the organization's own record — a new model cannot slip through."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from trellis.org.models import Person
from trellis.org.personal_data import not_personal, registry


def _points_at_person(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField)
        and f.related_model is Person
        and not f.auto_created
    ]


def test_every_model_pointing_at_a_person_is_registered() -> None:
    registered = {entry.model._meta.label for entry in registry()}
    named = not_personal()
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("trellis."):
            continue
        label = model._meta.label
        for field in _points_at_person(model):
            if label in registered or label in named or f"{label}.{field}" in named:
                continue
            missing.append(f"{label}.{field}")
    assert missing == []


def test_registry_lookups_resolve(db: None) -> None:
    for entry in registry():
        # A bad lookup path raises FieldError here rather than during an erasure.
        list(entry.model._default_manager.filter(**{entry.owner: 0})[:1])
