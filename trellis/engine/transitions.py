"""Role-to-role transitions ranked by how much of the target role a role already covers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from trellis.engine.data import (
    KEYS_PER_SKILL,
    MAX_LEVEL,
    EngineState,
    RequirementTable,
    _requirement_coefficients,
)

TransitionKind = Literal["promotion", "lateral", "step_back"]


@dataclass(frozen=True)
class Transition:
    """Moving from ``from_role`` to ``to_role``: how much of the target is already covered.

    ``covered`` lists target skills the origin requires at or above the target's minimum,
    ``partial`` those it requires below it (skill, origin minimum, target minimum), ``missing``
    those it does not require at all.
    """

    from_role: int
    to_role: int
    coverage: float
    kind: TransitionKind
    covered: tuple[int, ...]
    partial: tuple[tuple[int, int, int], ...]
    missing: tuple[int, ...]


def coverage_matrix(roles: RequirementTable) -> NDArray[np.float64]:
    """coverage[a, b]: readiness for role b of someone exactly at role a's minimum levels.

    Includes every requirement of b (required and nice-to-have, weighted as in
    scoring.readiness), crediting a's minimum level as the person's level. Excludes anything
    about real people; asymmetric by construction (a senior role covers its junior, not the
    reverse).
    """
    n = roles.n_rows
    n_keys = (int(roles.skill.max(initial=0)) + 1) * KEYS_PER_SKILL
    rows = np.repeat(np.arange(n), np.diff(roles.ptr))
    m_vals = np.arange(1, MAX_LEVEL + 1)
    as_person = sp.csr_array(
        (
            (np.minimum(roles.min_level[:, None], m_vals[None, :]) / m_vals[None, :]).reshape(-1),
            (
                np.repeat(rows, MAX_LEVEL),
                ((roles.skill * KEYS_PER_SKILL)[:, None] + (m_vals - 1)[None, :]).reshape(-1),
            ),
        ),
        shape=(n, n_keys),
    )
    alpha, _ = _requirement_coefficients(roles)
    as_target = sp.csr_array(
        (alpha, (rows, roles.skill * KEYS_PER_SKILL + roles.min_level - 1)), shape=(n, n_keys)
    )
    return np.asarray((as_person @ as_target.T).toarray(), np.float64)


def role_transitions(
    state: EngineState, role: int, *, k: int = 5, min_coverage: float = 0.0
) -> list[Transition]:
    """The other roles ranked by how much of them ``role`` covers (ties to the lower index)."""
    roles = state.roles
    if roles is None:
        return []
    coverage = coverage_matrix(roles)[role]
    others = [r for r in range(roles.n_rows) if r != role and coverage[r] > min_coverage]
    others.sort(key=lambda r: (-round(float(coverage[r]), 9), r))
    return [_describe(state, roles, role, r, float(coverage[r])) for r in others[:k]]


def all_transitions(
    state: EngineState, *, k: int = 5, min_coverage: float = 0.0
) -> dict[int, list[Transition]]:
    """role_transitions for every role, computing the coverage matrix once."""
    roles = state.roles
    if roles is None:
        return {}
    cov = coverage_matrix(roles)
    out: dict[int, list[Transition]] = {}
    for a in range(roles.n_rows):
        row = cov[a].copy()
        row[a] = -1.0
        cand = np.flatnonzero(row > min_coverage)
        order = np.lexsort((cand, -np.round(row[cand], 9)))[:k]
        out[a] = [_describe(state, roles, a, int(b), float(row[b])) for b in cand[order]]
    return out


def _describe(
    state: EngineState, roles: RequirementTable, a: int, b: int, coverage: float
) -> Transition:
    have = dict(
        zip(
            roles.skill[roles.row_slice(a)].tolist(),
            roles.min_level[roles.row_slice(a)].tolist(),
            strict=True,
        )
    )
    covered, partial, missing = [], [], []
    for s, m in zip(
        roles.skill[roles.row_slice(b)].tolist(),
        roles.min_level[roles.row_slice(b)].tolist(),
        strict=True,
    ):
        level = have.get(s, 0)
        if level >= m:
            covered.append(s)
        elif level > 0:
            partial.append((s, level, m))
        else:
            missing.append(s)
    la, lb = int(state.role_level[a]), int(state.role_level[b])
    kind: TransitionKind = "promotion" if lb > la else ("lateral" if lb == la else "step_back")
    return Transition(
        from_role=a,
        to_role=b,
        coverage=coverage,
        kind=kind,
        covered=tuple(covered),
        partial=tuple(partial),
        missing=tuple(missing),
    )
