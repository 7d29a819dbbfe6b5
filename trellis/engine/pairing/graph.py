"""Candidate graphs for buddy pairing: a few promising partners per person, exactly weighed.

All pairs of 100,000 people are five billion; the candidate graph keeps about ten edges per
person, drawn from who can teach what the person wants to learn and who shares their interests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from trellis.engine.arrays import FloatArray, IntArray, lookup, ranges, sorted_unique
from trellis.engine.data import EngineState
from trellis.engine.pairing.weights import (
    MIN_TEACH_LEVEL,
    Learning,
    buddy_weight,
    learning,
    level_table,
)


@dataclass(frozen=True)
class Graph:
    """Undirected weighted edges u < v, unique."""

    n: int
    u: IntArray
    v: IntArray
    w: FloatArray


def neighbour_graph(
    state: EngineState,
    *,
    people: IntArray | None = None,
    per_skill: int = 4,
    per_tag: int = 2,
    degree: int = 10,
    pool: int = 64,
    skills_each: int = 6,
    learn: Learning | None = None,
    pool_per_asker: float = 1.0,
    per_exchange: int = 4,
    holds_each: int = 4,
) -> Graph:
    """A sparse graph of promising buddy pairs, in person indices.

    For each of a person's first ``skills_each`` learning skills, ``per_skill`` teachers are
    drawn in turn from the strongest holders of that skill (rotating, so strong teachers are
    spread over learners); for each interest tag, ``per_tag`` people sharing it. A skill's (or
    tag's) pool holds its ``pool`` strongest holders, or ``pool_per_asker`` per person asking
    when more ask, so each candidate partner is asked about ``per_skill`` times whatever the
    size: a fixed pool would hand the same few people to every learner of a popular skill.
    Exchanges: for each skill s of those learning skills and t of the person's ``holds_each``
    strongest, ``per_exchange`` people who hold s and learn t, the strongest in s first,
    rotating: pairs who can teach each other, which one-sided teacher pools rarely meet (at
    2,000 people they lift the graph's optimum from 0.84 to 0.94 of the all-pairs bound; all
    held skills reach 0.96 at twice the cost). They are not free: at 100,000 people the graph
    takes about three times as long to build (more candidate pairs to weigh); ``per_exchange=0``
    gives the one-sided graph. Candidate pairs get their exact weight and each
    person keeps their ``degree`` best; the union is the graph. Deterministic: no random draws.
    """
    learn = learn or learning(state)
    members = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    inside = np.zeros(state.n_people, np.bool_)
    inside[members] = True
    cands = [
        _rotating_pairs(
            *_skill_sides(state, learn, inside, skills_each), per_skill, pool, pool_per_asker
        ),
        _rotating_pairs(*_tag_sides(state, inside), per_tag, pool, pool_per_asker),
        _rotating_pairs(
            *_exchange_sides(state, learn, inside, skills_each, holds_each),
            per_exchange,
            pool,
            pool_per_asker,
        ),
    ]
    a = np.concatenate([c[0] for c in cands])
    b = np.concatenate([c[1] for c in cands])
    keep = (a != b) & (state.unit[a] != state.unit[b])
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    key = sorted_unique(lo * state.n_people + hi)
    u, v = key // state.n_people, key % state.n_people
    table = level_table(state)
    w = np.concatenate(
        [
            buddy_weight(state, learn, u[lo : lo + 500_000], v[lo : lo + 500_000], table)
            for lo in range(0, max(u.shape[0], 1), 500_000)
        ]
    )
    pos = w > 0
    u, v, w = u[pos], v[pos], w[pos]
    chosen = best_edges(state.n_people, u, v, w, degree)
    return Graph(n=state.n_people, u=u[chosen], v=v[chosen], w=w[chosen])


def best_edges(
    n: int, u: IntArray, v: IntArray, w: FloatArray, degree: int, *, key_bits: int = 63
) -> IntArray:
    """The edges among either endpoint's ``degree`` heaviest (ties to the lower edge index),
    as sorted edge indices."""
    counts = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    edge = _edges_by_end(n, u, v, w, key_bits)
    first = ranges(np.cumsum(counts) - counts, np.minimum(counts, degree))
    return sorted_unique(edge[first])


def _edges_by_end(n: int, u: IntArray, v: IntArray, w: FloatArray, key_bits: int) -> IntArray:
    """Each edge at each of its ends, grouped by end (ascending), heaviest first, ties to the
    lower edge index.

    End, weight rank and edge index are packed into one integer when they fit in
    ``key_bits``: a plain sort of those keys is several times faster than a stable sort by
    three keys (20 million entries at 100,000 people), which remains for larger graphs."""
    k = u.shape[0]
    values = np.unique(w)
    # Dense rank of each weight, heaviest first: one small integer per distinct weight.
    w_rank = (values.shape[0] - 1 - np.searchsorted(values, w)).astype(np.int64)
    u, v = u.astype(np.int64, copy=False), v.astype(np.int64, copy=False)
    e_bits = max(k - 1, 1).bit_length()
    shift = e_bits + max(values.shape[0] - 1, 1).bit_length()
    if shift + max(n - 1, 1).bit_length() > key_bits:
        edge = np.concatenate([np.arange(k)] * 2)
        order = np.lexsort((edge, np.concatenate([w_rank, w_rank]), np.concatenate([u, v])))
        return edge[order]
    w_rank <<= e_bits
    w_rank |= np.arange(k)
    keys = np.empty(2 * k, np.int64)
    np.left_shift(u, shift, out=keys[:k])
    np.left_shift(v, shift, out=keys[k:])
    keys[:k] |= w_rank
    keys[k:] |= w_rank
    keys.sort()
    keys &= (1 << e_bits) - 1
    return keys


def _skill_sides(
    state: EngineState, learn: Learning, inside: NDArray[np.bool_], skills_each: int
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    lv = state.levels
    rows = np.repeat(np.arange(state.n_people), np.diff(lv.indptr))
    strong = (lv.data >= MIN_TEACH_LEVEL) & inside[rows]
    t_group, t_person = lv.indices[strong].astype(np.int64), rows[strong]
    t_order = np.lexsort((t_person, -lv.data[strong], t_group))
    m = learn.matrix
    l_rows = np.repeat(np.arange(state.n_people), np.diff(m.indptr))
    rank = np.arange(l_rows.shape[0]) - m.indptr[l_rows]
    mask = inside[l_rows] & (rank < skills_each)
    return t_group[t_order], t_person[t_order], m.indices[mask].astype(np.int64), l_rows[mask]


def _exchange_sides(
    state: EngineState,
    learn: Learning,
    inside: NDArray[np.bool_],
    skills_each: int,
    holds_each: int,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Each person asks in group (s, t) for every skill s of their first ``skills_each``
    learning skills and every skill t of their ``holds_each`` strongest (at
    ``MIN_TEACH_LEVEL`` or above, ties to the lower skill); the pool of (s, t) is who learns t
    and holds s, strongest in s first."""
    t_group, t_person, l_skill, l_person = _skill_sides(state, learn, inside, skills_each)
    t_level = lookup(state.levels, t_person, t_group).astype(np.int64)
    held = np.lexsort((t_group, -t_level, t_person))
    h_person, h_skill, h_level = t_person[held], t_group[held], t_level[held]
    rank = np.arange(h_person.shape[0]) - np.searchsorted(h_person, h_person)
    top = rank < holds_each
    h_person, h_skill, h_level = h_person[top], h_skill[top], h_level[top]
    n = state.n_people
    l_order = np.argsort(l_person, kind="stable")
    l_person, l_skill = l_person[l_order], l_skill[l_order]
    l_ptr = np.searchsorted(l_person, np.arange(n + 1))
    h_ptr = np.searchsorted(h_person, np.arange(n + 1))
    n_l, n_h = np.diff(l_ptr), np.diff(h_ptr)
    count = n_l * n_h
    person = np.repeat(np.arange(n), count)
    offset = np.arange(person.shape[0]) - np.repeat(np.cumsum(count) - count, count)
    li = l_ptr[person] + offset // np.maximum(n_h[person], 1)
    hi = h_ptr[person] + offset % np.maximum(n_h[person], 1)
    s, t, strength = l_skill[li], h_skill[hi], h_level[hi]
    keep = s != t
    person, s, t, strength = person[keep], s[keep], t[keep], strength[keep]
    n_s = state.n_skills
    # As an asker a person is in group (s, t); as a pool member in group (t, s).
    _, inverse = np.unique(np.concatenate([s * n_s + t, t * n_s + s]), return_inverse=True)
    ask, member = inverse[: s.shape[0]], inverse[s.shape[0] :]
    order = np.lexsort((person, -strength, member))
    return member[order], person[order], ask, person


def _tag_sides(
    state: EngineState, inside: NDArray[np.bool_]
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    tags = state.tags
    rows = np.repeat(np.arange(state.n_people), np.diff(tags.indptr))
    mask = inside[rows]
    group, person = tags.indices[mask].astype(np.int64), rows[mask]
    order = np.lexsort((person, group))
    return group[order], person[order], group[order], person[order]


def _rotating_pairs(
    pool_group: IntArray,
    pool_person: IntArray,
    ask_group: IntArray,
    ask_person: IntArray,
    per_ask: int,
    pool: int,
    pool_per_asker: float = 0.0,
) -> tuple[IntArray, IntArray]:
    """For each asker, ``per_ask`` members of its group's pool (its first
    ``max(pool, pool_per_asker × askers)`` members), taken in turn so that consecutive askers
    get different members."""
    if pool_group.size == 0 or ask_group.size == 0 or per_ask <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_groups = int(max(pool_group.max(), ask_group.max())) + 1
    g_start = np.searchsorted(pool_group, np.arange(n_groups))
    askers = np.bincount(ask_group, minlength=n_groups)
    cap = np.maximum(pool, np.ceil(pool_per_asker * askers).astype(np.int64))
    g_size = np.minimum(np.bincount(pool_group, minlength=n_groups), cap)
    order = np.lexsort((ask_person, ask_group))
    ask_group, ask_person = ask_group[order], ask_person[order]
    turn = np.arange(ask_group.shape[0]) - np.searchsorted(ask_group, ask_group)
    size = g_size[ask_group]
    has = size > 0
    ask_group, ask_person, turn, size = ask_group[has], ask_person[has], turn[has], size[has]
    take = np.arange(per_ask)
    slot = (turn[:, None] * per_ask + take[None, :]) % size[:, None]
    partner = pool_person[g_start[ask_group][:, None] + slot]
    return np.repeat(ask_person, per_ask), partner.reshape(-1)
