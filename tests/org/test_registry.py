"""What the apps above org register with it from their AppConfig.ready()."""

from __future__ import annotations

from trellis.org.personal_data import registry
from trellis.org.registry import demo_steps, page_sections, personal_data_sets
from trellis.skills.models import PersonSkill
from trellis.talks.models import Conversation


def test_personal_data_is_registered_in_layer_order() -> None:
    # Erasure walks the registry backwards: the higher apps' rows go before org's person.
    assert [s.app for s in personal_data_sets()] == [
        "org",
        "identity",
        "skills",
        "careers",
        "talks",
        "market",
        "insights",
    ]
    models = [entry.model for entry in registry()]
    assert models.index(PersonSkill) < models.index(Conversation)


def test_demo_steps_run_in_their_order() -> None:
    # The calendar and the learning catalog first (they need only the organization and its
    # skills), the pulse last (its answers come from everyone the steps before left in place).
    assert [step.app for step in demo_steps()] == [
        "org",
        "skills",
        "careers",
        "market",
        "talks",
        "orientation",
        "insights",
    ]


def test_a_page_without_sections_gets_none() -> None:
    assert page_sections("no.such.page", viewer=None) == {}
