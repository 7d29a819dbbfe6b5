"""Score keys: the (skill, minimum level) columns that scoring multiplies over.

Readiness and growth of a requirement depend on the person's level *and* the requirement's
minimum, so each skill gets one column per minimum level. The person side holds, per key, the
person's readiness credit and growth value; the opportunity side holds each requirement's
coefficients. A pair's readiness (growth) is then the dot product of the two rows. Keys of the
skills most opportunities require come first, so bulk scoring can treat them as dense.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from trellis.engine.arrays import FloatArray, IntArray, lookup, ranges, sorted_unique
from trellis.engine.data import (
    GROW,
    HOT_SKILLS,
    KEYS_PER_SKILL,
    LESS,
    MAX_LEVEL,
    NICE_BONUS,
    RequirementTable,
)

_M_VALUES = np.arange(1, MAX_LEVEL + 1, dtype=np.int64)


def skill_rank(opp_table: RequirementTable, n_skills: int) -> tuple[IntArray, int]:
    """Each skill's position by how many requirements name it (most first), and the hot key count.

    Keys of popular skills come first, so blocks can split hot (dense) from cold (sparse) keys.
    """
    rank = np.empty(n_skills, np.int64)
    rank[np.argsort(-np.bincount(opp_table.skill, minlength=n_skills), kind="stable")] = np.arange(
        n_skills
    )
    return rank, min(HOT_SKILLS, n_skills) * KEYS_PER_SKILL


def requirement_coefficients(table: RequirementTable) -> tuple[FloatArray, FloatArray]:
    """Per-entry readiness coefficient and growth weight (see scoring.readiness / growth)."""
    rows = np.repeat(np.arange(table.n_rows), np.diff(table.ptr))
    w = table.weight
    req_total = np.bincount(rows, weights=w * table.required, minlength=table.n_rows)
    nice_total = np.bincount(rows, weights=w * ~table.required, minlength=table.n_rows)
    all_total = req_total + nice_total
    has_req = req_total[rows] > 0
    has_nice = nice_total[rows] > 0
    both = has_req & has_nice
    scale_req = np.where(both, 1.0 / (1.0 + NICE_BONUS), 1.0)
    scale_nice = np.where(both, NICE_BONUS / (1.0 + NICE_BONUS), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(
            table.required,
            scale_req * w / np.where(has_req, req_total[rows], 1.0),
            scale_nice * w / np.where(has_nice, nice_total[rows], 1.0),
        )
        grow_w = w / np.where(all_total[rows] > 0, all_total[rows], 1.0)
    return alpha, grow_w


def key_matrix(
    n_rows: int, rows: IntArray, keys: IntArray, values: FloatArray, n_keys: int
) -> sp.csr_array:
    """A float64 CSR matrix of key values (int32 indices); bulk scoring uses a float32 copy."""
    keep = values != 0
    m = sp.csr_array(
        (values[keep].astype(np.float64), (rows[keep], keys[keep])), shape=(n_rows, n_keys)
    )
    m.sum_duplicates()
    m.indices = m.indices.astype(np.int32)
    m.indptr = m.indptr.astype(np.int32) if m.nnz < 2**31 else m.indptr
    return m


def float32_copy(m: sp.csr_array) -> sp.csr_array:
    """The same matrix with float32 values (indices shared)."""
    return sp.csr_array((m.data.astype(np.float32), m.indices, m.indptr), shape=m.shape)


def stacked(a: sp.csc_array, b: sp.csc_array) -> sp.csc_array:
    """The block-diagonal CSC matrix [[a, 0], [0, b]], columns kept in order."""
    n_a = a.shape[0]
    indptr = np.concatenate([a.indptr[:-1], a.indptr[-1] + b.indptr]).astype(np.int64)
    indices = np.concatenate([a.indices.astype(np.int64), b.indices.astype(np.int64) + n_a])
    return sp.csc_array(
        (np.concatenate([a.data, b.data]), indices.astype(np.int32), indptr.astype(np.int32)),
        shape=(n_a + b.shape[0], a.shape[1] + b.shape[1]),
    )


def opportunity_keys(
    table: RequirementTable, rank: IntArray, n_keys: int
) -> tuple[sp.csr_array, sp.csr_array]:
    """Opportunities × keys: readiness coefficients and growth weights (float64 CSR)."""
    alpha, grow_w = requirement_coefficients(table)
    rows = np.repeat(np.arange(table.n_rows), np.diff(table.ptr))
    keys = rank[table.skill] * KEYS_PER_SKILL + table.min_level - 1
    return (
        key_matrix(table.n_rows, rows, keys, alpha, n_keys),
        key_matrix(table.n_rows, rows, keys, grow_w, n_keys),
    )


def person_readiness_keys(
    n_people: int,
    person: IntArray,
    skill: IntArray,
    level: IntArray,
    rank: IntArray,
    n_keys: int,
) -> sp.csr_array:
    """People × keys: readiness credit ``min(l, m) / m`` of each held skill for each minimum m."""
    held = level >= 1
    rows = np.repeat(person[held], MAX_LEVEL)
    keys = (rank[skill[held]] * KEYS_PER_SKILL)[:, None] + (_M_VALUES - 1)[None, :]
    vals = np.minimum(level[held][:, None], _M_VALUES[None, :]) / _M_VALUES[None, :]
    return key_matrix(n_people, rows, keys.reshape(-1), vals.reshape(-1), n_keys)


def person_growth_keys(
    levels: sp.csr_array,
    appetite: sp.csr_array,
    gaps: tuple[IntArray, IntArray],
    shares: FloatArray,
    rank: IntArray,
) -> sp.csr_array:
    """People × keys: growth value ``h(s, m) = want + stretch (m == l + 1) + target gap``.

    Zero for skills the person wants to use less. Covers every skill with a growth signal:
    the person's listed skills plus their target-role gaps (``gaps`` as (person, skill)).
    """
    n_p, n_skills = levels.shape
    e_person = np.repeat(np.arange(n_p, dtype=np.int64), np.diff(levels.indptr))
    e_skill = levels.indices.astype(np.int64)
    gap_person, gap_skill = gaps
    gap_mark = sp.csr_array(
        (np.ones(gap_person.shape[0], np.float64), (gap_person, gap_skill)),
        shape=(n_p, n_skills),
    )
    pair_key = sorted_unique(
        np.concatenate([e_person, gap_person]) * n_skills + np.concatenate([e_skill, gap_skill])
    )
    g_person = pair_key // n_skills
    g_skill = pair_key % n_skills
    g_level = lookup(levels, g_person, g_skill).astype(np.int64)
    g_app = lookup(appetite, g_person, g_skill).astype(np.int64)
    g_gap = lookup(gap_mark, g_person, g_skill) > 0
    sh = shares[g_person]
    base = sh[:, 0] * (g_app == GROW) + sh[:, 2] * g_gap
    stretch = (g_level[:, None] >= 1) & (_M_VALUES[None, :] == g_level[:, None] + 1)
    g_vals = base[:, None] + sh[:, 1][:, None] * stretch
    g_vals[g_app == LESS] = 0.0
    g_rows = np.repeat(g_person, MAX_LEVEL)
    g_keys = (rank[g_skill] * KEYS_PER_SKILL)[:, None] + (_M_VALUES - 1)[None, :]
    n_keys = n_skills * KEYS_PER_SKILL
    return key_matrix(n_p, g_rows, g_keys.reshape(-1), g_vals.reshape(-1), n_keys)


def target_gaps(
    levels: sp.csr_array,
    appetite: sp.csr_array,
    roles: RequirementTable | None,
    target_ptr: IntArray,
    target_role: IntArray,
) -> tuple[IntArray, IntArray]:
    """(person, skill) pairs where the person is below a target role's minimum level.

    Skills the person wants to use less are left out: they are not growth for that person.
    """
    if roles is None or target_role.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_skills = levels.shape[1]
    n_p = target_ptr.shape[0] - 1
    t_person = np.repeat(np.arange(n_p), np.diff(target_ptr))
    lens = np.diff(roles.ptr)[target_role]
    starts = roles.ptr[target_role]
    entry = ranges(starts, lens)
    person = np.repeat(t_person, lens)
    skill = roles.skill[entry]
    need = roles.min_level[entry]
    have = lookup(levels, person, skill).astype(np.int64)
    app = lookup(appetite, person, skill).astype(np.int64)
    gap = (have < need) & (app != LESS)
    key = sorted_unique(person[gap] * n_skills + skill[gap])
    return key // n_skills, key % n_skills
