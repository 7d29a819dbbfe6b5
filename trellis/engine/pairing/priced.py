"""Candidate graphs for buddy pairing from every pair with any weight, priced by each partner's
alternatives.

Teaching needs the skill held and shared interests need a tag in common, so the pairs with any
weight are few next to all pairs: while they fit in memory (see :func:`weighed_pairs`), the
candidate graph is drawn from all of them rather than from teacher pools. Ranking someone's
partners by weight alone sends everyone to the same few strong teachers, who can each take one
buddy (at 2,000 people, everyone's ten heaviest partners keep 0.85 of the all-pairs bound).
Here a partner is ranked by the weight minus their *price*: the weight of their own k-th best
partner, what they could have elsewhere (the role the duals play in a matching). Each person
keeps their ``degree`` best partners by that surplus; the union is the graph (0.99 of the
all-pairs bound at 2,000 people with ten each).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import scipy.sparse as sp

from trellis.engine.arrays import FloatArray, IntArray, sorted_unique
from trellis.engine.data import MAX_LEVEL, EngineState
from trellis.engine.pairing.graph import Graph
from trellis.engine.pairing.weights import (
    COMPLEMENT,
    SHARED,
    Learning,
    buddy_weight,
    learning_entries,
)

# Levels 0..MAX_LEVEL: one column per (skill, level reached) in the threshold layout.
_STEPS: Final = MAX_LEVEL + 1
# Up to this many people, every pair is weighed (a dense matrix of 8 n² bytes: 72 MiB).
PRICED_UP_TO: Final = 3_000
# A partner's price: the weight of their PRICE_RANK-th best partner.
PRICE_RANK: Final = 10


def _learner_steps(state: EngineState, learn: Learning, members: IntArray) -> sp.csr_array:
    """Members × (skill, level): half a learning skill's share at each of the two levels above
    the learner's (full credit two levels up, see :func:`~.weights.teach`)."""
    m = learn.matrix
    entry, row = learning_entries(learn, members)
    skill = m.indices[entry].astype(np.int64)
    rows, cols, data = [], [], []
    for step in (1, 2):
        level = learn.level[entry] + step
        ok = level <= MAX_LEVEL
        rows.append(row[ok])
        cols.append(skill[ok] * _STEPS + level[ok])
        data.append(m.data[entry][ok] / 2)
    shape = (members.shape[0], state.n_skills * _STEPS)
    return sp.csr_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=shape
    )


def _holder_steps(state: EngineState, members: IntArray) -> sp.csr_array:
    """Members × (skill, level): 1 at every level up to the one the member holds."""
    lv = state.levels[members]
    row = np.repeat(np.arange(members.shape[0]), np.diff(lv.indptr))
    level = lv.data.astype(np.int64)
    each = np.repeat(np.arange(level.shape[0]), level)
    step = np.arange(each.shape[0]) - np.repeat(np.cumsum(level) - level, level) + 1
    cols = lv.indices[each].astype(np.int64) * _STEPS + step
    shape = (members.shape[0], state.n_skills * _STEPS)
    return sp.csr_array((np.ones(each.shape[0]), (row[each], cols)), shape=shape)


def pair_weights(state: EngineState, learn: Learning, members: IntArray) -> FloatArray:
    """The buddy weight of every pair of ``members`` (positions), dense and symmetric:
    :func:`~.weights.buddy_weight` as products (what v teaches u is u's learning steps times
    v's held levels; shared interests the tags in common over the tags of either). Oneself
    and one's own unit weigh 0."""
    # In place where it can be: each n × n temporary costs more than the arithmetic on it.
    teach = _learner_steps(state, learn, members) @ _holder_steps(state, members).T
    w: FloatArray = np.asarray(teach.toarray(), np.float64)
    w += w.T
    w *= COMPLEMENT / 2
    tags = state.tags[members].astype(np.float64)
    tags.data[:] = 1.0
    inter = sp.coo_array(tags @ tags.T)
    size = np.diff(tags.indptr).astype(np.float64)
    union = size[inter.row] + size[inter.col] - inter.data
    w[inter.row, inter.col] += SHARED * (inter.data / union)
    unit = state.unit[members]
    w[unit[:, None] == unit[None, :]] = 0.0
    return w


def priced_edges(
    w: FloatArray, *, degree: int, price_rank: int, block: int = 512
) -> tuple[IntArray, IntArray]:
    """Edges (u < v, unique) keeping each person's ``degree`` best partners by weight minus
    the partner's price (the weight of the partner's ``price_rank``-th best partner), ties to
    the lower index; pairs of weight 0 are never kept. Rows go ``block`` at a time."""
    n = w.shape[0]
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    k, d = min(price_rank, n), min(degree, n)
    price = np.concatenate(
        [-np.partition(-w[lo : lo + block], k - 1, axis=1)[:, k - 1] for lo in range(0, n, block)]
    )
    us, vs = [], []
    for lo in range(0, n, block):
        surplus = w[lo : lo + block] - price[None, :]
        surplus[w[lo : lo + block] <= 0] = -np.inf
        u, v = _row_best(surplus, d)
        us.append(u + lo)
        vs.append(v)
    u, v = np.concatenate(us), np.concatenate(vs)
    key = sorted_unique(np.minimum(u, v) * n + np.maximum(u, v))
    return key // n, key % n


def _row_best(values: FloatArray, d: int) -> tuple[IntArray, IntArray]:
    """(row, column) of each row's ``d`` highest finite values, ties to the lower column."""
    cut = -np.partition(-values, d - 1, axis=1)[:, d - 1]
    row, col = np.nonzero(values >= cut[:, None])  # row-major: columns ascending in a row
    finite = np.isfinite(values[row, col])
    row, col = row[finite], col[finite]
    above = values[row, col] > cut[row]
    room = d - np.bincount(row[above], minlength=values.shape[0])
    tied_rows = row[~above]
    place = np.arange(tied_rows.shape[0]) - np.searchsorted(tied_rows, tied_rows)
    keep = above.copy()
    keep[~above] = place < room[tied_rows]
    return row[keep], col[keep]


def priced_graph(
    state: EngineState, learn: Learning, members: IntArray, *, degree: int = 10
) -> Graph:
    """The candidate graph of ``members`` (person indices) from all their pairs, each keeping
    their ``degree`` best partners by surplus over the partner's price; exactly weighed."""
    members = np.asarray(members, np.int64)
    a, b = priced_edges(pair_weights(state, learn, members), degree=degree, price_rank=PRICE_RANK)
    a, b = members[a], members[b]
    u, v = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((v, u))
    u, v = u[order], v[order]
    return Graph(n=state.n_people, u=u, v=v, w=buddy_weight(state, learn, u, v))
