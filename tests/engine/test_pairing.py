"""Buddies and mentors: hand-checked weights and reasons, optimality against brute force."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from tests.engine.factories import random_state
from trellis.engine.build import build_state
from trellis.engine.data import (
    GROW,
    KEEP,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
)
from trellis.engine.pairing import (
    Graph,
    TeachSkill,
    assign_from_weights,
    assign_mentors,
    buddy_weight,
    lagrangian_bound,
    learning,
    match_graph,
    mentor_reasons,
    mentor_weights,
    neighbour_graph,
    pair_buddies,
    pair_reasons,
    teach,
)
from trellis.engine.pairing.mentors import _assign_by_paths


def _people_state() -> object:
    # Ana: skill 0 at 4, wants to grow skill 1 (at 1). Ben: grows skill 0 (at 1), skill 1 at 3.
    # Cat: same unit as Ana, skill 0 at 2. Dan: skill 1 at 2. Tags: Ana {0, 1}, Ben {1}.
    people = PeopleInput(
        n_people=4,
        skill_person=[0, 0, 1, 1, 2, 3],
        skill=[0, 1, 0, 1, 0, 1],
        level=[4, 1, 1, 3, 2, 2],
        appetite=[KEEP, GROW, GROW, KEEP, KEEP, KEEP],
        unit=[0, 1, 0, 2],
        tag_person=[0, 0, 1],
        tag=[0, 1, 1],
    )
    opps = OpportunitiesInput(
        requirements=Requirements(n_rows=1, row=[0], skill=[0], min_level=[1])
    )
    return build_state(n_skills=2, people=people, opportunities=opps)


def test_teach_and_buddy_weight_by_hand() -> None:
    state = _people_state()
    learn = learning(state)
    a, b = np.array([0, 1, 3, 0]), np.array([1, 0, 0, 2])
    # Ana→Ben: skill 0, 4 vs 1 → full credit. Ben→Ana: skill 1, 3 vs 1 → full.
    # Dan→Ana: skill 1, 2 vs 1 → half. Ana→Cat: Cat wants nothing → 0.
    assert teach(state, learn, a, b).tolist() == pytest.approx([1.0, 1.0, 0.5, 0.0])
    w = buddy_weight(state, learn, np.array([0, 0, 0]), np.array([1, 2, 3]))
    # Ana–Ben: 0.8 × 1 + 0.2 × Jaccard({0,1},{1}) = 0.9; Ana–Cat same unit → 0;
    # Ana–Dan: complementarity (0 + 0.5) / 2 → 0.8 × 0.25.
    assert w.tolist() == pytest.approx([0.9, 0.0, 0.2])
    reasons = pair_reasons(state, 0, 1)
    assert reasons.a_teaches_b == (TeachSkill(skill=0, teacher_level=4, learner_level=1),)
    assert reasons.b_teaches_a == (TeachSkill(skill=1, teacher_level=3, learner_level=1),)
    assert reasons.shared_tags == (1,)


def test_buddies_pair_across_teams_with_reasons() -> None:
    state = _people_state()
    result = pair_buddies(state)
    pairs = set(zip(result.a.tolist(), result.b.tolist(), strict=True))
    assert pairs == {(0, 1)}
    assert result.weight.tolist() == pytest.approx([0.9])
    assert result.reasons(0).shared_tags == (1,)
    assert result.matching.gap == pytest.approx(0.0, abs=1e-9)


def _brute_matching(n: int, edges: dict[tuple[int, int], float]) -> float:
    @functools.cache
    def best(free: frozenset[int]) -> float:
        if not free:
            return 0.0
        x = min(free)
        rest = free - {x}
        value = best(rest)
        for y in rest:
            w = edges.get((min(x, y), max(x, y)), 0.0)
            if w > 0:
                value = max(value, w + best(rest - {y}))
        return value

    return best(frozenset(range(n)))


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 9), st.integers(0, 2**32 - 1), st.floats(0.1, 1.0))
def test_graph_matching_is_optimal_on_small_graphs(n: int, seed: int, density: float) -> None:
    rng = np.random.default_rng(seed)
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n) if rng.random() < density]
    # Integer-ish weights make ties and odd half cycles likely.
    weights = rng.integers(1, 5, len(pairs)).astype(float)
    graph = Graph(
        n=n,
        u=np.array([p[0] for p in pairs], np.int64),
        v=np.array([p[1] for p in pairs], np.int64),
        w=weights,
    )
    result = match_graph(graph)
    edges = dict(zip(pairs, weights.tolist(), strict=True))
    optimum = _brute_matching(n, edges)
    mate = result.mate.tolist()
    total = 0.0
    for x, y in enumerate(mate):
        if y >= 0:
            assert mate[y] == x
            if x < y:
                total += edges[(x, y)]
    assert total == pytest.approx(result.weight)
    assert result.weight == pytest.approx(optimum)
    assert result.upper_bound >= optimum - 1e-9
    # The large-graph path (greedy + local search) keeps greedy's half-optimum guarantee, and
    # its reported bound really bounds the optimum.
    heuristic = match_graph(graph, exact_edges=0, lp_edges=0)
    assert heuristic.upper_bound >= optimum - 1e-9
    assert optimum / 2 - 1e-9 <= heuristic.weight <= optimum + 1e-9
    # The mid-size path (HiGHS's LP, then its support greedily, then local search): its bound
    # is the LP optimum, which bounds the optimum, and half of it is always reached.
    by_lp = match_graph(graph, exact_edges=0)
    assert by_lp.upper_bound >= optimum - 1e-9
    assert optimum / 2 - 1e-9 <= by_lp.weight <= optimum + 1e-9
    # The Lagrangian bound holds from any start, and tightens a feasible dual's bound.
    for start in (np.zeros(n), np.full(n, 2.0), rng.random(n) * 3):
        assert lagrangian_bound(graph, start, 0.0, steps=30) >= optimum - 1e-9
    # With a tolerance the exact program may be skipped, never beyond that fraction of the bound.
    loose = match_graph(graph, tolerance=0.2)
    assert loose.upper_bound >= optimum - 1e-9
    assert 0.8 * loose.upper_bound - 1e-9 <= loose.weight <= optimum + 1e-9


def test_neighbour_graph_edges_are_cross_team_and_exactly_weighted() -> None:
    state = random_state(5, n_people=40, n_opps=3, n_skills=6)
    learn = learning(state)
    graph = neighbour_graph(state, learn=learn, degree=3)
    assert graph.u.size > 0
    assert np.all(graph.u < graph.v)
    assert np.all(state.unit[graph.u] != state.unit[graph.v])
    assert np.allclose(graph.w, buddy_weight(state, learn, graph.u, graph.v))
    # Every edge is among the 3 best of at least one endpoint.
    for u, v, w in zip(graph.u, graph.v, graph.w, strict=True):
        heavier_u = np.count_nonzero(((graph.u == u) | (graph.v == u)) & (graph.w > w))
        heavier_v = np.count_nonzero(((graph.u == v) | (graph.v == v)) & (graph.w > w))
        assert min(heavier_u, heavier_v) < 3


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_mentor_assignment_matches_an_assignment_solver(seed: int) -> None:
    state = random_state(seed, n_people=14, n_opps=2, n_skills=5)
    rng = np.random.default_rng(seed)
    order = rng.permutation(14)
    mentees, mentors = order[:9], order[9:]
    capacity = rng.integers(0, 3, mentors.shape[0])
    result = assign_mentors(state, mentees, mentors, capacity, candidates=1)
    weights = mentor_weights(state, mentees, mentors)
    # Second method: one column per mentor seat, Hungarian algorithm on the dense matrix.
    seats = np.repeat(np.arange(mentors.shape[0]), capacity)
    if seats.size:
        rows, cols = linear_sum_assignment(weights[:, seats], maximize=True)
        expected = float(weights[rows, seats[cols]].sum())
    else:
        expected = 0.0
    assert result.total == pytest.approx(expected, abs=1e-7)
    load = np.bincount(result.mentor_of[result.mentor_of >= 0], minlength=mentors.shape[0])
    assert np.all(load <= capacity)
    for j, m in enumerate(result.mentor_of.tolist()):
        if m >= 0:
            assert weights[j, m] > 0
            assert result.weight[j] == pytest.approx(weights[j, m])


def test_mentor_reasons_name_the_skills_taught() -> None:
    state = _people_state()
    result = assign_mentors(state, np.array([1]), np.array([0, 2]), np.array([1, 1]))
    # Ben wants skill 0: Ana (4) gives full credit, Cat (2) half; Ana wins.
    assert result.mentor_of.tolist() == [0]
    assert result.total == pytest.approx(1.0)
    assert mentor_reasons(state, 0, 1) == (TeachSkill(skill=0, teacher_level=4, learner_level=1),)
    # Excluding same-unit pairs: Ana and Cat share unit 0, so Cat cannot mentor Ana.
    assert mentor_weights(state, np.array([0]), np.array([2]))[0, 0] == 0.0


def _seat_copy_optimum(weights: np.ndarray, capacity: np.ndarray) -> float:
    """Second method: one column per mentor seat, Hungarian algorithm on the dense matrix."""
    seats = np.repeat(np.arange(capacity.shape[0]), capacity)
    if seats.size == 0 or weights.shape[0] == 0:
        return 0.0
    rows, cols = linear_sum_assignment(weights[:, seats], maximize=True)
    return float(weights[rows, seats[cols]].sum())


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.integers(1, 8), st.integers(1, 6))
def test_shortest_paths_are_optimal_on_tied_weights(
    seed: int, n_e: int, n_m: int, grid: int
) -> None:
    # Weights on a coarse grid make many ties, the hard case for augmenting paths.
    rng = np.random.default_rng(seed)
    weights = rng.integers(0, grid + 1, (n_e, n_m)) / grid
    weights[rng.random((n_e, n_m)) < 0.2] = 0.0
    capacity = rng.integers(0, 4, n_m)
    mentor_of, price = _assign_by_paths(weights, capacity)
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=n_m)
    assert np.all(load <= capacity)
    total = float(weights[np.flatnonzero(mentor_of >= 0), mentor_of[mentor_of >= 0]].sum())
    assert total == pytest.approx(_seat_copy_optimum(weights, capacity), abs=1e-9)
    # The prices are a dual certificate: no assignment can beat the bound, which is attained.
    assert np.all(price >= 0)
    assert np.all(price[load < capacity] == 0)
    bound = np.maximum((weights - price[None, :]).max(axis=1), 0).sum() + (capacity * price).sum()
    assert bound == pytest.approx(total, abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_both_mentor_methods_agree_with_the_seat_copy(seed: int) -> None:
    state = random_state(seed, n_people=30, n_opps=2, n_skills=5)
    rng = np.random.default_rng(seed)
    order = rng.permutation(30)
    mentees, mentors = order[:22], order[22:]
    capacity = rng.integers(0, 4, mentors.shape[0])
    expected = _seat_copy_optimum(mentor_weights(state, mentees, mentors), capacity)
    paths = assign_mentors(state, mentees, mentors, capacity)
    lp = assign_mentors(state, mentees, mentors, capacity, method="lp", candidates=2)
    assert paths.total == pytest.approx(expected, abs=1e-9)
    assert lp.total == pytest.approx(expected, abs=1e-7)
    assert paths.upper_bound == pytest.approx(paths.total, abs=1e-9)
    assert np.all(paths.weight[paths.mentor_of >= 0] > 0)


def test_teacher_pools_grow_with_the_learners() -> None:
    # 400 people in 400 units; everyone holds skill 0 at a level from 2 to 5 and wants to grow
    # skill 1, which the first 300 hold at level 5 - more teachers than a fixed pool of 64.
    n = 400
    rng = np.random.default_rng(3)
    person = np.repeat(np.arange(n), 2)
    skill = np.tile([0, 1], n)
    level = np.column_stack([rng.integers(2, 6, n), np.where(np.arange(n) < 300, 5, 1)])
    appetite = np.column_stack([np.full(n, KEEP), np.where(np.arange(n) < 300, KEEP, GROW)])
    people = PeopleInput(
        n_people=n,
        skill_person=person,
        skill=skill,
        level=level.reshape(-1),
        appetite=appetite.reshape(-1),
        unit=np.arange(n),
    )
    opps = OpportunitiesInput(
        requirements=Requirements(n_rows=1, row=[0], skill=[0], min_level=[1])
    )
    state = build_state(n_skills=2, people=people, opportunities=opps)
    fixed = neighbour_graph(state, per_skill=1, per_tag=0, pool=8, pool_per_asker=0.0)
    grown = neighbour_graph(state, per_skill=1, per_tag=0, pool=8, pool_per_asker=1.0)
    # The 100 learners share 8 teachers with a fixed pool, and get one each when it grows.
    assert np.unique(np.minimum(fixed.u, fixed.v)).size == 8
    assert np.unique(np.minimum(grown.u, grown.v)).size == 100
    assert match_graph(grown).weight > 2 * match_graph(fixed).weight
    # Deterministic: the same graph twice.
    again = neighbour_graph(state, per_skill=1, per_tag=0, pool=8, pool_per_asker=1.0)
    assert np.array_equal(grown.u, again.u) and np.array_equal(grown.w, again.w)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 30), st.integers(2, 6))
def test_a_popular_mentor_is_shared_out_optimally(seed: int, n_e: int, n_m: int) -> None:
    # Mentor 0 is everyone's first choice but has two seats: it keeps the two bidders who lose
    # most elsewhere and its price rises; the others bid again, and the rest go through paths
    # that may move earlier ones.
    rng = np.random.default_rng(seed)
    weights = rng.random((n_e, n_m)) * 0.5
    weights[:, 0] = 0.6 + rng.random(n_e) * 0.4
    capacity = np.full(n_m, 2, np.int64)
    result = assign_from_weights(weights, capacity)
    assert np.bincount(result.mentor_of[result.mentor_of >= 0], minlength=n_m).max() <= 2
    assert result.total == pytest.approx(_seat_copy_optimum(weights, capacity), abs=1e-9)
    assert result.upper_bound == pytest.approx(result.total, abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_learning_of_some_people_is_their_rows_of_everyone(seed: int) -> None:
    state = random_state(seed, n_people=30, n_opps=3, n_skills=8)
    rng = np.random.default_rng(seed)
    people = rng.choice(30, 12, replace=rng.random() < 0.5)
    everyone = learning(state)
    some = learning(state, people)
    assert np.array_equal(some.matrix.toarray(), everyone.matrix[people].toarray())
    rows = np.repeat(np.arange(30), np.diff(everyone.matrix.indptr))
    for i, p in enumerate(people.tolist()):
        lo, hi = some.matrix.indptr[i], some.matrix.indptr[i + 1]
        assert some.level[lo:hi].tolist() == everyone.level[rows == p].tolist()
    mentors = rng.permutation(30)[:7]
    assert np.array_equal(
        mentor_weights(state, people, mentors),
        mentor_weights(state, people, mentors, learn=everyone),
    )
