"""Every person's top-k opportunities in bulk: the input of a round and of digests.

People are scored in blocks against the opportunities as float32 tiles (opportunities ×
people): popular skills' keys through a sparse × dense product, rare ones through a sparse ×
sparse product added on top, then mutual value, constraints and a fused top-k that keeps only
each column's best k. Ties on the 2^-20 ranking grid go to the lower opportunity index, as in
the single queries.

Constraints are applied *inside* the tiles: people who share a constraint profile (see
scoring.constraint_profiles) pass exactly the same opportunities, so a block of one profile
is scored only against the opportunities that profile passes. The rows left out would have
been masked to zero anyway; the rows kept are computed by the same products in the same order,
so scores are bit for bit those of the full tile. :func:`all_top_reference` is the previous
implementation (every opportunity scored, the mask applied after), kept to check against.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from trellis.engine.arrays import IntArray, ranges
from trellis.engine.data import EngineState
from trellis.engine.scoring import (
    GRID_STEP,
    MUTUAL_BASE,
    MUTUAL_TILT,
    block_ok,
    constraint_profiles,
    exclude_units,
    rank_keys,
)

# Rows per group when bounding the k-th best score by group maxima.
_GROUP: Final = 32


@dataclass(frozen=True)
class TopLists:
    """Every person's top-k opportunities: row i holds person i's list, best first.

    ``opp`` is -1 past the end of a shorter list; ``readiness`` and ``mutual_value`` are the
    pair's scores (float32), 0 in padding.
    """

    opp: NDArray[np.int32]
    readiness: NDArray[np.float32]
    mutual_value: NDArray[np.float32]

    def list_of(self, person: int) -> list[int]:
        row = self.opp[person]
        return cast("list[int]", row[row >= 0].tolist())


@dataclass(frozen=True)
class _Rows:
    """The opportunity side of a tile: hot and cold key columns of readiness and growth
    coefficients for ``opp`` (ascending opportunity indices), padded to whole groups."""

    opp: IntArray
    r: tuple[sp.csr_array, sp.csr_array]
    g: tuple[sp.csr_array, sp.csr_array]


def _padded(matrix: sp.csr_array, n_rows: int) -> sp.csr_array:
    extra = n_rows - matrix.shape[0]
    indptr = np.concatenate([matrix.indptr, np.full(extra, matrix.indptr[-1])])
    return sp.csr_array((matrix.data, matrix.indices, indptr), shape=(n_rows, matrix.shape[1]))


def _rows(state: EngineState, opp: IntArray) -> _Rows:
    hot = state.n_hot_keys
    n_pad = -(-max(opp.shape[0], 1) // _GROUP) * _GROUP
    whole = opp.shape[0] == state.n_opps
    r, g = (state.opp_r, state.opp_g) if whole else (state.opp_r[opp], state.opp_g[opp])
    return _Rows(
        opp=opp,
        r=(_padded(r[:, :hot], n_pad), _padded(r[:, hot:], n_pad)),
        g=(_padded(g[:, :hot], n_pad), _padded(g[:, hot:], n_pad)),
    )


def _block_scores(
    opp_hot: sp.csr_array, opp_cold: sp.csr_array, block: sp.csr_array, n_hot: int
) -> NDArray[np.float32]:
    """Opportunities × people scores: hot keys as sparse × dense, cold keys as sparse × sparse.

    Popular skills make the score matrix almost dense, so they go through the dense product;
    rare skills touch few opportunities and are cheaper as a sparse product added on top.
    Each output row depends only on its own opportunity row, so scoring a subset of rows gives
    the same numbers as scoring all of them.
    """
    out = opp_hot @ block[:, :n_hot].T.toarray()
    cold = opp_cold @ block[:, n_hot:].T
    # sparse + dense copies the dense operand once and adds in C, cheaper than a fancy index.
    return np.asarray(cold + out, dtype=np.float32)


def _block(m: sp.csr_array, people: IntArray, hot: int) -> tuple[NDArray[np.float32], sp.csc_array]:
    """The block's rows of ``m`` transposed (keys × people), split at key ``hot``: the hot
    columns dense, the cold ones sparse. Equal to ``m[people][:, :hot].T.toarray()`` and
    ``m[people][:, hot:].T``, cut with plain array slicing (SciPy's indexing and validation
    were a large share of small blocks) and without a split copy of ``m``."""
    c = people.shape[0]
    starts = m.indptr[people].astype(np.int64)
    lens = m.indptr[people + 1].astype(np.int64) - starts
    entry = ranges(starts, lens)
    owner = np.repeat(np.arange(c), lens)
    keys = m.indices[entry]
    is_hot = keys < hot
    dense = np.zeros((hot, c), np.float32)
    dense[keys[is_hot], owner[is_hot]] = m.data[entry[is_hot]]
    cold = ~is_hot
    ptr = np.zeros(c + 1, np.int64)
    np.cumsum(np.bincount(owner[cold], minlength=c), out=ptr[1:])
    sparse = sp.csc_array((m.data[entry[cold]], keys[cold] - hot, ptr), shape=(m.shape[1] - hot, c))
    return dense, sparse


def _scores(
    opp: tuple[sp.csr_array, sp.csr_array], person: sp.csr_array, people: IntArray, hot: int
) -> NDArray[np.float32]:
    """Opportunities × people scores, the same sums in the same order as :func:`_block_scores`."""
    dense, sparse = _block(person, people, hot)
    out = opp[0] @ dense
    cold = opp[1] @ sparse
    return np.asarray(cold + out, dtype=np.float32)


def _mutual(
    state: EngineState, rows: _Rows, people: IntArray
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Readiness and mutual value tiles (rows × people, float32), before any constraint."""
    r = _scores(rows.r, state.person_r, people, state.n_hot_keys)
    mv = _scores(rows.g, state.person_g, people, state.n_hot_keys)
    mv *= np.float32(MUTUAL_TILT)
    mv += np.float32(MUTUAL_BASE)
    mv *= r
    return r, mv


def _mutual_reference(
    state: EngineState, rows: _Rows, people: IntArray
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """:func:`_mutual` as it was: the block cut out of the state's matrices by SciPy."""
    r = _block_scores(rows.r[0], rows.r[1], state.person_r[people], state.n_hot_keys)
    mv = _block_scores(rows.g[0], rows.g[1], state.person_g[people], state.n_hot_keys)
    mv *= np.float32(MUTUAL_TILT)
    mv += np.float32(MUTUAL_BASE)
    mv *= r
    return r, mv


def _exclude_units_at(
    state: EngineState, people: IntArray, mv: NDArray[np.float32], position: IntArray
) -> None:
    """Zero the cells of opportunities barred to each person's unit; ``position`` maps an
    opportunity to its row in ``mv`` (-1 when the tile does not hold it)."""
    if not state.excluded.nnz:
        return
    col = state.excluded_csc
    units = state.unit[people]
    local = np.flatnonzero(units < col.shape[1])
    starts = col.indptr[units[local]].astype(np.int64)
    lens = col.indptr[units[local] + 1].astype(np.int64) - starts
    row = position[col.indices[ranges(starts, lens)]]
    person = np.repeat(local, lens)
    held = row >= 0
    mv[row[held], person[held]] = 0


def _fused_top(
    mv: NDArray[np.float32], r: NDArray[np.float32], opp: IntArray, k: int
) -> tuple[NDArray[np.int32], NDArray[np.float32], NDArray[np.float32]]:
    """Each column's k best rows of ``mv`` (positive only), best first, ties to the lower
    opportunity; ``opp`` maps rows to opportunity indices (ascending)."""
    n_rows, c = mv.shape
    # Groups small enough that a tile of few rows still has several groups per top-k entry
    # (sizes are powers of two, so every size divides the padding).
    size = _GROUP
    while size > 1 and n_rows // size < 4 * k:
        size //= 2
    n_groups = n_rows // size
    # The k-th largest group maximum is a lower bound of the k-th largest score: only groups
    # whose maximum reaches it can hold a top-k entry.
    group_max = mv.reshape(n_groups, size, c).max(axis=1)
    if n_groups >= k:
        bound = np.partition(group_max, n_groups - k, axis=0)[n_groups - k]
        bound = np.maximum(bound - np.float32(GRID_STEP), np.float32(0))
    else:
        bound = np.zeros(c, np.float32)
    g_idx, p_idx = np.nonzero((group_max >= bound[None, :]) & (group_max > 0))
    rows = g_idx[:, None] * size + np.arange(size)[None, :]
    vals = mv[rows, p_idx[:, None]]
    keep = (vals >= bound[p_idx][:, None]) & (vals > 0)
    cand_row = rows[keep]
    cand_person = np.broadcast_to(p_idx[:, None], rows.shape)[keep]
    cand_val = vals[keep]
    keys = rank_keys(cand_val)
    order = np.lexsort((cand_row, -keys, cand_person))
    cand_row, cand_person, cand_val = cand_row[order], cand_person[order], cand_val[order]
    starts = np.searchsorted(cand_person, np.arange(c))
    pos = np.arange(cand_person.shape[0]) - starts[cand_person]
    take = pos < k
    out_opp = np.full((c, k), -1, np.int32)
    out_mv = np.zeros((c, k), np.float32)
    out_r = np.zeros((c, k), np.float32)
    tp, tpos, tr = cand_person[take], pos[take], cand_row[take]
    out_opp[tp, tpos] = opp[tr]
    out_mv[tp, tpos] = cand_val[take]
    out_r[tp, tpos] = r[tr, tp]
    return out_opp, out_r, out_mv


def _profile_tile(
    state: EngineState, rows: _Rows, people: IntArray, k: int
) -> tuple[NDArray[np.int32], NDArray[np.float32], NDArray[np.float32]]:
    """A block of one constraint profile against the opportunities that profile passes."""
    c = people.shape[0]
    if rows.opp.shape[0] == 0:
        empty = np.zeros((c, k), np.float32)
        return np.full((c, k), -1, np.int32), empty, empty.copy()
    r, mv = _mutual(state, rows, people)
    position = np.full(state.n_opps, -1, np.int64)
    position[rows.opp] = np.arange(rows.opp.shape[0])
    _exclude_units_at(state, people, mv, position)
    return _fused_top(mv, r, rows.opp, k)


def _mixed_tile(
    state: EngineState, rows: _Rows, people: IntArray, k: int, opt_in: bool
) -> tuple[NDArray[np.int32], NDArray[np.float32], NDArray[np.float32]]:
    """A block of people of any profiles against every opportunity, masked per person."""
    r, mv = _mutual(state, rows, people)
    mv[: state.n_opps] *= block_ok(state, people, require_opt_in=opt_in)
    exclude_units(state, people, mv)
    return _fused_top(mv, r, rows.opp, k)


def _tasks(
    n: int, person_profile: IntArray, n_profiles: int, block: int
) -> list[tuple[IntArray, int]]:
    """Blocks of people (positions in the people asked for) and their profile (-1: mixed)."""
    if n_profiles * block > 2 * n:
        return [(np.arange(lo, min(lo + block, n)), -1) for lo in range(0, n, block)]
    # Few profiles: blocks of one profile each, scored against that profile's opportunities.
    order = np.argsort(person_profile, kind="stable")
    bounds = np.searchsorted(person_profile[order], np.arange(n_profiles + 1))
    tasks: list[tuple[IntArray, int]] = []
    for p in range(n_profiles):
        for lo in range(int(bounds[p]), int(bounds[p + 1]), block):
            tasks.append((order[lo : min(lo + block, int(bounds[p + 1]))], p))
    return tasks


def all_top_opportunities(
    state: EngineState,
    k: int = 20,
    *,
    people: IntArray | None = None,
    block: int = 256,
    threads: int | None = None,
    require_opt_in: bool = False,
) -> TopLists:
    """Top-k opportunities of every person (or of ``people``), the input of a round.

    Ranking is by mutual value as float32 tiles of the same sums as scoring.score_block; pairs
    that fail a constraint or score 0 are never listed; ties go to the lower index. Blocks run
    on ``threads`` threads (default: the CPU count, at most 4) because the sparse products and
    NumPy's array operations release the GIL. Memory stays at a few tiles of scores.
    """
    idx = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    n = idx.shape[0]
    out_opp = np.full((n, k), -1, np.int32)
    out_r = np.zeros((n, k), np.float32)
    out_mv = np.zeros((n, k), np.float32)
    prof = constraint_profiles(state, idx, require_opt_in=require_opt_in)
    tasks = _tasks(n, prof.person_profile, prof.ok.shape[1], block)
    every = _rows(state, np.arange(state.n_opps))

    def work(task: tuple[IntArray, int]) -> None:
        rows, p = task
        if p >= 0:
            # Cut per block, not kept per profile: memory stays at a few tiles per thread.
            cut = _rows(state, np.flatnonzero(prof.ok[:, p]))
            o, r, m = _profile_tile(state, cut, idx[rows], k)
        else:
            o, r, m = _mixed_tile(state, every, idx[rows], k, require_opt_in)
        out_opp[rows], out_r[rows], out_mv[rows] = o, r, m

    _run(work, tasks, threads)
    return TopLists(opp=out_opp, readiness=out_r, mutual_value=out_mv)


def _run(
    fn: Callable[[tuple[IntArray, int]], None],
    tasks: list[tuple[IntArray, int]],
    threads: int | None,
) -> None:
    n_threads = threads or min(os.cpu_count() or 1, 4)
    if n_threads <= 1 or len(tasks) <= 1:
        for t in tasks:
            fn(t)
        return
    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        list(pool.map(fn, tasks))


def all_top_reference(
    state: EngineState,
    k: int = 20,
    *,
    people: IntArray | None = None,
    block: int = 256,
    threads: int | None = None,
    require_opt_in: bool = False,
) -> TopLists:
    """The previous bulk top-k: every block scored against every opportunity, constraints
    masked afterwards (one mask column per profile block). Same lists and scores as
    :func:`all_top_opportunities`; kept as the reference the tiled path is checked against."""
    idx = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    n = idx.shape[0]
    out_opp = np.full((n, k), -1, np.int32)
    out_r = np.zeros((n, k), np.float32)
    out_mv = np.zeros((n, k), np.float32)
    prof = constraint_profiles(state, idx, require_opt_in=require_opt_in)
    every = _rows(state, np.arange(state.n_opps))

    def work(task: tuple[IntArray, int]) -> None:
        rows, p = task
        people_block = idx[rows]
        r, mv = _mutual_reference(state, every, people_block)
        if p >= 0:
            mv[: state.n_opps] *= prof.ok[:, p][:, None]
        else:
            mv[: state.n_opps] *= block_ok(state, people_block, require_opt_in=require_opt_in)
        exclude_units(state, people_block, mv)
        out_opp[rows], out_r[rows], out_mv[rows] = _fused_top(mv, r, every.opp, k)

    _run(work, _tasks(n, prof.person_profile, prof.ok.shape[1], block), threads)
    return TopLists(opp=out_opp, readiness=out_r, mutual_value=out_mv)
