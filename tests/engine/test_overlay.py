"""One person's rows made again over a built state equal a full build with their new data."""

from __future__ import annotations

import dataclasses

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.engine import make_inputs
from trellis.engine import build_state
from trellis.engine.data import PeopleInput
from trellis.engine.overlay import PersonUpdate, with_person

N_PEOPLE, N_OPPS = 60, 25
INPUTS = make_inputs(N_PEOPLE, N_OPPS, seed=3)
BASE = build_state(**INPUTS)  # type: ignore[arg-type]


def _with_new_rows(people: PeopleInput, who: int, update: PersonUpdate) -> PeopleInput:
    """The same people with ``who``'s skills and targets replaced (a full build's input)."""
    sp_person = np.asarray(people.skill_person)
    keep = sp_person != who
    t_person = np.asarray(people.target_person)
    t_keep = t_person != who
    n_new, n_t = update.skill.shape[0], update.target_role.shape[0]
    return dataclasses.replace(
        people,
        skill_person=np.concatenate([sp_person[keep], np.full(n_new, who)]),
        skill=np.concatenate([np.asarray(people.skill)[keep], update.skill]),
        level=np.concatenate([np.asarray(people.level)[keep], update.level]),
        appetite=np.concatenate([np.asarray(people.appetite)[keep], update.appetite]),
        target_person=np.concatenate([t_person[t_keep], np.full(n_t, who)]),
        target_role=np.concatenate([np.asarray(people.target_role)[t_keep], update.target_role]),
    )


def _same(a: sp.csr_array, b: sp.csr_array) -> bool:
    return a.shape == b.shape and (a != b).nnz == 0


@settings(max_examples=40, deadline=None)
@given(
    who=st.integers(0, N_PEOPLE - 1),
    skills=st.lists(st.integers(0, BASE.n_skills - 1), unique=True, max_size=12),
    data=st.data(),
)
def test_with_person_equals_a_full_build(who: int, skills: list[int], data: st.DataObject) -> None:
    n = len(skills)
    assert BASE.roles is not None
    update = PersonUpdate(
        skill=np.array(skills, np.int64),
        level=np.array(data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), np.int64),
        appetite=np.array(
            data.draw(st.lists(st.sampled_from([-1, 0, 1]), min_size=n, max_size=n)), np.int64
        ),
        target_role=np.array(
            sorted(data.draw(st.sets(st.integers(0, BASE.roles.n_rows - 1), max_size=3))),
            np.int64,
        ),
    )
    full = build_state(**{**INPUTS, "people": _with_new_rows(INPUTS["people"], who, update)})  # type: ignore[arg-type]
    over = with_person(BASE, who, update)
    for name in ("levels", "appetite", "person_r", "person_g"):
        assert _same(getattr(over, name), getattr(full, name)), name
    assert np.array_equal(over.target_ptr, full.target_ptr)
    assert np.array_equal(over.target_role, full.target_role)
    assert np.array_equal(over.growth_shares, full.growth_shares)
    # The opportunity side is the state's own, not a copy.
    assert over.opp_r is BASE.opp_r and over.opps is BASE.opps
