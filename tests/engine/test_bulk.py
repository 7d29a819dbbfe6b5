"""The tiled bulk top-k gives exactly the lists and scores of the previous implementation."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.factories import random_state
from trellis.engine.bulk import all_top_opportunities
from trellis.engine.bulk_reference import all_top_reference


def _same(a: object, b: object) -> None:
    for name in ("opp", "readiness", "mutual_value"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.booleans())
def test_tiles_match_the_reference_bit_for_bit(seed: int, k: int, opt_in: bool) -> None:
    state = random_state(seed, n_people=60, n_opps=40, n_skills=8)
    ref = all_top_reference(state, k=k, block=4, require_opt_in=opt_in)
    # Small blocks: one constraint profile per block (rows cut to what the profile passes).
    _same(all_top_opportunities(state, k=k, block=4, threads=2, require_opt_in=opt_in), ref)
    # Large blocks: mixed profiles, masked per person.
    _same(all_top_opportunities(state, k=k, block=64, threads=1, require_opt_in=opt_in), ref)


def test_profile_tiles_leave_out_what_the_profile_fails() -> None:
    state = random_state(3, n_people=80, n_opps=30, n_skills=6)
    lists = all_top_opportunities(state, k=30, block=2, threads=1)
    assert (lists.opp >= 0).any()
    for p in range(state.n_people):
        for o in lists.list_of(p):
            assert state.capacity[o] > 0
            assert state.hours_needed[o] <= state.hours_available[p]
            assert state.min_months[o] <= state.months_in_role[p]
            ex = state.excluded
            assert state.unit[p] not in ex.indices[ex.indptr[o] : ex.indptr[o + 1]]


def test_a_sample_of_people_gets_the_rows_of_everyone() -> None:
    state = random_state(11, n_people=50, n_opps=25, n_skills=7)
    everyone = all_top_opportunities(state, k=5, block=3)
    sample = np.array([4, 17, 31, 49])
    some = all_top_opportunities(state, k=5, people=sample, block=3)
    assert np.array_equal(some.opp, everyone.opp[sample])
    assert np.array_equal(some.mutual_value, everyone.mutual_value[sample])
