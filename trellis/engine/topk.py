"""Top-k in both directions, with explanations (every person's list in bulk: engine.bulk).

Ranking is by mutual value, highest first; pairs that fail a hard constraint or score 0 are
never listed. Ties (equal scores on a 2^-20 grid) go to the lower index, so results are
deterministic whichever path computed the scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from trellis.engine.arrays import IntArray
from trellis.engine.bulk import TopLists, all_top_opportunities
from trellis.engine.data import EngineState
from trellis.engine.explain import Explanation, explain, explain_many
from trellis.engine.scoring import (
    GRID_STEP,
    rank_keys,
    score_opportunity,
    score_person,
)

# select_top samples every _SAMPLE_STRIDE-th value of arrays longer than _SAMPLE_FROM.
_SAMPLE_FROM: Final = 8192
_SAMPLE_STRIDE: Final = 16


__all__ = [
    "Ranked",
    "TopLists",
    "all_top_opportunities",
    "select_top",
    "top_opportunities",
    "top_people",
]


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
        threshold = _kth_largest(values, k) - GRID_STEP
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
