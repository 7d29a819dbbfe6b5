"""Role transitions: asymmetric coverage, labels, ranking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.factories import random_state
from trellis.engine.data import (
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
    build_state,
)
from trellis.engine.scoring import credit
from trellis.engine.transitions import all_transitions, coverage_matrix, role_transitions


def _roles_state() -> object:
    # Junior dev (level 1): python 2, sql 1. Senior dev (level 2): python 4, sql 2, design 3.
    # Analyst (level 1): sql 3, stats 2 (stats weighted 3).
    roles = RolesInput(
        requirements=Requirements(
            n_rows=3,
            row=[0, 0, 1, 1, 1, 2, 2],
            skill=[0, 1, 0, 1, 2, 1, 3],
            min_level=[2, 1, 4, 2, 3, 3, 2],
            weight=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0],
        ),
        level=[1, 2, 1],
    )
    people = PeopleInput(n_people=1, skill_person=[0], skill=[0], level=[1])
    opps = OpportunitiesInput(
        requirements=Requirements(n_rows=1, row=[0], skill=[0], min_level=[1])
    )
    return build_state(n_skills=4, people=people, opportunities=opps, roles=roles)


def test_coverage_by_hand_and_asymmetric() -> None:
    state = _roles_state()
    cov = coverage_matrix(state.roles)
    # Junior → Senior: python 2/4, sql 1/2, design 0 → (0.5 + 0.5 + 0) / 3.
    assert cov[0, 1] == pytest.approx(1 / 3)
    # Senior → Junior: python and sql met → 1.
    assert cov[1, 0] == pytest.approx(1.0)
    # Junior → Analyst: sql 1/3 (weight 1), stats 0 (weight 3) → (1/3) / 4.
    assert cov[0, 2] == pytest.approx(1 / 12)
    assert cov[2, 0] == pytest.approx((0 + 1) / 2)
    assert np.allclose(np.diag(cov), 1.0)


def test_transitions_are_ranked_and_labelled() -> None:
    state = _roles_state()
    moves = role_transitions(state, 0)
    assert [(m.to_role, m.kind) for m in moves] == [(1, "promotion"), (2, "lateral")]
    promo = moves[0]
    assert promo.partial == ((0, 2, 4), (1, 1, 2))
    assert promo.missing == (2,)
    assert promo.covered == ()
    down = role_transitions(state, 1)
    assert down[0].to_role == 0
    assert down[0].kind == "step_back"
    assert down[0].covered == (0, 1)
    assert all_transitions(state)[0] == moves
    assert role_transitions(state, 0, min_coverage=0.2) == moves[:1]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_coverage_is_the_readiness_of_a_minimal_holder(seed: int) -> None:
    state = random_state(seed, n_roles=4, n_skills=5)
    roles = state.roles
    assert roles is not None
    cov = coverage_matrix(roles)
    for a in range(4):
        have = dict(
            zip(roles.skill[roles.row_slice(a)], roles.min_level[roles.row_slice(a)], strict=True)
        )
        for b in range(4):
            sl = roles.row_slice(b)
            req = roles.required[sl]
            w = roles.weight[sl]
            c = np.array(
                [
                    credit(int(have.get(s, 0)), int(m))
                    for s, m in zip(roles.skill[sl], roles.min_level[sl], strict=True)
                ]
            )
            core = (w * c)[req].sum() / w[req].sum() if req.any() else None
            nice = (w * c)[~req].sum() / w[~req].sum() if (~req).any() else None
            if core is not None and nice is not None:
                expected = (core + 0.25 * nice) / 1.25
            else:
                expected = core if core is not None else nice
            assert cov[a, b] == pytest.approx(expected)
            assert 0.0 <= cov[a, b] <= 1.0 + 1e-12
