"""Demo conversations: plausible, deterministic, and only between people and their managers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F

from trellis.org.models import Person
from trellis.skills.demo import demo_generate
from trellis.talks.demo import talks_demo_generate
from trellis.talks.models import Conversation, ConversationItem, FollowUp, Status

TODAY = dt.date(2026, 11, 20)


def _snapshot() -> list[tuple[object, ...]]:
    return sorted(
        Conversation.objects.values_list(
            "author__employee_id", "person__employee_id", "when", "kind", "status", "summary"
        )
    )


@pytest.fixture
def org(db: None) -> None:
    demo_generate(people=150, seed=3)


def test_conversations_are_with_ones_manager_and_carry_items(org: None) -> None:
    made = talks_demo_generate(seed=3, today=TODAY)
    assert made == Conversation.objects.count() > 50
    assert not Conversation.objects.exclude(author_id=F("person__manager_id")).exists()
    held = Conversation.objects.filter(status=Status.HELD)
    assert ConversationItem.objects.count() == 2 * held.count()
    assert FollowUp.objects.exists()
    # Held ones lie in the past year; planned ones in the next three weeks.
    start = dt.datetime.combine(TODAY - dt.timedelta(days=366), dt.time(), tzinfo=dt.UTC)
    assert not held.filter(when__lt=start).exists()
    assert not held.filter(
        when__gte=dt.datetime.combine(TODAY, dt.time(11), tzinfo=dt.UTC)
    ).exists()
    for conv in Conversation.objects.filter(status=Status.PLANNED):
        assert conv.planned and TODAY < conv.when.date() <= TODAY + dt.timedelta(days=21)
    # About two in three people with a manager had at least one.
    covered = held.values("person_id").distinct().count()
    with_manager = Person.objects.filter(manager__isnull=False).count()
    assert 0.5 < covered / with_manager < 0.8


def test_same_seed_same_conversations(org: None) -> None:
    talks_demo_generate(seed=3, today=TODAY)
    first = _snapshot()
    Conversation.objects.all().delete()
    talks_demo_generate(seed=3, today=TODAY)
    assert _snapshot() == first
    Conversation.objects.all().delete()
    talks_demo_generate(seed=4, today=TODAY)
    assert _snapshot() != first
