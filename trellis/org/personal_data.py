"""The organization's own personal data, and the helpers every app's registration uses.

Each app registers its personal data in :mod:`trellis.org.registry` from its
``AppConfig.ready()``; the export and erasure (:mod:`trellis.org.privacy`) read that
registry. A test fails when a model with a foreign key to Person is registered nowhere and
not named as the organization's own record (DESIGN §9).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from trellis.org.models import Person
from trellis.org.registry import (
    PersonalData,
    PersonalDataSet,
    Records,
    personal_data_not_personal,
    personal_data_registry,
    personal_data_sets,
)

__all__ = ["ORG", "PersonalData", "as_record", "export_records", "not_personal", "registry"]

ORG = PersonalDataSet(
    app="org",
    owned=(PersonalData(Person, "pk"),),
    # Pointing at a person, but the organization's record rather than the person's data.
    not_personal=frozenset({"org.Person.manager"}),
)


def registry() -> tuple[PersonalData, ...]:
    """Every app's registered entries (owned and authored), in layer order."""
    return personal_data_registry()


def not_personal() -> frozenset[str]:
    return personal_data_not_personal()


def as_record(obj: models.Model) -> dict[str, Any]:
    """A row as the export writes it: every concrete field, by name."""
    data = model_to_dict(obj)
    data["id"] = obj.pk
    for field in obj._meta.concrete_fields:
        # model_to_dict leaves out non-editable fields such as creation times.
        if field.name not in data:
            data[field.name] = field.value_from_object(obj)
    for field in obj._meta.many_to_many:
        # model_to_dict gives the related rows themselves; the archive names them by id.
        if field.name in data:
            data[field.name] = sorted(o.pk for o in data[field.name])
    return data


def _owned_rows(entries: tuple[PersonalData, ...], person_id: int) -> dict[str, Records]:
    rows: dict[str, models.QuerySet[Any]] = {}
    for entry in entries:
        label = entry.model._meta.label
        qs = entry.model._default_manager.filter(**{entry.owner: person_id})
        # A model registered twice (both sides of a pairing) is one file.
        rows[label] = rows[label] | qs if label in rows else qs
    return {label: [as_record(obj) for obj in qs.order_by("pk")] for label, qs in rows.items()}


def export_records(person_id: int) -> dict[str, Records]:
    """Every record about the person they may read, by file name, from every app."""
    records: dict[str, Records] = {}
    for entry in personal_data_sets():
        if entry.export is not None:
            records.update(entry.export(person_id))
        else:
            records.update(_owned_rows(entry.owned, person_id))
    return records
