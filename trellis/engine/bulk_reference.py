"""The previous bulk top-k, kept as the reference the tiled path is checked against.

Every block of people is scored against every opportunity (SciPy cuts the block out of the
state's matrices), constraints are masked afterwards, and the top-k is chosen by a lexsort of
the candidates. :func:`trellis.engine.bulk.all_top_opportunities` returns the same lists and
the same scores bit for bit; the tests and the benchmark check it against this.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from trellis.engine.arrays import IntArray
from trellis.engine.bulk import OppRows, TopLists, group_size, opp_rows, person_tasks, run_tasks
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


def _block_scores(
    opp_hot: sp.csr_array, opp_cold: sp.csr_array, block: sp.csr_array, n_hot: int
) -> NDArray[np.float32]:
    """Opportunities × people scores: hot keys as sparse × dense, cold keys as sparse × sparse."""
    out = opp_hot @ block[:, :n_hot].T.toarray()
    cold = opp_cold @ block[:, n_hot:].T
    return np.asarray(cold + out, dtype=np.float32)


def _mutual_reference(
    state: EngineState, rows: OppRows, people: IntArray
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    r = _block_scores(rows.r[0], rows.r[1], state.person_r[people], state.n_hot_keys)
    mv = _block_scores(rows.g[0], rows.g[1], state.person_g[people], state.n_hot_keys)
    mv *= np.float32(MUTUAL_TILT)
    mv += np.float32(MUTUAL_BASE)
    mv *= r
    return r, mv


def _fused_top_reference(
    mv: NDArray[np.float32], r: NDArray[np.float32], opp: IntArray, k: int
) -> tuple[NDArray[np.int32], NDArray[np.float32], NDArray[np.float32]]:
    """Each column's k best rows of ``mv`` (positive only), best first, ties to the lower
    opportunity: candidates above the k-th group maximum, ordered by a lexsort."""
    n_rows, c = mv.shape
    size = group_size(n_rows, k)
    n_groups = n_rows // size
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
    :func:`trellis.engine.bulk.all_top_opportunities`."""
    idx = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    n = idx.shape[0]
    out_opp = np.full((n, k), -1, np.int32)
    out_r = np.zeros((n, k), np.float32)
    out_mv = np.zeros((n, k), np.float32)
    prof = constraint_profiles(state, idx, require_opt_in=require_opt_in)
    every = opp_rows(state, np.arange(state.n_opps))

    def work(task: tuple[IntArray, int]) -> None:
        rows, p = task
        people_block = idx[rows]
        r, mv = _mutual_reference(state, every, people_block)
        if p >= 0:
            mv[: state.n_opps] *= prof.ok[:, p][:, None]
        else:
            mv[: state.n_opps] *= block_ok(state, people_block, require_opt_in=require_opt_in)
        exclude_units(state, people_block, mv)
        out_opp[rows], out_r[rows], out_mv[rows] = _fused_top_reference(mv, r, every.opp, k)

    tasks = person_tasks(n, prof.person_profile, prof.ok.shape[1], block)
    run_tasks(lambda t: work(tasks[t]), list(range(len(tasks))), threads)
    return TopLists(opp=out_opp, readiness=out_r, mutual_value=out_mv)
