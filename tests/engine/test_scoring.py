"""Hand-checked cases for readiness, growth, mutual value, constraints and explanations."""

from __future__ import annotations

import numpy as np
import pytest

from trellis.engine.build import build_state
from trellis.engine.data import (
    GROW,
    KEEP,
    LESS,
    EngineState,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
)
from trellis.engine.explain import explain
from trellis.engine.scoring import pair_score, score_opportunity, score_person


def _state(**opp_overrides: object) -> EngineState:
    # Person 0 and 1 hold the same skills; person 1 also targets role 0.
    # skill 0: level 3 (grow), skill 1: level 1 (keep), skill 2: level 5 (use less).
    people = PeopleInput(
        n_people=2,
        skill_person=[0, 0, 0, 1, 1, 1],
        skill=[0, 1, 2, 0, 1, 2],
        level=[3, 1, 5, 3, 1, 5],
        appetite=[GROW, KEEP, LESS, GROW, KEEP, LESS],
        hours_available=[8.0, 8.0],
        target_person=[1],
        target_role=[0],
    )
    # Opportunity 0: required 0@3 (w2), 1@2 (w1), 3@2 (w1); nice-to-have 2@4 (w1).
    # Opportunity 1: same requirements, needs 10 hours a week.
    req = Requirements(
        n_rows=2,
        row=[0, 0, 0, 0, 1, 1, 1, 1],
        skill=[0, 1, 3, 2, 0, 1, 3, 2],
        min_level=[3, 2, 2, 4, 3, 2, 2, 4],
        weight=[2.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0],
        required=[True, True, True, False, True, True, True, False],
    )
    opps = OpportunitiesInput(
        requirements=req, hours_needed=[0.0, 10.0], capacity=[1, 1], **opp_overrides
    )
    roles = RolesInput(
        requirements=Requirements(n_rows=1, row=[0, 0, 0], skill=[3, 0, 2], min_level=[2, 4, 5]),
        level=[2],
    )
    return build_state(n_skills=4, people=people, opportunities=opps, roles=roles)


def test_readiness_growth_mutual_value_by_hand() -> None:
    state = _state()
    # core = (2·1 + 1·(1/2) + 1·0) / 4 = 0.625; nice = 1; readiness = (0.625 + 0.25) / 1.25.
    # growth without target: skill 0 wants-to-grow 2/3 × 2/5 + skill 1 stretch 1/3 × 1/5 = 1/3.
    score = pair_score(state, 0, 0)
    assert score.readiness == pytest.approx(0.7)
    assert score.growth == pytest.approx(1 / 3)
    assert score.mutual_value == pytest.approx(0.7 * (0.6 + 0.4 / 3))
    assert score.failed_constraint is None
    # With a target role (gap skills 0 and 3): skill 0 = 0.5 + 0.25, skill 1 stretch 0.25,
    # skill 3 gap 0.25, skill 2 (use less) 0: growth = 0.75·2/5 + 0.25/5 + 0.25/5 = 0.4.
    score = pair_score(state, 1, 0)
    assert score.readiness == pytest.approx(0.7)
    assert score.growth == pytest.approx(0.4)
    assert score.mutual_value == pytest.approx(0.7 * 0.76)


def test_failed_constraint_zeroes_mutual_value_but_keeps_sides() -> None:
    state = _state()
    score = pair_score(state, 0, 1)
    assert score.failed_constraint == "hours"
    assert score.mutual_value == 0.0
    assert score.readiness == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"capacity": [0, 1]}, "closed"),
        ({"location": [3, -1], "remote_allowed": [False, True]}, "location"),
        ({"min_months_in_role": [12.0, 0.0]}, "months_in_role"),
        ({"excluded_opp": [0], "excluded_unit": [0]}, "unit_excluded"),
    ],
)
def test_each_constraint_is_named(override: dict[str, object], expected: str) -> None:
    kwargs = {"capacity": [1, 1], **override}
    capacity = kwargs.pop("capacity")
    state = _state(**kwargs) if "capacity" not in override else None
    if state is None:
        state = _state()
        state.capacity[:] = capacity
    people_fields = {"location": [5, 5]} if expected == "location" else {}
    for name, values in people_fields.items():
        getattr(state, name)[:] = values
    if expected == "months_in_role":
        state.months_in_role[:] = 3.0
    score = pair_score(state, 0, 0)
    assert score.failed_constraint == expected
    assert score.mutual_value == 0.0
    assert explain(state, 0, 0).failed_constraint == expected
    assert score_person(state, 0).mutual_value[0] == 0.0


def test_not_opted_in_only_hides_people_from_owners() -> None:
    state = _state()
    state.opted_in[0] = False
    assert pair_score(state, 0, 0).failed_constraint is None
    assert pair_score(state, 0, 0, require_opt_in=True).failed_constraint == "not_opted_in"
    assert score_opportunity(state, 0).mutual_value[0] == 0.0
    assert score_opportunity(state, 0).mutual_value[1] > 0.0


def test_explanation_lists_met_partial_missing_growth_and_target() -> None:
    state = _state()
    ex = explain(state, 1, 0)
    by_skill = {m.skill: m for m in ex.requirements}
    assert [m.skill for m in ex.met] == [0, 2]
    assert [(m.skill, m.level, m.min_level) for m in ex.partial] == [(1, 1, 2)]
    assert [m.skill for m in ex.missing] == [3]
    assert by_skill[1].credit == pytest.approx(0.5)
    assert by_skill[2].required is False
    assert by_skill[0].contribution == pytest.approx(2 / 4 / 1.25)
    assert by_skill[2].contribution == pytest.approx(0.25 / 1.25)
    assert sum(m.contribution for m in ex.requirements) == pytest.approx(ex.readiness)
    growth = {g.skill: g.reasons for g in ex.growth_skills}
    assert growth == {0: ("wants_to_grow", "target_gap"), 1: ("stretch",), 3: ("target_gap",)}
    assert sum(g.contribution for g in ex.growth_skills) == pytest.approx(ex.growth)
    (target,) = ex.target_roles
    assert target.role == 0
    assert target.gap_skills == (3, 0)
    assert target.exercised == (3, 0)
    assert target.share_of_gap == pytest.approx(1.0)
    assert ex.mutual_value == pytest.approx(pair_score(state, 1, 0).mutual_value)
    # Person 0 has no target role: no target contribution, no target_gap reason.
    ex0 = explain(state, 0, 0)
    assert ex0.target_roles == ()
    assert {g.skill: g.reasons for g in ex0.growth_skills} == {
        0: ("wants_to_grow",),
        1: ("stretch",),
    }


def test_only_nice_to_have_and_no_nice_to_have() -> None:
    people = PeopleInput(n_people=1, skill_person=[0, 0], skill=[0, 1], level=[2, 4])
    req = Requirements(
        n_rows=2, row=[0, 0, 1], skill=[0, 1, 0], min_level=[4, 4, 4], required=[False, False, True]
    )
    state = build_state(
        n_skills=2, people=people, opportunities=OpportunitiesInput(requirements=req)
    )
    assert pair_score(state, 0, 0).readiness == pytest.approx((0.5 + 1.0) / 2)
    assert pair_score(state, 0, 1).readiness == pytest.approx(0.5)
    # Nobody wants to grow anything: growth 0, mutual value = 0.6 × readiness.
    assert pair_score(state, 0, 1).mutual_value == pytest.approx(0.3)


def test_vector_paths_match_the_definition() -> None:
    state = _state()
    vec = score_person(state, 1)
    for o in range(2):
        ref = pair_score(state, 1, o)
        assert vec.readiness[o] == pytest.approx(ref.readiness, abs=1e-6)
        assert vec.growth[o] == pytest.approx(ref.growth, abs=1e-6)
        assert vec.mutual_value[o] == pytest.approx(ref.mutual_value, abs=1e-6)
    col = score_opportunity(state, 0)
    assert np.allclose(col.mutual_value, [pair_score(state, p, 0).mutual_value for p in (0, 1)])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("level", [6], "people.level"),
        ("skill", [9], "people.skill out of range"),
        ("appetite", [2], "appetite"),
    ],
)
def test_bad_people_input_is_refused(field: str, value: list[int], message: str) -> None:
    kwargs: dict[str, object] = {"skill_person": [0], "skill": [0], "level": [1]}
    kwargs[field] = value
    people = PeopleInput(n_people=1, **kwargs)  # type: ignore[arg-type]
    opps = OpportunitiesInput(
        requirements=Requirements(n_rows=1, row=[0], skill=[0], min_level=[1])
    )
    with pytest.raises(ValueError, match=message):
        build_state(n_skills=2, people=people, opportunities=opps)


def test_duplicate_requirement_and_bad_minimum_are_refused() -> None:
    people = PeopleInput(n_people=1, skill_person=[0], skill=[0], level=[1])
    for req in (
        Requirements(n_rows=1, row=[0, 0], skill=[0, 0], min_level=[1, 2]),
        Requirements(n_rows=1, row=[0], skill=[0], min_level=[0]),
    ):
        with pytest.raises(ValueError):
            build_state(n_skills=1, people=people, opportunities=OpportunitiesInput(req))
