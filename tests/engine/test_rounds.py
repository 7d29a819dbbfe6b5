"""Stable rounds: hand-checked cases, brute-force stability and optimality, peer comparison."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from matching.algorithms import hospital_resident
from matching.games import HospitalResident
from matching.games.hospital_resident import _make_players

from tests.engine.factories import random_state
from trellis.engine.build import build_state
from trellis.engine.rounds import (
    Preferences,
    build_preferences,
    count_blocking_pairs,
    make_preferences,
    run_round,
)
from trellis.engine.scoring import pair_score
from trellis.engine.topk import all_top_opportunities

from .factories import instance_kwargs

Assignment = tuple[int, ...]


def _random_prefs(seed: int, n_people: int, n_opps: int, max_len: int) -> Preferences:
    rng = np.random.default_rng(seed)
    lists, scores = [], []
    for _ in range(n_people):
        size = int(rng.integers(0, min(max_len, n_opps) + 1))
        lists.append(rng.choice(n_opps, size, replace=False).tolist())
        scores.append(rng.integers(0, 4, size).astype(float).tolist())  # ties on purpose
    return make_preferences(lists, scores, rng.integers(0, 3, n_opps).tolist())


def _opp_ranking(prefs: Preferences) -> dict[int, list[int]]:
    """Each opportunity's people, best first (from ranks, independently of the algorithms)."""
    ranking: dict[int, list[tuple[int, int]]] = {o: [] for o in range(prefs.n_opps)}
    for p in range(prefs.n_people):
        for e in range(int(prefs.ptr[p]), int(prefs.ptr[p + 1])):
            ranking[int(prefs.opp[e])].append((int(prefs.opp_rank[e]), p))
    return {o: [p for _, p in sorted(v)] for o, v in ranking.items()}


def _brute_blocking(prefs: Preferences, assign: Assignment) -> int:
    ranking = _opp_ranking(prefs)
    cap = prefs.capacity.tolist()
    blocking = 0
    for p in range(prefs.n_people):
        lst = prefs.list_of(p)
        for o in lst:
            if assign[p] == o:
                continue
            if assign[p] >= 0 and lst.index(assign[p]) < lst.index(o):
                continue
            holders = [q for q in range(prefs.n_people) if assign[q] == o]
            rank = ranking[o].index
            if len(holders) < cap[o] or any(rank(p) < rank(q) for q in holders):
                blocking += 1
    return blocking


def _all_stable(prefs: Preferences) -> list[Assignment]:
    options = [[-1, *prefs.list_of(p)] for p in range(prefs.n_people)]
    stable = []
    for combo in itertools.product(*options):
        counts = np.bincount([o for o in combo if o >= 0], minlength=prefs.n_opps)
        if np.any(counts > prefs.capacity):
            continue
        if _brute_blocking(prefs, combo) == 0:
            stable.append(combo)
    return stable


def _position(prefs: Preferences, p: int, o: int) -> int:
    return prefs.list_of(p).index(o) if o >= 0 else 10**9


def test_hand_checked_round() -> None:
    # Two people both want A (1 seat) first, then B (1 seat). A prefers Bo (score 0.9).
    prefs = make_preferences([[0, 1], [0, 1], [1]], [[0.5, 0.5], [0.9, 0.8], [0.7]], [1, 1])
    result = run_round(prefs)
    # People-proposing: Bo gets A; Ann falls to B, where she ranks 0.5 < Cy's 0.7 -> unmatched.
    assert result.assignment.tolist() == [-1, 0, 1]
    assert result.choice.tolist() == [-1, 0, 0]
    assert result.blocking_pairs == 0
    assert result.assigned_to(1) == [2]
    # Closest first: B's cutoff is 0.7 (gap 0.2), A's is 0.9 (gap 0.4).
    misses = result.near_misses(0)
    assert [(m.opportunity, m.list_position) for m in misses] == [(1, 1), (0, 0)]
    assert misses[0].cutoff == pytest.approx(0.7)
    assert misses[0].gap == pytest.approx(0.2)
    assert misses[1].cutoff == pytest.approx(0.9)
    assert misses[1].gap == pytest.approx(0.4)
    assert result.near_misses(1) == ()


def test_proposing_side_matters_when_it_can() -> None:
    # Classic: people prefer opposite opportunities to those that prefer them.
    prefs = make_preferences([[0, 1], [1, 0]], [[0.1, 0.9], [0.1, 0.9]], [1, 1])
    assert run_round(prefs).assignment.tolist() == [0, 1]
    assert run_round(prefs, proposing="opportunities").assignment.tolist() == [1, 0]


def test_blocking_pair_counter_sees_an_unstable_assignment() -> None:
    prefs = make_preferences([[0, 1], [1, 0]], [[0.9, 0.1], [0.9, 0.1]], [1, 1])
    # Person 0 holds entry 1 (opp 1) and person 1 entry 3 (opp 0): each prefers the other
    # opportunity, which prefers them back -> two blocking pairs.
    swapped = np.array([1, 3])
    assert count_blocking_pairs(prefs, swapped) == 2
    assert _brute_blocking(prefs, (1, 0)) == 2


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(1, 3))
def test_rounds_are_stable_within_capacity_and_optimal(seed: int, n: int, m: int) -> None:
    prefs = _random_prefs(seed, n, m, max_len=3)
    people = run_round(prefs)
    opps = run_round(prefs, proposing="opportunities")
    stable = _all_stable(prefs)
    assert stable, "a stable matching always exists"
    for result in (people, opps):
        assign = tuple(result.assignment.tolist())
        assert assign in stable
        assert result.blocking_pairs == 0 == _brute_blocking(prefs, assign)
        counts = np.bincount(result.assignment[result.assignment >= 0], minlength=m)
        assert np.all(counts <= prefs.capacity)
        for p in range(n):
            assert result.assignment[p] == -1 or result.assignment[p] in prefs.list_of(p)
    for other in stable:
        for p in range(n):
            best = _position(prefs, p, int(people.assignment[p]))
            worst = _position(prefs, p, int(opps.assignment[p]))
            assert best <= _position(prefs, p, other[p]) <= worst


def _peer_solve(prefs: Preferences, optimal: str, *, game: bool) -> list[int]:
    ranking = _opp_ranking(prefs)
    resident_prefs = {p: prefs.list_of(p) for p in range(prefs.n_people) if prefs.list_of(p)}
    hospital_prefs = {o: ranking[o] for o in range(prefs.n_opps)}
    caps = {o: int(c) for o, c in enumerate(prefs.capacity.tolist())}
    if game:
        solved = HospitalResident.create_from_dictionaries(
            resident_prefs, hospital_prefs, caps
        ).solve(optimal=optimal)
    else:
        residents, hospitals = _make_players(resident_prefs, hospital_prefs, caps)
        solved = hospital_resident(residents, hospitals, optimal=optimal)
    out = [-1] * prefs.n_people
    for hospital, residents in solved.items():
        for r in residents:
            out[int(r.name)] = int(hospital.name)
    return out


# Derandomized: the same 25 instances every run, so CI cannot turn red on a new draw.
@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
@example(seed=388712)  # an instance on which the peer's hospital-proposing loop crashes
def test_identical_to_the_matching_package(seed: int) -> None:
    prefs = _random_prefs(seed, 40, 8, max_len=4)
    prefs = make_preferences(
        [prefs.list_of(p) for p in range(40)],
        [prefs.opp_score[prefs.ptr[p] : prefs.ptr[p + 1]].tolist() for p in range(40)],
        np.maximum(prefs.capacity, 1),
    )
    assert run_round(prefs).assignment.tolist() == _peer_solve(prefs, "resident", game=True)
    assert run_round(prefs).assignment.tolist() == _peer_solve(prefs, "resident", game=False)
    ours = run_round(prefs, proposing="opportunities")
    try:
        peer = _peer_solve(prefs, "hospital", game=True)
    except AttributeError:
        # matching 1.4.3 sometimes pops a free hospital with nobody left to propose to and
        # fails on ``None.matching``; there is no peer answer, so check ours independently.
        assert _brute_blocking(prefs, tuple(ours.assignment.tolist())) == 0
    else:
        assert ours.assignment.tolist() == peer


def test_preferences_from_scores_put_interests_first_and_truncate() -> None:
    kwargs = instance_kwargs(3, n_people=8, n_opps=6, n_skills=4, constraints=False)
    state = build_state(**kwargs)
    lists = all_top_opportunities(state, k=6)
    person = next(p for p in range(8) if len(lists.list_of(p)) >= 3)
    last = lists.list_of(person)[-1]
    with_interest = build_state(**kwargs, interest_person=[person], interest_opp=[last])
    lists2 = all_top_opportunities(with_interest, k=6)
    prefs = build_preferences(with_interest, lists2, max_len=2)
    assert prefs.list_of(person) == [last, lists.list_of(person)[0]]
    assert prefs.interest[prefs.ptr[person]]
    plain = build_preferences(state, lists, max_len=2)
    assert plain.list_of(person) == lists.list_of(person)[:2]
    # Opportunities rank by readiness (ties to the lower index).
    for o in range(state.n_opps):
        entries = np.flatnonzero(plain.opp == o)
        people = plain.person_of[entries]
        by_rank = people[np.argsort(plain.opp_rank[entries])].tolist()
        expected = sorted(people.tolist(), key=lambda p: (-pair_score(state, p, o).readiness, p))
        assert by_rank == expected
    result = run_round(plain)
    assert result.blocking_pairs == 0
    again = run_round(build_preferences(state, all_top_opportunities(state, k=6), max_len=2))
    assert np.array_equal(result.assignment, again.assignment)


def test_interest_failing_a_constraint_is_dropped() -> None:
    state = random_state(11, n_people=6, n_opps=4)
    state.capacity[:] = 1
    state.opted_in[:] = True
    state.hours_needed[2] = 1e9
    with_interest = build_state(
        **instance_kwargs(11, n_people=6, n_opps=4), interest_person=[0], interest_opp=[2]
    )
    with_interest.capacity[:] = 1
    with_interest.opted_in[:] = True
    with_interest.hours_needed[2] = 1e9
    prefs = build_preferences(with_interest, all_top_opportunities(with_interest, k=4))
    assert 2 not in prefs.list_of(0)
