"""Top-k in both directions, with explanations, and every person's top-k list in bulk.

Ranking is by mutual value, highest first; pairs that fail a hard constraint or score 0 are
never listed. Ties (equal scores on a 2^-20 grid) go to the lower index, so results are
deterministic whichever path computed the scores.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from trellis.engine.arrays import IntArray
from trellis.engine.data import EngineState
from trellis.engine.explain import Explanation, explain, explain_many
from trellis.engine.scoring import (
    MUTUAL_BASE,
    MUTUAL_TILT,
    RANK_SCALE,
    block_ok,
    constraint_profiles,
    exclude_units,
    rank_keys,
    score_opportunity,
    score_person,
)

# Scores within one grid step of the k-th best are kept as candidates, so a tie on the grid can
# never be decided by which side of a float boundary a value fell on.
_GRID_STEP: Final = 1.0 / RANK_SCALE
# select_top samples every _SAMPLE_STRIDE-th value of arrays longer than _SAMPLE_FROM.
_SAMPLE_FROM: Final = 8192
_SAMPLE_STRIDE: Final = 16
# Rows per block when bounding the k-th best score by block maxima.
_BLOCK: Final = 32


@dataclass(frozen=True)
class Ranked:
    """One ranked result: ``index`` is an opportunity (for a person) or a person (for one)."""

    index: int
    readiness: float
    growth: float
    mutual_value: float
    explanation: Explanation | None


def _kth_largest(values: NDArray[np.floating], k: int) -> float:
    """The k-th largest value (k <= len(values)), by partial sort.

    Long arrays first keep the values reaching the k-th largest of a strided sample: that is a
    lower bound of the k-th largest overall, so the kept values hold the whole top k, and the
    partial sort runs on a few hundred values instead of all of them.
    """
    n = values.shape[0]
    if n > _SAMPLE_FROM:
        sample = values[::_SAMPLE_STRIDE]
        if sample.shape[0] >= k:
            floor = np.partition(sample, sample.shape[0] - k)[sample.shape[0] - k]
            values = values[values >= floor]
            n = values.shape[0]
    return float(np.partition(values, n - k)[n - k])


def select_top(values: NDArray[np.floating], k: int) -> IntArray:
    """Indices of the k highest positive values, best first, ties to the lower index."""
    positive = values > 0
    n_pos = int(np.count_nonzero(positive))
    if n_pos == 0 or k <= 0:
        return np.zeros(0, np.int64)
    if n_pos <= k:
        cand = np.flatnonzero(positive)
    else:
        threshold = _kth_largest(values, k) - _GRID_STEP
        cand = np.flatnonzero((values >= threshold) & positive)
    keys = rank_keys(values[cand])
    order = np.lexsort((cand, -keys))
    return cand[order[:k]].astype(np.int64)


def _ranked(
    found: tuple[list[int], list[float], list[float], list[float]],
    explanations: list[Explanation] | None,
) -> list[Ranked]:
    idx, rs, gs, mvs = found
    exs: list[Explanation | None] = (
        list(explanations) if explanations is not None else [None] * len(idx)
    )
    return [
        Ranked(index=i, readiness=r, growth=g, mutual_value=mv, explanation=ex)
        for i, r, g, mv, ex in zip(idx, rs, gs, mvs, exs, strict=True)
    ]


def top_opportunities(
    state: EngineState, person: int, k: int = 10, *, with_explanations: bool = True
) -> list[Ranked]:
    """The person's k best opportunities by mutual value, with explanations.

    Scores are those of :func:`score_person`; ties go to the lower index. The explanations
    share the person's lookups (see :func:`explain_many`).
    """
    scores = score_person(state, person)
    best = select_top(scores.mutual_value, k)
    found = (
        best.tolist(),
        scores.readiness[best].tolist(),
        scores.growth[best].tolist(),
        scores.mutual_value[best].tolist(),
    )
    explanations = explain_many(state, person, found[0]) if with_explanations else None
    return _ranked(found, explanations)


def top_people(
    state: EngineState,
    opp: int,
    k: int = 10,
    *,
    with_explanations: bool = True,
    require_opt_in: bool = True,
) -> list[Ranked]:
    """The opportunity's k best people by mutual value (only people who opted in, by default).

    Scores are those of :func:`score_opportunity`; ties go to the lower index.
    """
    scores = score_opportunity(state, opp, require_opt_in=require_opt_in)
    best = select_top(scores.mutual_value, k)
    found = (
        best.tolist(),
        scores.readiness[best].tolist(),
        scores.growth[best].tolist(),
        scores.mutual_value[best].tolist(),
    )
    explanations = (
        [explain(state, p, opp, require_opt_in=require_opt_in) for p in found[0]]
        if with_explanations
        else None
    )
    return _ranked(found, explanations)


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


def _padded(matrix: sp.csr_array, n_rows: int) -> sp.csr_array:
    extra = n_rows - matrix.shape[0]
    indptr = np.concatenate([matrix.indptr, np.full(extra, matrix.indptr[-1])])
    return sp.csr_array((matrix.data, matrix.indices, indptr), shape=(n_rows, matrix.shape[1]))


def _block_scores(
    opp_hot: sp.csr_array, opp_cold: sp.csr_array, block: sp.csr_array, n_hot: int
) -> NDArray[np.float32]:
    """Opportunities × people scores: hot keys as sparse × dense, cold keys as sparse × sparse.

    Popular skills make the score matrix almost dense, so they go through the dense product;
    rare skills touch few opportunities and are cheaper as a sparse product added on top.
    """
    out = opp_hot @ block[:, :n_hot].T.toarray()
    cold = opp_cold @ block[:, n_hot:].T
    # sparse + dense copies the dense operand once and adds in C, cheaper than a fancy index.
    return np.asarray(cold + out, dtype=np.float32)


def _block_top(
    state: EngineState,
    opp_r: tuple[sp.csr_array, sp.csr_array],
    opp_g: tuple[sp.csr_array, sp.csr_array],
    people: IntArray,
    k: int,
    require_opt_in: bool,
    profile_ok: NDArray[np.bool_] | None,
) -> tuple[NDArray[np.int32], NDArray[np.float32], NDArray[np.float32]]:
    n_o = state.n_opps
    n_pad = opp_r[0].shape[0]
    c = people.shape[0]
    r = _block_scores(opp_r[0], opp_r[1], state.person_r[people], state.n_hot_keys)
    mv = _block_scores(opp_g[0], opp_g[1], state.person_g[people], state.n_hot_keys)
    mv *= np.float32(MUTUAL_TILT)
    mv += np.float32(MUTUAL_BASE)
    mv *= r
    if profile_ok is not None:
        # The block shares one constraint profile: one mask column for everyone.
        mv[:n_o] *= profile_ok[:, None]
    else:
        mv[:n_o] *= block_ok(state, people, require_opt_in=require_opt_in)
    exclude_units(state, people, mv)
    n_blocks = n_pad // _BLOCK
    # The k-th largest block maximum is a lower bound of the k-th largest score: only blocks
    # whose maximum reaches it can hold a top-k entry.
    block_max = mv.reshape(n_blocks, _BLOCK, c).max(axis=1)
    if n_blocks >= k:
        bound = np.partition(block_max, n_blocks - k, axis=0)[n_blocks - k]
        bound = np.maximum(bound - np.float32(_GRID_STEP), np.float32(0))
    else:
        bound = np.zeros(c, np.float32)
    b_idx, p_idx = np.nonzero((block_max >= bound[None, :]) & (block_max > 0))
    rows = b_idx[:, None] * _BLOCK + np.arange(_BLOCK)[None, :]
    vals = mv[rows, p_idx[:, None]]
    keep = (vals >= bound[p_idx][:, None]) & (vals > 0)
    cand_opp = rows[keep]
    cand_person = np.broadcast_to(p_idx[:, None], rows.shape)[keep]
    cand_val = vals[keep]
    keys = rank_keys(cand_val)
    order = np.lexsort((cand_opp, -keys, cand_person))
    cand_opp, cand_person, cand_val = cand_opp[order], cand_person[order], cand_val[order]
    starts = np.searchsorted(cand_person, np.arange(c))
    pos = np.arange(cand_person.shape[0]) - starts[cand_person]
    take = pos < k
    out_opp = np.full((c, k), -1, np.int32)
    out_mv = np.zeros((c, k), np.float32)
    out_r = np.zeros((c, k), np.float32)
    tp, tpos, to = cand_person[take], pos[take], cand_opp[take]
    out_opp[tp, tpos] = to
    out_mv[tp, tpos] = cand_val[take]
    out_r[tp, tpos] = r[to, tp]
    return out_opp, out_r, out_mv


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

    Scores blocks of people against all opportunities (see scoring.score_block) and keeps only
    each row's top k; blocks run on ``threads`` threads (default: the CPU count, at most 4)
    because the sparse products release the GIL. Memory stays at a few blocks of scores.
    """
    idx = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    n = idx.shape[0]
    n_pad = -(-max(state.n_opps, 1) // _BLOCK) * _BLOCK
    hot = state.n_hot_keys
    opp_r = (_padded(state.opp_r[:, :hot], n_pad), _padded(state.opp_r[:, hot:], n_pad))
    opp_g = (_padded(state.opp_g[:, :hot], n_pad), _padded(state.opp_g[:, hot:], n_pad))
    out_opp = np.full((n, k), -1, np.int32)
    out_r = np.zeros((n, k), np.float32)
    out_mv = np.zeros((n, k), np.float32)
    prof = constraint_profiles(state, idx, require_opt_in=require_opt_in)
    n_profiles = prof.ok.shape[1]
    tasks: list[tuple[IntArray, int]] = []
    if n_profiles * block <= 2 * n:
        # Few profiles: blocks of one profile each, so the mask is a single column.
        order = np.argsort(prof.person_profile, kind="stable")
        bounds = np.searchsorted(prof.person_profile[order], np.arange(n_profiles + 1))
        for p in range(n_profiles):
            for lo in range(int(bounds[p]), int(bounds[p + 1]), block):
                tasks.append((order[lo : min(lo + block, int(bounds[p + 1]))], p))
    else:
        tasks = [(np.arange(lo, min(lo + block, n)), -1) for lo in range(0, n, block)]

    def work(task: tuple[IntArray, int]) -> None:
        rows, p = task
        mask = prof.ok[:, p] if p >= 0 else None
        o, r, m = _block_top(state, opp_r, opp_g, idx[rows], k, require_opt_in, mask)
        out_opp[rows], out_r[rows], out_mv[rows] = o, r, m

    n_threads = threads or min(os.cpu_count() or 1, 4)
    if n_threads <= 1 or len(tasks) <= 1:
        for t in tasks:
            work(t)
    else:
        with ThreadPoolExecutor(max_workers=n_threads) as pool:
            list(pool.map(work, tasks))
    return TopLists(opp=out_opp, readiness=out_r, mutual_value=out_mv)
