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
so scores are bit for bit those of the full tile. ``bulk_reference.all_top_reference`` is the
previous implementation (every opportunity scored, the mask applied after), kept to check
against.
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
class OppRows:
    """The opportunity side of a tile: hot and cold key columns of readiness and growth
    coefficients for ``opp`` (ascending opportunity indices), padded to whole groups."""

    opp: IntArray
    r: tuple[sp.csr_array, sp.csr_array]
    g: tuple[sp.csr_array, sp.csr_array]


def _padded(matrix: sp.csr_array, n_rows: int) -> sp.csr_array:
    extra = n_rows - matrix.shape[0]
    indptr = np.concatenate([matrix.indptr, np.full(extra, matrix.indptr[-1])])
    return sp.csr_array((matrix.data, matrix.indices, indptr), shape=(n_rows, matrix.shape[1]))


def opp_rows(state: EngineState, opp: IntArray) -> OppRows:
    hot = state.n_hot_keys
    n_pad = -(-max(opp.shape[0], 1) // _GROUP) * _GROUP
    whole = opp.shape[0] == state.n_opps
    r, g = (state.opp_r, state.opp_g) if whole else (state.opp_r[opp], state.opp_g[opp])
    return OppRows(
        opp=opp,
        r=(_padded(r[:, :hot], n_pad), _padded(r[:, hot:], n_pad)),
        g=(_padded(g[:, :hot], n_pad), _padded(g[:, hot:], n_pad)),
    )


def group_size(n_rows: int, k: int) -> int:
    """Rows per group: small enough that a tile of few rows still has several groups per
    top-k entry (sizes are powers of two, so every size divides the padding)."""
    size = _GROUP
    while size > 1 and n_rows // size < 4 * k:
        size //= 2
    return size


@dataclass(frozen=True)
class _People:
    """The people asked for, reordered so that every task is a contiguous range of rows:
    readiness and growth key rows (CSR) in task order."""

    r: sp.csr_array
    g: sp.csr_array


def _block(m: sp.csr_array, lo: int, hi: int, hot: int) -> tuple[NDArray[np.float32], sp.csc_array]:
    """Rows ``lo:hi`` of ``m`` transposed (keys × people), split at key ``hot``: the hot
    columns dense, the cold ones sparse. Equal to ``m[lo:hi, :hot].T.toarray()`` and
    ``m[lo:hi, hot:].T``, cut from the row range's entries (contiguous in CSR)."""
    c = hi - lo
    a, b = int(m.indptr[lo]), int(m.indptr[hi])
    keys = m.indices[a:b]
    data = m.data[a:b]
    owner = np.repeat(np.arange(c), np.diff(m.indptr[lo : hi + 1]))
    is_hot = keys < hot
    dense = np.zeros((hot, c), np.float32)
    dense[keys[is_hot], owner[is_hot]] = data[is_hot]
    cold = ~is_hot
    ptr = np.zeros(c + 1, np.int64)
    np.cumsum(np.bincount(owner[cold], minlength=c), out=ptr[1:])
    sparse = sp.csc_array((data[cold], keys[cold] - hot, ptr), shape=(m.shape[1] - hot, c))
    return dense, sparse


def _scores(
    opp: tuple[sp.csr_array, sp.csr_array], person: sp.csr_array, lo: int, hi: int, hot: int
) -> NDArray[np.float32]:
    """Opportunities × people scores: hot keys as sparse × dense, cold keys as sparse × sparse
    added in place. The same sums in the same order as the reference (each cell: its hot
    keys in key order, then plus its cold sum), so the same float32 numbers bit for bit."""
    dense, sparse = _block(person, lo, hi, hot)
    out = np.asarray(opp[0] @ dense, dtype=np.float32)
    cold = sp.coo_array(opp[1] @ sparse)
    if cold.nnz:
        # The product's entries are distinct cells, so the buffered fancy add is exact.
        out[cold.row, cold.col] += cold.data.astype(np.float32, copy=False)
    return out


def _mutual(
    state: EngineState, rows: OppRows, people: _People, lo: int, hi: int
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Readiness and mutual value tiles (rows × people, float32), before any constraint."""
    r = _scores(rows.r, people.r, lo, hi, state.n_hot_keys)
    mv = _scores(rows.g, people.g, lo, hi, state.n_hot_keys)
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


# Bits of the packed sort key: person | (top key - rank key) | row.
_KEY_BITS: Final = 22


def _candidates(
    mv: NDArray[np.float32], k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
    """(row, column, value) of the cells that can be in a column's top k: positive and at
    least the k-th largest group maximum minus one grid step (a lower bound of the k-th
    best score, so no top-k cell and no cell tied with one on the grid is left out)."""
    n_rows, c = mv.shape
    size = group_size(n_rows, k)
    n_groups = n_rows // size
    tiles = mv.reshape(n_groups, size, c)
    group_max = tiles.max(axis=1)
    # Positive scores only: the bound is at least the smallest positive float32.
    bound = np.full(c, np.nextafter(np.float32(0), np.float32(1)))
    if n_groups >= k:
        kth = np.partition(group_max, n_groups - k, axis=0)[n_groups - k]
        np.maximum(bound, kth - np.float32(GRID_STEP), out=bound)
    g_idx, p_idx = np.nonzero(group_max >= bound[None, :])
    vals = tiles[g_idx, :, p_idx]
    hit, offset = np.nonzero(vals >= bound[p_idx][:, None])
    return g_idx[hit] * size + offset, p_idx[hit], vals[hit, offset]


def _fused_top(
    mv: NDArray[np.float32], r: NDArray[np.float32], opp: IntArray, k: int
) -> tuple[NDArray[np.int32], NDArray[np.float32], NDArray[np.float32]]:
    """Each column's k best rows of ``mv`` (positive only), best first, ties on the ranking
    grid to the lower row (rows are ascending opportunities). The candidates are ordered by
    one packed integer per cell (column, then grid score descending, then row)."""
    n_rows, c = mv.shape
    row, person, val = _candidates(mv, k)
    row_bits = max(int(n_rows - 1).bit_length(), 1)
    if row_bits + _KEY_BITS + max(int(c - 1).bit_length(), 1) > 63:
        raise ValueError("tile too large for the packed ranking key")
    top = (1 << _KEY_BITS) - 1
    packed = (person << (_KEY_BITS + row_bits)) | ((top - rank_keys(val)) << row_bits) | row
    packed.sort()
    person = packed >> (_KEY_BITS + row_bits)
    row = packed & ((1 << row_bits) - 1)
    starts = np.searchsorted(person, np.arange(c))
    pos = np.arange(person.shape[0]) - starts[person]
    take = pos < k
    tp, tpos, tr = person[take], pos[take], row[take]
    out_opp = np.full((c, k), -1, np.int32)
    out_mv = np.zeros((c, k), np.float32)
    out_r = np.zeros((c, k), np.float32)
    out_opp[tp, tpos] = opp[tr]
    out_mv[tp, tpos] = mv[tr, tp]
    out_r[tp, tpos] = r[tr, tp]
    return out_opp, out_r, out_mv


def person_tasks(
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


@dataclass(frozen=True)
class _Cut:
    """One profile's opportunities: their key rows and each opportunity's row in the tile."""

    rows: OppRows
    position: IntArray


def _cut(state: EngineState, opp: IntArray) -> _Cut:
    position = np.full(state.n_opps, -1, np.int64)
    position[opp] = np.arange(opp.shape[0])
    return _Cut(rows=opp_rows(state, opp), position=position)


def all_top_opportunities(
    state: EngineState,
    k: int = 20,
    *,
    people: IntArray | None = None,
    block: int = 512,
    threads: int | None = None,
    require_opt_in: bool = False,
) -> TopLists:
    """Top-k opportunities of every person (or of ``people``), the input of a round.

    Ranking is by mutual value as float32 tiles of the same sums as scoring.score_block; pairs
    that fail a constraint or score 0 are never listed; ties go to the lower index. The people
    are reordered once so that each block is a contiguous range of key rows, and each profile's
    opportunities are cut once. Blocks run on ``threads`` threads (default: the CPU count, at
    most 4) because the sparse products and NumPy's array operations release the GIL.
    """
    idx = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    n = idx.shape[0]
    out_opp = np.full((n, k), -1, np.int32)
    out_r = np.zeros((n, k), np.float32)
    out_mv = np.zeros((n, k), np.float32)
    prof = constraint_profiles(state, idx, require_opt_in=require_opt_in)
    tasks = person_tasks(n, prof.person_profile, prof.ok.shape[1], block)
    if not tasks:
        return TopLists(opp=out_opp, readiness=out_r, mutual_value=out_mv)
    order = np.concatenate([rows for rows, _ in tasks])
    chosen = idx[order]
    mats = _People(r=state.person_r[chosen], g=state.person_g[chosen])
    starts = np.cumsum([0] + [rows.shape[0] for rows, _ in tasks])
    used = sorted({p for _, p in tasks if p >= 0})
    cuts = {p: _cut(state, np.flatnonzero(prof.ok[:, p])) for p in used}
    every = opp_rows(state, np.arange(state.n_opps)) if -1 in {p for _, p in tasks} else None

    def work(t: int) -> None:
        rows, p = tasks[t]
        lo, hi = int(starts[t]), int(starts[t + 1])
        people_block = chosen[lo:hi]
        if p >= 0:
            cut = cuts[p]
            if cut.rows.opp.shape[0] == 0:
                return
            r, mv = _mutual(state, cut.rows, mats, lo, hi)
            _exclude_units_at(state, people_block, mv, cut.position)
            o, rr, m = _fused_top(mv, r, cut.rows.opp, k)
        else:
            assert every is not None
            r, mv = _mutual(state, every, mats, lo, hi)
            mv[: state.n_opps] *= block_ok(state, people_block, require_opt_in=require_opt_in)
            exclude_units(state, people_block, mv)
            o, rr, m = _fused_top(mv, r, every.opp, k)
        out_opp[rows], out_r[rows], out_mv[rows] = o, rr, m

    run_tasks(work, list(range(len(tasks))), threads)
    return TopLists(opp=out_opp, readiness=out_r, mutual_value=out_mv)


def run_tasks(fn: Callable[[int], None], tasks: list[int], threads: int | None) -> None:
    n_threads = threads or min(os.cpu_count() or 1, 4)
    if n_threads <= 1 or len(tasks) <= 1:
        for t in tasks:
            fn(t)
        return
    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        list(pool.map(fn, tasks))
