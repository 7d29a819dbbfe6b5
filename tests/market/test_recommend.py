from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.careers import services as careers
from trellis.market import cache, services
from trellis.market.models import MarketplaceOptIn
from trellis.market.recommend import contacts_for, for_you
from trellis.org.access import viewer_for
from trellis.org.models import OrgUnit, Person
from trellis.skills.models import PersonSkill, Role


def _colleague(
    name: str, unit: OrgUnit, *, role: Role | None = None, opted_in: bool = True
) -> Person:
    first, last = name.split()
    person = Person.objects.create(
        employee_id=f"E-{first.lower()}",
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@example.com",
        title="Engineer",
        unit=unit,
        role=role,
        hire_date=dt.date(2020, 1, 1),
    )
    if opted_in:
        MarketplaceOptIn.objects.create(person=person, opted_in=True)
    return person


def _names(contacts) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.person.full_name for c in contacts]


def test_people_who_hold_a_gap_skill_other_teams_first(cast: Cast) -> None:
    near = _colleague("Nina Nearby", cast.team)
    far = _colleague("Fred Faraway", cast.other_team)
    shy = _colleague("Sid Shy", cast.other_team, opted_in=False)
    gone = _colleague("Gil Gone", cast.other_team)
    less = _colleague("Lou Less", cast.other_team)
    for person, level in ((near, 5), (far, 4), (shy, 5), (gone, 5), (less, 2)):
        PersonSkill.objects.create(person=person, skill=cast.sql, level=level)
    Person.objects.filter(pk=gone.pk).update(is_active=False)
    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    PersonSkill.objects.filter(person=cast.ada, skill=cast.sql).update(level=5)

    contacts = contacts_for(person=cast.ada, skills=[cast.sql])
    # Other teams first (Fred at 4 and Lou at 2 before Nina at 5); not the shy, the
    # inactive, nor Ada herself.
    assert _names(contacts) == ["Fred Faraway", "Lou Less", "Nina Nearby"]
    assert [(c.other_team, c.skills, c.role) for c in contacts] == [
        (True, [(cast.sql, 4)], None),
        (True, [(cast.sql, 2)], None),
        (False, [(cast.sql, 5)], None),
    ]


def test_people_who_hold_the_target_role(cast: Cast) -> None:
    senior = cast.senior_engineer
    _colleague("Tara Teammate", cast.team, role=senior)
    _colleague("Olga Other", cast.other_team, role=senior)
    _colleague("Quinn Quiet", cast.other_team, role=senior, opted_in=False)
    _colleague("Pat Peer", cast.other_team, role=cast.engineer)
    assert contacts_for(person=cast.ada, skills=[]) == []
    careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Senior next year", target_role=senior
    )
    contacts = contacts_for(person=cast.ada, skills=[])
    assert _names(contacts) == ["Olga Other", "Tara Teammate"]
    assert [(c.other_team, c.role) for c in contacts] == [(True, senior), (False, senior)]


def test_role_holders_and_skill_holders_in_one_list(cast: Cast) -> None:
    careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Senior", target_role=cast.senior_engineer
    )
    both = _colleague("Bea Both", cast.other_team, role=cast.senior_engineer)
    skill_only = _colleague("Sam Skill", cast.other_team)
    for person in (both, skill_only):
        PersonSkill.objects.create(person=person, skill=cast.sql, level=5)
    contacts = contacts_for(person=cast.ada, skills=[cast.sql])
    assert _names(contacts) == ["Bea Both", "Sam Skill"]
    assert contacts[0].role == cast.senior_engineer and contacts[1].role is None


def test_for_you_page_shows_people_to_talk_to(cast: Cast, client_for: ClientFor) -> None:
    make_opportunity(cast)
    far = _colleague("Fred Faraway", cast.other_team, role=cast.senior_engineer)
    PersonSkill.objects.create(person=far, skill=cast.sql, level=5)
    careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Senior", target_role=cast.senior_engineer
    )
    body = client_for(cast.ada).get(reverse("market:for_you")).content.decode()
    assert "People to talk to" in body
    assert (
        "Fred Faraway</a> (Engineer, Field Sales) — SQL at level 5"
        " · is a Senior Software Engineer, your target role</li>"
    ) in body


def test_own_skill_removal_is_seen_at_once(cast: Cast, opp: object) -> None:
    items = for_you(person=cast.ada).items
    assert [line.skill.name for line in items[0].why.met] == ["Python"]
    warm = cache.market_data()
    # A deletion changes no maximum: only the person's own check notices it.
    careers.person_skill_remove(actor=cast.ada.user, person=cast.ada, skill=cast.python)
    assert cache.market_data() is warm
    assert not cache.person_is_current(warm, cast.ada.pk)
    items = for_you(person=cast.ada).items
    assert [line.skill.name for line in items[0].why.missing] == ["Python"]


def test_others_deletions_are_seen_when_the_counts_are_read(cast: Cast, opp: object) -> None:
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=5)
    PersonSkill.objects.create(person=cast.dora, skill=cast.python, level=5)
    warm = cache.market_data()
    PersonSkill.objects.filter(person=cast.otto).delete()
    assert cache.market_data() is warm  # the row counts are not due yet
    cache._slow["at"] = -cache._SLOW_CHECK_S  # as if their interval had passed
    assert cache.market_data() is not warm
