"""The rules For you follows, one hand-built case each (trellis/engine/coach.py and
trellis/market/foryou.py), and property tests of the two that must never break.

Ada (Software Engineer, level 2) has Python 4 (happy as is) and SQL 2 (wants to grow it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cast import Cast, ClientFor
from tests.engine.factories import random_state
from trellis.careers import services as careers
from trellis.engine import coach
from trellis.engine.scoring import score_person
from trellis.market import services
from trellis.market.models import Direction, Kind, Opportunity
from trellis.market.recommend import ForYou, ForYouLists, for_you
from trellis.market.services import SkillNeed
from trellis.org.access import viewer_for
from trellis.skills.models import JobFamily, Role, RoleRequirement, Skill, SkillCategory, Track

Need = tuple[Skill, int, int]  # skill, minimum level, importance


def _post(cast: Cast, kind: str, title: str, needs: list[Need], **fields: Any) -> Opportunity:
    """An open opportunity in Maya's team (Maya owns it, so Ada may see it)."""
    fields.setdefault("unit", cast.team)
    fields.setdefault("hours_per_week", 4 if kind != Kind.ROLE else 0)
    opp = services.opportunity_create(
        viewer=viewer_for(cast.maya.user),
        kind=kind,
        title=title,
        skills=[SkillNeed(s, m, w, True) for s, m, w in needs] or None,
        **fields,
    )
    return services.opportunity_publish(viewer=viewer_for(cast.maya.user), opp=opp)


def _titles(items: list[ForYou]) -> list[str]:
    return [i.opportunity.title for i in items]


def _shown(lists: ForYouLists) -> list[str]:
    return _titles(lists.items + lists.near_misses + lists.blocked)


def _rule(lists: ForYouLists, title: str) -> str:
    return next(i.rule for i in lists.items + lists.near_misses if i.opportunity.title == title)


@pytest.fixture
def go(db: None) -> Skill:
    return Skill.objects.create(name="Go", category=SkillCategory.SKILL)


def _role(cast: Cast, code: str, title: str, level: int, **fields: Any) -> Role:
    fields.setdefault("family", cast.engineer.family)
    return Role.objects.create(code=code, title=title, level=level, **fields)


# --- mentorship and shadowing have a direction ------------------------------------------


def test_an_offer_to_mentor_needs_every_asked_level(cast: Cast) -> None:
    both = [(cast.python, 3, 3), (cast.sql, 3, 3)]
    _post(cast, Kind.MENTORSHIP, "Mentor SQL and Python", both, direction=Direction.GUIDE)
    _post(cast, Kind.MENTORSHIP, "Mentor Python", [(cast.python, 4, 3)], direction=Direction.GUIDE)
    lists = for_you(person=cast.ada)
    # SQL 2 is under the asked 3: never shown, not even as a near miss.
    assert _shown(lists) == ["Mentor Python"]
    assert lists.items[0].side == "you would mentor others"
    assert lists.items[0].rule == (
        "Shown because you are at or above the asked level in every skill it lists, "
        "so you could mentor others."
    )


def test_an_offer_to_be_mentored_is_for_what_one_wants_to_grow(cast: Cast) -> None:
    _post(cast, Kind.MENTORSHIP, "Learn SQL", [(cast.sql, 4, 3)])
    _post(cast, Kind.MENTORSHIP, "Learn Python", [(cast.python, 5, 3)])
    lists = for_you(person=cast.ada)
    # Python is "happy as is" and no target role asks more: nothing to be mentored in.
    assert _shown(lists) == ["Learn SQL"]
    item = lists.items[0]
    assert item.learns and item.side == "you would be mentored"
    assert item.why.readiness == pytest.approx(0.5)
    assert item.rule == "Shown because you want to grow SQL."
    careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Staff", target_role=_staff(cast)
    )
    # A gap to a target role is a wish too.
    assert sorted(_shown(for_you(person=cast.ada))) == ["Learn Python", "Learn SQL"]


def _staff(cast: Cast) -> Role:
    staff = _role(cast, "SE4", "Staff Software Engineer", 4)
    RoleRequirement.objects.create(role=staff, skill=cast.python, min_level=5, importance=5)
    return staff


def test_never_shadow_ones_own_role(cast: Cast) -> None:
    _post(cast, Kind.SHADOWING, "Shadow an engineer", [], role=cast.engineer)
    _post(cast, Kind.SHADOWING, "Shadow a senior", [], role=cast.senior_engineer)
    lists = for_you(person=cast.ada)
    assert _shown(lists) == ["Shadow a senior"]
    assert lists.items[0].rule == "Shown because you want to grow SQL."


def test_never_shadow_a_role_one_exceeds(cast: Cast) -> None:
    junior = _role(cast, "SE1", "Junior Software Engineer", 1)
    RoleRequirement.objects.create(role=junior, skill=cast.sql, min_level=3, importance=3)
    other = JobFamily.objects.create(name="Data")
    analyst = _role(cast, "DA3", "Data Analyst", 3, family=other)
    RoleRequirement.objects.create(role=analyst, skill=cast.python, min_level=4, importance=3)
    RoleRequirement.objects.create(role=analyst, skill=cast.sql, min_level=2, importance=3)
    scientist = _role(cast, "DS3", "Data Scientist", 3, family=other)
    RoleRequirement.objects.create(role=scientist, skill=cast.sql, min_level=4, importance=3)
    # A lower level of one's own family (even with SQL to grow), a role whose every
    # requirement Ada meets: exceeded. A role of another family with SQL 4: shown.
    _post(cast, Kind.SHADOWING, "Shadow a junior", [], role=junior)
    _post(cast, Kind.SHADOWING, "Shadow an analyst", [], role=analyst)
    _post(cast, Kind.SHADOWING, "Shadow a scientist", [], role=scientist)
    assert _shown(for_you(person=cast.ada)) == ["Shadow a scientist"]


# --- open roles ------------------------------------------------------------------------


def test_no_opening_for_the_role_one_holds(cast: Cast) -> None:
    _post(cast, Kind.ROLE, "Software Engineer opening", [], role=cast.engineer)
    _post(cast, Kind.ROLE, "Senior opening", [], role=cast.senior_engineer)
    lists = for_you(person=cast.ada)
    assert _shown(lists) == ["Senior opening"]
    assert lists.items[0].rule == (
        "Shown because readiness 88% reaches the 50% floor for open roles. "
        "It grows SQL, which you want to grow."
    )


def test_step_backs_only_when_the_mobility_preferences_ask(cast: Cast) -> None:
    junior = _role(cast, "SE1", "Junior Software Engineer", 1)
    lead = _role(cast, "TL1", "Team Lead", 1, track=Track.MANAGEMENT)
    for role in (junior, lead):
        RoleRequirement.objects.create(role=role, skill=cast.python, min_level=2, importance=3)
        _post(cast, Kind.ROLE, f"{role.title} opening", [], role=role)
    assert _shown(for_you(person=cast.ada)) == []
    careers.profile_update(
        actor=cast.ada.user, person=cast.ada, data={"track_preference": "management"}
    )
    # Ada asked for the management track: a first management role a level down is shown.
    assert _shown(for_you(person=cast.ada)) == ["Team Lead opening"]
    careers.goal_create(actor=cast.ada.user, person=cast.ada, title="Back", target_role=junior)
    assert sorted(_shown(for_you(person=cast.ada))) == [
        "Junior Software Engineer opening",
        "Team Lead opening",
    ]


# --- readiness floors and near misses --------------------------------------------------


def test_work_under_its_floor_is_a_near_miss(cast: Cast, go: Skill) -> None:
    low = [(cast.sql, 4, 5), (go, 3, 5)]  # readiness (0.5 x 5 + 0) / 10 = 25%
    _post(cast, Kind.ROLE, "Senior with Go", low, role=cast.senior_engineer)
    _post(cast, Kind.GIG, "Go gig", low)
    _post(cast, Kind.PROJECT, "Go project", [(go, 3, 5), (cast.sql, 5, 1)])  # 6.7%
    lists = for_you(person=cast.ada)
    assert _titles(lists.items) == ["Go gig"]
    assert _rule(lists, "Go gig") == (
        "Shown because readiness 25% reaches the 20% floor for gigs. "
        "It grows SQL, which you want to grow."
    )
    assert _titles(lists.near_misses) == ["Senior with Go", "Go project"]
    assert _rule(lists, "Senior with Go") == (
        "Held back: readiness 25% is under the 50% floor for open roles."
    )
    assert _rule(lists, "Go project") == (
        "Held back: readiness 7% is under the 20% floor for projects."
    )


def test_an_opening_that_closes_a_target_gap_asks_the_growth_floor(cast: Cast, go: Skill) -> None:
    _post(
        cast, Kind.ROLE, "Senior with Go", [(cast.sql, 4, 5), (go, 3, 5)], role=cast.senior_engineer
    )
    careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Senior", target_role=cast.senior_engineer
    )
    lists = for_you(person=cast.ada)
    assert _titles(lists.items) == ["Senior with Go"] and lists.near_misses == []
    assert lists.items[0].rule == (
        "Shown because Senior Software Engineer is one of your target roles: readiness 25% "
        "is under the 50% floor for open roles but reaches the 20% floor that applies then."
    )


def test_an_offer_to_learn_that_grows_little_is_a_near_miss(cast: Cast, go: Skill) -> None:
    # Ada wants to grow SQL; Go, Python 3 (met) and SQL 3 (a stretch) at importance 5, 5
    # and 1: growth = 1/11 x (2/3 + 1/3) = 9%.
    needs = [(go, 3, 5), (cast.python, 3, 5), (cast.sql, 3, 1)]
    _post(cast, Kind.MENTORSHIP, "Learn a bit of SQL", needs)
    lists = for_you(person=cast.ada)
    assert lists.items == [] and _titles(lists.near_misses) == ["Learn a bit of SQL"]
    assert lists.near_misses[0].rule == (
        "Held back: growth 9% is under the 20% floor for mentorships (readiness is not asked "
        "of a learner)."
    )


def test_floors_come_from_the_settings(cast: Cast, go: Skill) -> None:
    _post(cast, Kind.GIG, "Go gig", [(cast.sql, 4, 5), (go, 3, 5)])
    with override_settings(TRELLIS_FORYOU_FLOOR_GROWTH=30):
        lists = for_you(person=cast.ada)
    assert lists.items == [] and _titles(lists.near_misses) == ["Go gig"]
    assert lists.near_misses[0].rule == (
        "Held back: readiness 25% is under the 30% floor for gigs."
    )


def test_page_and_api_show_near_misses_apart(cast: Cast, client_for: ClientFor, go: Skill) -> None:
    _post(cast, Kind.GIG, "Python gig", [(cast.python, 3, 3)])
    _post(
        cast, Kind.ROLE, "Senior with Go", [(cast.sql, 4, 5), (go, 3, 5)], role=cast.senior_engineer
    )
    client = client_for(cast.ada)
    body = client.get(reverse("market:for_you")).content.decode()
    listed, near = body.split('<h2 id="near-heading">Near misses</h2>')
    assert "Python gig" in listed and "Senior with Go" not in listed
    assert "Held back: readiness 25% is under the 50% floor for open roles." in near
    data = client.get("/api/v1/market/recommendations").json()
    assert [i["title"] for i in data["items"]] == ["Python gig"]
    assert [(i["title"], i["rule"]) for i in data["near_misses"]] == [
        ("Senior with Go", "Held back: readiness 25% is under the 50% floor for open roles.")
    ]
    assert data["blocked"] == []
    assert client.get("/api/v1/market/recommendations?kind=nope").status_code == 422


# --- what the person said, and variety -------------------------------------------------


def test_values_and_interests_lift_an_item_and_say_so(cast: Cast) -> None:
    _post(cast, Kind.GIG, "Storage metrics dashboard", [(cast.python, 3, 3)])
    _post(cast, Kind.STRETCH, "Lead the backup review", [(cast.python, 3, 3)])
    before = for_you(person=cast.ada)
    # Equal values: the first posted first.
    assert _titles(before.items) == ["Storage metrics dashboard", "Lead the backup review"]
    assert before.items[0].also == []
    careers.profile_update(
        actor=cast.ada.user,
        person=cast.ada,
        data={"values_chosen": ["growth", "impact"], "interests": "Dashboards, dashboard; chess"},
    )
    after = for_you(person=cast.ada)
    # Two values served (+0.10) beat one interest found (+0.05).
    assert [(i.opportunity.title, i.also) for i in after.items] == [
        ("Lead the backup review", ["Fits what you value: Learning and growth, Impact."]),
        ("Storage metrics dashboard", ["Matches what you said you are into: dashboard."]),
    ]


def test_a_manager_sheet_uses_only_what_is_shared_with_the_manager(cast: Cast) -> None:
    _post(cast, Kind.GIG, "Storage metrics dashboard", [(cast.python, 3, 3)])
    careers.profile_update(actor=cast.ada.user, person=cast.ada, data={"interests": "dashboard"})
    careers.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"interests": "private"}
    )
    assert for_you(person=cast.ada).items[0].also != []
    assert for_you(person=cast.ada, audience="manager").items[0].also == []


def test_the_top_ten_is_not_copies_of_one_skill(cast: Cast, go: Skill) -> None:
    for n in range(4):
        _post(cast, Kind.GIG, f"SQL gig {n}", [(cast.sql, 3, 5)])
    _post(cast, Kind.GIG, "Go gig", [(go, 1, 1), (cast.python, 3, 5)], unit=cast.team)
    lists = for_you(person=cast.ada)
    # Two items mainly on SQL, then the Go gig (lower value), then the other SQL gigs.
    assert _titles(lists.items) == ["SQL gig 0", "SQL gig 1", "Go gig", "SQL gig 2", "SQL gig 3"]
    moved = [i.also for i in lists.items[3:]]
    assert (
        moved
        == [
            [
                "Moved down for variety: your first ten already hold enough items on its main "
                "skill or from its team."
            ]
        ]
        * 2
    )


# --- property tests ----------------------------------------------------------------------


def _facts(seed: int, ptr: np.ndarray, n_roles: int) -> coach.Facts:
    n_opps = ptr.shape[0] - 1
    rng = np.random.default_rng([seed, 2])
    shadowing = rng.random(n_opps) < 0.4
    opening = ~shadowing & (rng.random(n_opps) < 0.4)
    directed = shadowing | (~opening & (rng.random(n_opps) < 0.3))
    mode = np.where(directed, rng.integers(1, 3, n_opps), 0)
    return coach.Facts(
        mode=mode.astype(np.int64),
        opening=opening,
        shadowing=shadowing,
        role=rng.integers(-1, n_roles, n_opps),
        floor=np.where(opening, 0.5, 0.2),
        target_floor=np.full(n_opps, 0.2),
        role_family=rng.integers(0, 2, n_roles),
        role_track=rng.integers(0, 2, n_roles),
        requirement_ptr=ptr,
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_no_mentor_offer_below_level_and_no_shadowing_of_ones_role(seed: int) -> None:
    state = random_state(seed, n_people=5, n_opps=10, n_skills=5, n_roles=3)
    facts = _facts(seed, state.opps.ptr, 3)
    table = state.opps
    for p in range(state.n_people):
        own = int(state.current_role[p])
        who = coach.Person(role=own, level=int(state.role_level[own]) if own >= 0 else 0)
        placement = coach.place(state, p, score_person(state, p), facts, who)
        shown = placement.verdict != coach.HIDDEN
        levels = state.person_skills(p)
        for o in np.flatnonzero(shown).tolist():
            sl = table.row_slice(o)
            if facts.mode[o] == coach.GUIDE:
                for s, m in zip(
                    table.skill[sl].tolist(), table.min_level[sl].tolist(), strict=True
                ):
                    assert levels.get(s, (0, 0))[0] >= m
            learns_by_shadowing = facts.shadowing[o] and facts.mode[o] == coach.LEARN
            if learns_by_shadowing or facts.opening[o]:
                assert own < 0 or int(facts.role[o]) != own
            if placement.verdict[o] == coach.PLACED:
                assert placement.value[o] > 0
            if placement.verdict[o] == coach.NEAR:
                assert facts.mode[o] != coach.GUIDE
        # The vectorised rules agree with the plain definition, pair by pair (a readiness
        # within float rounding of its floor may fall either side).
        scores = score_person(state, p)
        for o in range(state.n_opps):
            expected = coach.verdict(state, p, o, facts, who)
            got = (int(placement.verdict[o]), coach.RULES[int(placement.rule[o])])
            if got != expected:
                edges = [
                    abs(x - f) for x in (scores.readiness[o], scores.growth[o]) for f in (0.2, 0.5)
                ]
                assert min(edges) < 1e-6, (o, got, expected)


@pytest.mark.django_db
def test_on_the_demo_nobody_sees_a_mentor_offer_below_level_nor_their_own_job() -> None:
    from trellis.market.cache import market_data
    from trellis.market.demo import market_demo_generate
    from trellis.org.models import Person
    from trellis.skills.demo import demo_generate

    demo_generate(people=150, seed=5)
    market_demo_generate(seed=5, opportunities_per_100=20)
    assert Opportunity.objects.filter(direction=Direction.GUIDE).exists()
    data = market_data()
    needs: dict[int, list[tuple[int, int]]] = {}
    for opp in Opportunity.objects.prefetch_related("skills"):
        needs[opp.pk] = [(s.skill_id, s.min_level) for s in opp.skills.all() if s.min_level]
    guides = shadows = 0
    for person in Person.objects.filter(is_active=True).prefetch_related("skills"):
        mine = {s.skill_id: s.level for s in person.skills.all()}
        lists = for_you(person=person, data=data)
        for item in lists.items + lists.near_misses + lists.blocked:
            opp = item.opportunity
            if opp.guides:
                guides += 1
                assert all(mine.get(s, 0) >= m for s, m in needs[opp.pk]), (person, opp)
            if opp.kind == Kind.SHADOWING:
                shadows += 1
                assert opp.role_id != person.role_id, (person, opp)
    assert guides and shadows  # the checks ran on real cases


def test_the_direction_is_set_through_the_api_and_shown_on_the_page(
    cast: Cast, client_for: ClientFor
) -> None:
    maya = client_for(cast.maya)
    body = {
        "kind": "mentorship",
        "direction": "guide",
        "title": "Mentor juniors in SQL",
        "unit_id": cast.team.pk,
        "skills": [{"skill_id": cast.sql.pk, "min_level": 4}],
    }
    made = maya.post("/api/v1/market/opportunities", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["direction"] == "guide"
    bad = maya.post(
        "/api/v1/market/opportunities",
        {**body, "direction": "sideways"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "direction" in bad.content.decode()
    page = maya.get(reverse("market:detail", args=[made.json()["id"]])).content.decode()
    assert (
        "<dt>The person taking it</dt><dd>The person taking it guides (mentors others, "
        "is shadowed)</dd>"
    ) in page


def test_a_digest_names_only_what_for_you_would_list(cast: Cast) -> None:
    from io import StringIO

    from django.core.management import call_command

    from trellis.careers.models import Notification

    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    both = [(cast.python, 3, 3), (cast.sql, 3, 3)]
    _post(cast, Kind.MENTORSHIP, "Mentor SQL and Python", both, direction=Direction.GUIDE)
    _post(cast, Kind.SHADOWING, "Shadow an engineer", [], role=cast.engineer)
    _post(cast, Kind.GIG, "Python gig", [(cast.python, 3, 3)])
    call_command("send_digests", stdout=StringIO())
    sent = Notification.objects.get(recipient=cast.ada)
    assert sent.message == "1 new opportunities fit you: “Python gig”"
