"""People to talk to: a hand-checked ranking with its reasons, and properties on random states."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.factories import instance_kwargs, random_state
from trellis.engine import (
    Connection,
    EngineState,
    HeldSkill,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
    build_state,
    connection_scores,
    people_to_talk_to,
)
from trellis.engine.scoring import rank_keys, target_gap_skills

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def _state() -> EngineState:
    # Role 0 needs skill 0 at 3 and skill 1 at 2. Ana (0, unit 0) has skill 0 at 1 and targets
    # role 0, so her gaps are skills 0 and 1. Ben (unit 0, Ana's team) has both at 5; Cat
    # (unit 1) holds role 0 and skill 0 at 3; Dan (unit 1) skill 1 at 2; Eve (unit 2) only
    # skill 2; Fay (unit 2) skill 0 at 3; Gil (unit 3) skill 0 at 2.
    people = PeopleInput(
        n_people=7,
        skill_person=[0, 1, 1, 2, 3, 4, 5, 6],
        skill=[0, 0, 1, 0, 1, 2, 0, 0],
        level=[1, 5, 5, 3, 2, 5, 3, 2],
        unit=[0, 0, 1, 1, 2, 2, 3],
        target_person=[0],
        target_role=[0],
        current_role=[-1, -1, 0, -1, -1, -1, 1],
    )
    opps = OpportunitiesInput(
        requirements=Requirements(n_rows=1, row=[0], skill=[0], min_level=[1])
    )
    roles = RolesInput(
        requirements=Requirements(n_rows=2, row=[0, 0, 1], skill=[0, 1, 2], min_level=[3, 2, 4]),
        level=[2, 2],
    )
    return build_state(n_skills=3, people=people, opportunities=opps, roles=roles)


def test_gap_people_other_units_first_by_hand() -> None:
    state = _state()
    found = people_to_talk_to(state, 0, k=10)
    assert [c.person for c in found] == [2, 5, 3, 6, 1]
    cat, fay, dan, gil, ben = found
    # Cat: skills part 3 / (5 × 2) = 0.3, holds role 0: (0.3 + 0.5) / 1.5.
    assert cat.score == pytest.approx(0.8 / 1.5)
    assert cat.skill_score == pytest.approx(0.3)
    assert cat.holds_target_role and cat.role == 0 and not cat.same_unit and cat.unit == 1
    assert cat.skills == (HeldSkill(skill=0, level=3, your_level=1, contribution=0.3),)
    assert fay.score == pytest.approx(0.3 / 1.5) and not fay.holds_target_role
    # Dan and Gil tie at 0.2 / 1.5: the lower index first.
    assert dan.score == pytest.approx(0.2 / 1.5) == gil.score
    assert dan.skills == (HeldSkill(skill=1, level=2, your_level=0, contribution=0.2),)
    assert gil.role == 1 and not gil.holds_target_role
    # Ben scores highest but shares Ana's unit, so he comes last.
    assert ben.score == pytest.approx(1.0 / 1.5) and ben.same_unit
    assert [h.skill for h in ben.skills] == [0, 1]
    # Eve holds no skill of interest and no target role: not listed; Ana never lists herself.
    assert all(c.person not in (0, 4) for c in found)


def test_explicit_skills_roles_mask_and_k() -> None:
    state = _state()
    assert [c.person for c in people_to_talk_to(state, 0, [2])] == [4]
    (eve,) = people_to_talk_to(state, 0, [2])
    assert eve.score == pytest.approx(1.0)
    assert eve.skills == (HeldSkill(skill=2, level=5, your_level=0, contribution=1.0),)
    only_role = people_to_talk_to(state, 0, [], target_roles=[0])
    assert [(c.person, c.score, c.skills) for c in only_role] == [(2, 1.0, ())]
    allowed = np.ones(7, bool)
    allowed[[2, 3]] = False
    assert [c.person for c in people_to_talk_to(state, 0, allowed=allowed)] == [5, 6, 1]
    assert [c.person for c in people_to_talk_to(state, 0, k=2)] == [2, 5]
    # Asking from Ben's side: Ana holds skill 0 at 1, same unit, ranked after Cat and Fay.
    assert [c.person for c in people_to_talk_to(state, 1, [0])] == [2, 5, 6, 0]
    assert people_to_talk_to(state, 0, [], target_roles=[]) == []


def test_bad_input_is_refused() -> None:
    state = _state()
    with pytest.raises(ValueError, match="skills out of range"):
        connection_scores(state, [3])
    with pytest.raises(ValueError, match="target_roles out of range"):
        connection_scores(state, [0], [2])
    with pytest.raises(ValueError, match="allowed has 2 entries"):
        people_to_talk_to(state, 0, allowed=[True, False])
    kwargs = instance_kwargs(1)
    bad = dataclasses.replace(kwargs["people"], current_role=[5] * 6)
    with pytest.raises(ValueError, match="current_role out of range"):
        build_state(**{**kwargs, "people": bad})


def _reference(
    state: EngineState, person: int, skills: list[int], roles: list[int], allowed: np.ndarray
) -> list[tuple[int, float]]:
    """Plain-Python definition: score, then other unit first, score down, index up."""
    rows = []
    for q in range(state.n_people):
        if q == person or not allowed[q]:
            continue
        held = state.person_skills(q)
        part = sum(held.get(s, (0, 0))[0] for s in skills) / (5 * len(skills)) if skills else 0.0
        holds = float(int(state.current_role[q]) in roles)
        w_s, w_r = (1.0 if skills else 0.0), (0.5 if roles else 0.0)
        score = (w_s * part + w_r * holds) / (w_s + w_r) if w_s + w_r else 0.0
        if score > 0:
            other = state.unit[q] != state.unit[person]
            rows.append((not other, -int(rank_keys(np.array([score]))[0]), q, score))
    rows.sort()
    return [(q, score) for *_, q, score in rows]


@settings(max_examples=60, deadline=None)
@given(seeds, st.integers(0, 7), st.integers(1, 8), st.booleans())
def test_matches_the_plain_definition(seed: int, person: int, k: int, own_gaps: bool) -> None:
    state = random_state(seed, n_people=8, n_roles=3)
    rng = np.random.default_rng(seed)
    allowed = rng.random(8) < 0.8
    if own_gaps:
        skills = sorted(target_gap_skills(state, person))
        roles = state.targets_of(person)
        got = people_to_talk_to(state, person, k=k, allowed=allowed)
    else:
        skills = sorted(set(rng.integers(0, state.n_skills, 3).tolist()))
        roles = sorted(set(rng.integers(0, 3, int(rng.integers(0, 3))).tolist()))
        got = people_to_talk_to(state, person, skills, target_roles=roles, k=k, allowed=allowed)
    want = _reference(state, person, skills, roles, allowed)[:k]
    assert [c.person for c in got] == [q for q, _ in want]
    for c, (_, score) in zip(got, want, strict=True):
        assert isinstance(c, Connection)
        assert c.score == pytest.approx(score)
        assert 0 < c.score <= 1 + 1e-12
        assert sum(h.contribution for h in c.skills) == pytest.approx(c.skill_score)
        assert all(h.skill in skills and h.level >= 1 for h in c.skills)
    units = [c.same_unit for c in got]
    assert units == sorted(units)


@settings(max_examples=40, deadline=None)
@given(seeds, st.integers(0, 5), st.integers(0, 5), st.integers(1, 5))
def test_raising_a_level_never_lowers_the_score(seed: int, q: int, skill: int, up: int) -> None:
    kwargs = instance_kwargs(seed)
    people: PeopleInput = kwargs["people"]
    persons, skills = np.asarray(people.skill_person), np.asarray(people.skill)
    levels = np.asarray(people.level).copy()
    hit = np.flatnonzero((persons == q) & (skills == skill))
    if hit.size:
        levels[hit] = np.minimum(levels[hit] + up, 5)
        raised = dataclasses.replace(people, level=levels)
    else:
        raised = dataclasses.replace(
            people,
            skill_person=np.append(persons, q),
            skill=np.append(skills, skill),
            level=np.append(levels, up),
            appetite=np.append(np.asarray(people.appetite), 0),
        )
    before = build_state(**kwargs)
    after = build_state(**{**kwargs, "people": raised})
    interest = [skill, (skill + 1) % 6]
    lo = connection_scores(before, interest, [0])[0]
    hi = connection_scores(after, interest, [0])[0]
    assert hi[q] >= lo[q] - 1e-12
    others = np.arange(6) != q
    assert np.allclose(hi[others], lo[others])
