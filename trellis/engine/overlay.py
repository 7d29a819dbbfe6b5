"""One person's rows of a built state made again from their current skills and target roles.

A state is built for everyone at once (seconds at 100,000 people). When one person edits their
own skills or targets, their own pages must show the change at once, before the next state is
built: :func:`with_person` returns a state equal to the one given except for that person's rows
(skills, appetites, readiness and growth keys, target roles, growth shares), computed by the
same builders as a full build, so their scores, explanations and suggestions are those a full
build would give. The opportunity side and everyone else are shared with the state given (its
arrays are not copied, only the four person-major matrices and the target lists, spliced).

What is not made again: the skills-major copies (``levels_csc``, ``person_r_csc``,
``person_g_csc``), read when ranking *people* for an opportunity or a partner; the person's old
rows stay there until the next full build, so others see the change a little later.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from trellis.engine.build import growth_shares, person_skills, target_roles
from trellis.engine.data import KEYS_PER_SKILL, EngineState, IntArray, PeopleInput
from trellis.engine.keys import (
    float32_copy,
    person_growth_keys,
    person_readiness_keys,
    skill_rank,
    target_gaps,
)


@dataclass(frozen=True)
class PersonUpdate:
    """One person's own data in the state's indices: skills (engine skill index) with their
    levels and appetites, and target roles (engine role index)."""

    skill: IntArray
    level: IntArray
    appetite: IntArray
    target_role: IntArray


def _splice(m: sp.csr_array, i: int, row: sp.csr_array) -> sp.csr_array:
    """``m`` with row ``i`` replaced by the one-row ``row`` (same columns)."""
    lo, hi = int(m.indptr[i]), int(m.indptr[i + 1])
    data = np.concatenate([m.data[:lo], row.data.astype(m.data.dtype), m.data[hi:]])
    indices = np.concatenate([m.indices[:lo], row.indices.astype(m.indices.dtype), m.indices[hi:]])
    indptr = np.array(m.indptr, dtype=np.int64)
    indptr[i + 1 :] += row.nnz - (hi - lo)
    return sp.csr_array((data, indices, indptr.astype(m.indptr.dtype)), shape=m.shape)


def _splice_targets(
    ptr: IntArray, roles: IntArray, i: int, mine: IntArray
) -> tuple[IntArray, IntArray]:
    lo, hi = int(ptr[i]), int(ptr[i + 1])
    new_roles = np.concatenate([roles[:lo], mine.astype(roles.dtype), roles[hi:]])
    new_ptr = np.array(ptr, dtype=np.int64)
    new_ptr[i + 1 :] += mine.shape[0] - (hi - lo)
    return new_ptr.astype(ptr.dtype), new_roles


def with_person(state: EngineState, i: int, update: PersonUpdate) -> EngineState:
    """The state with person ``i``'s own rows made from ``update`` (see the module)."""
    n_held = update.skill.shape[0]
    one = PeopleInput(
        n_people=1,
        skill_person=np.zeros(n_held, np.int64),
        skill=update.skill,
        level=update.level,
        appetite=update.appetite,
        target_person=np.zeros(update.target_role.shape[0], np.int64),
        target_role=update.target_role,
    )
    levels, appetite = person_skills(one, state.n_skills)
    rank, _ = skill_rank(state.opps, state.n_skills)
    t_ptr, t_role = target_roles(one, state.roles)
    shares = growth_shares(t_ptr)
    readiness = person_readiness_keys(
        1,
        np.zeros(levels.nnz, np.int64),
        levels.indices.astype(np.int64),
        levels.data.astype(np.int64),
        rank,
        state.n_skills * KEYS_PER_SKILL,
    )
    gaps = target_gaps(levels, appetite, state.roles, t_ptr, t_role)
    growth = person_growth_keys(levels, appetite, gaps, shares, rank)
    target_ptr, target_role = _splice_targets(state.target_ptr, state.target_role, i, t_role)
    all_shares = np.array(state.growth_shares, dtype=np.float64)
    all_shares[i] = shares[0]
    return dataclasses.replace(
        state,
        levels=_splice(state.levels, i, levels),
        appetite=_splice(state.appetite, i, appetite),
        person_r=_splice(state.person_r, i, float32_copy(readiness)),
        person_g=_splice(state.person_g, i, float32_copy(growth)),
        target_ptr=target_ptr,
        target_role=target_role,
        growth_shares=all_shares,
    )
