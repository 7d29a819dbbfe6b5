from __future__ import annotations

from django.apps import apps

from tests.cast import Cast
from tests.talks.helpers import log, pull
from trellis.talks.personal_data import AUTHORED, NOT_PERSONAL, REGISTRY, rows_of


def test_every_talks_model_is_registered_or_declared_impersonal() -> None:
    registered = {e.model._meta.label for e in REGISTRY + AUTHORED}
    labels = {m._meta.label for m in apps.get_app_config("talks").get_models()}
    assert labels - registered - NOT_PERSONAL == set()


def test_employee_export_leaves_out_private_notes(cast: Cast) -> None:
    shared = log(cast.maya, cast.ada, items=[pull("values", "a")])
    log(cast.maya, cast.ada, visibility="private", items=[pull("values", "b")])
    rows = rows_of(cast.ada.pk)
    assert list(rows["talks.Conversation"]) == [shared]
    assert [i.text for i in rows["talks.ConversationItem"]] == ["a"]
    assert rows_of(cast.maya.pk)["talks.Conversation:authored"].count() == 2
