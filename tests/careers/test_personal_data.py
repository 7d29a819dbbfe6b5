from __future__ import annotations

from django.apps import apps
from django.db import models

from tests.cast import Cast
from trellis.careers import services
from trellis.careers.personal_data import REGISTRY, rows_of
from trellis.org.models import Person

# Models of the app that hold no one's personal data, with the reason.
NOT_PERSONAL = {
    "careers.DevelopmentPolicy",  # the company's allowance, the same for everyone
    "careers.DeckReview",  # the organization's meeting; it names its organizer
}


def _points_to_person(model: type[models.Model]) -> bool:
    return any(
        isinstance(f, models.ForeignKey | models.OneToOneField) and f.related_model is Person
        for f in model._meta.get_fields()
        if f.concrete
    )


def test_every_model_with_a_person_foreign_key_is_registered() -> None:
    registered = {entry.model for entry in REGISTRY}
    missing = [
        model._meta.label
        for model in apps.get_models()
        if _points_to_person(model)
        and model._meta.app_label == "careers"
        and model not in registered
        and model._meta.label not in NOT_PERSONAL
    ]
    assert missing == []


def test_every_careers_model_is_registered_or_declared_impersonal() -> None:
    registered = {entry.model._meta.label for entry in REGISTRY}
    labels = {m._meta.label for m in apps.get_app_config("careers").get_models()}
    assert labels - registered - NOT_PERSONAL == set()


def test_owner_lookups_find_the_owners_rows(cast: Cast) -> None:
    goal = services.goal_create(actor=cast.ada.user, person=cast.ada, title="Grow")
    action = services.action_create(actor=cast.ada.user, goal=goal, title="Read")
    services.checkpoint_create(
        actor=cast.ada.user, action=action, title="Half", due=goal.created_at.date()
    )
    rows = rows_of(cast.ada.pk)
    assert rows["careers.Goal"].count() == 1
    assert rows["careers.Checkpoint"].count() == 1
    assert rows_of(cast.otto.pk)["careers.Goal"].count() == 0
