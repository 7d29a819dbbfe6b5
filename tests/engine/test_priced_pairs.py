"""Buddy candidates from every pair, priced: exact weights, the tie rule, and what pricing buys
over everyone's heaviest partners."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from tests.engine.factories import random_state
from trellis.engine.pairing import (
    BUDDY_TOLERANCE,
    buddy_weight,
    candidate_graph,
    learning,
    match_graph,
    neighbour_graph,
    pair_buddies,
)
from trellis.engine.pairing.graph import Graph, best_edges
from trellis.engine.pairing.priced import pair_weights, priced_edges, priced_graph


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 40), st.integers(1, 8))
def test_every_pair_weighs_what_buddy_weight_says(seed: int, n: int, n_skills: int) -> None:
    state = random_state(seed, n_people=n, n_opps=2, n_skills=n_skills)
    learn = learning(state)
    w = pair_weights(state, learn, np.arange(n))
    a, b = np.triu_indices(n, 1)
    assert np.allclose(w[a, b], buddy_weight(state, learn, a, b), rtol=0, atol=1e-12)
    assert np.array_equal(w, w.T)
    assert np.all(np.diag(w) == 0)


def _by_stable_sort(w: np.ndarray, degree: int, price_rank: int) -> set[tuple[int, int]]:
    """The definition, by a full stable sort of every row."""
    n = w.shape[0]
    k = min(price_rank, n)
    price = -np.sort(-w, axis=1)[:, k - 1]
    surplus = w - price[None, :]
    surplus[w <= 0] = -np.inf
    best = np.argsort(-surplus, axis=1, kind="stable")[:, : min(degree, n)]
    return {
        (min(u, int(v)), max(u, int(v)))
        for u in range(n)
        for v in best[u]
        if np.isfinite(surplus[u, v])
    }


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 25),
    st.integers(1, 6),
    st.integers(1, 6),
    st.integers(1, 9),
)
def test_each_keeps_their_best_surplus_ties_to_the_lower_index(
    seed: int, n: int, degree: int, price_rank: int, block: int
) -> None:
    rng = np.random.default_rng(seed)
    w = np.triu(rng.integers(0, 4, (n, n)) / 3.0, 1)  # few values: many ties
    w = w + w.T
    u, v = priced_edges(w, degree=degree, price_rank=price_rank, block=block)
    assert set(zip(u.tolist(), v.tolist(), strict=True)) == _by_stable_sort(w, degree, price_rank)
    assert np.all(u < v)


def test_pricing_spreads_partners_where_the_heaviest_crowd_on_a_few() -> None:
    """Everyone's ten heaviest partners are mostly the same strong teachers; ten by surplus
    over the partner's price keep nearly all of the all-pairs optimum, and more than the
    teacher pools do."""
    n = 400
    state = random_state(11, n_people=n, n_opps=5, n_skills=12)
    learn = learning(state)
    w = pair_weights(state, learn, np.arange(n))
    rows, cols = linear_sum_assignment(w, maximize=True)
    bound = float(w[rows, cols].sum()) / 2  # the fractional optimum over all pairs

    def share(graph: Graph) -> float:
        return match_graph(graph, tolerance=BUDDY_TOLERANCE).weight / bound

    heaviest = np.argsort(-w, axis=1, kind="stable")[:, :10]
    u = np.repeat(np.arange(n), 10)
    v = heaviest.reshape(-1)
    key = np.unique(np.minimum(u, v) * n + np.maximum(u, v))
    a, b = key // n, key % n
    keep = w[a, b] > 0
    plain = Graph(n=n, u=a[keep], v=b[keep], w=w[a[keep], b[keep]])
    priced = priced_graph(state, learn, np.arange(n))
    # The pools' graph at its best: the LP bound of its own matching problem.
    pools = match_graph(neighbour_graph(state, learn=learn), exact_edges=0).upper_bound / bound
    assert share(priced) >= 0.98
    assert share(priced) > share(plain) + 0.02
    assert share(priced) >= pools
    assert np.all(priced.u < priced.v)
    assert np.all(state.unit[priced.u] != state.unit[priced.v])
    assert np.array_equal(priced.w, buddy_weight(state, learn, priced.u, priced.v))


def test_a_round_of_some_people_pairs_only_them() -> None:
    state = random_state(3, n_people=120, n_opps=3, n_skills=8)
    people = np.arange(0, 120, 3)
    learn = learning(state)
    graph = candidate_graph(state, people=people, learn=learn)
    assert set(graph.u.tolist()) | set(graph.v.tolist()) <= set(people.tolist())
    pairs = pair_buddies(state, people=people)
    assert set(pairs.a.tolist()) | set(pairs.b.tolist()) <= set(people.tolist())
    assert pairs.a.size > 0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 30),
    st.integers(1, 5),
    st.integers(1, 4),
    st.sampled_from([63, 8]),
)
def test_each_end_keeps_its_heaviest_edges_ties_to_the_lower_edge(
    seed: int, n: int, degree: int, levels: int, key_bits: int
) -> None:
    """Packed keys (63 bits) and, when they do not fit (8 bits here), the stable sort."""
    rng = np.random.default_rng(seed)
    a, b = np.triu_indices(n, 1)
    take = rng.random(a.shape[0]) < 0.5
    u, v = a[take], b[take]
    shuffle = rng.permutation(u.shape[0])  # any edge order: ties go by position
    u, v = u[shuffle], v[shuffle]
    w = rng.integers(1, levels + 1, u.shape[0]) / levels  # few distinct weights: many ties
    expected: set[int] = set()
    for p in range(n):
        at = np.flatnonzero((u == p) | (v == p))
        ranked = sorted(at.tolist(), key=lambda e: (-w[e], e))
        expected.update(ranked[:degree])
    got = best_edges(n, u, v, w, degree, key_bits=key_bits)
    assert got.tolist() == sorted(expected)
