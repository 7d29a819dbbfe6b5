"""The registry of career models that hold a person's data, for export and erasure.

Each entry names the model and the lookup from it to the owning person; the app registers
them with org from ``CareersConfig.ready()``. A test fails when a model with a foreign key
to Person is missing here (DESIGN §9).
"""

from __future__ import annotations

from django.db import models

from trellis.careers import models as m
from trellis.org.registry import PersonalData, PersonalDataSet

__all__ = ["REGISTRY", "PersonalData", "personal_data", "rows_of"]

REGISTRY: tuple[PersonalData, ...] = (
    PersonalData(m.CareerProfile, "person"),
    PersonalData(m.PersonSkillHistory, "person"),
    PersonalData(m.Goal, "person"),
    PersonalData(m.Action, "goal__person"),
    PersonalData(m.Checkpoint, "action__goal__person"),
    PersonalData(m.MapComment, "goal__person"),
    PersonalData(m.Notification, "recipient"),
    PersonalData(m.DevTimeEntry, "person"),
    PersonalData(m.CheckIn, "person"),
    PersonalData(m.CheckInScore, "checkin__person"),
    PersonalData(m.Accomplishment, "person"),
    PersonalData(m.DeckSubmission, "person"),
    PersonalData(m.DeckFeedback, "submission__person"),
)
# A deck review session is the organization's meeting; its organizer is named on it.
NOT_PERSONAL = frozenset({"careers.DeckReview"})


def rows_of(person_id: int) -> dict[str, models.QuerySet[models.Model]]:
    """Every registered row owned by the person, by model label: the export's input."""
    return {
        entry.model._meta.label: entry.model._default_manager.filter(**{entry.owner: person_id})
        for entry in REGISTRY
    }


def personal_data() -> PersonalDataSet:
    return PersonalDataSet(app="careers", owned=REGISTRY, not_personal=NOT_PERSONAL)
