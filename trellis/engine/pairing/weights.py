"""What people want to learn and what they can teach each other: the weights of pairing.

What a person wants to learn: skills marked "wants to grow" and gaps to their target roles,
never skills they want to use less. What one can teach another is counted per such skill.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Final, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from trellis.engine.arrays import FloatArray, IntArray, lookup, ranges, sorted_unique
from trellis.engine.data import GROW, LESS, MAX_LEVEL, EngineState
from trellis.engine.keys import target_gaps

# A teacher this many levels above the learner earns full credit for a skill.
FULL_CREDIT_GAP: Final = 2
# Buddy weight = COMPLEMENT × complementarity + SHARED × shared interests (tags).
COMPLEMENT: Final = 0.8
SHARED: Final = 0.2
# Skill teachers must reach at least this level to be drawn as candidates.
MIN_TEACH_LEVEL: Final = 2


@dataclass(frozen=True)
class Learning:
    """What each person wants to learn: CSR people × skills, value = share (1 / count)."""

    matrix: sp.csr_array
    level: NDArray[np.int64]

    @cached_property
    def credit(self) -> FloatArray:
        """What a teacher at each level (columns 0 to MAX_LEVEL) earns on each entry: the
        entry's share × min(2, teacher level − learner level) / 2, never below 0."""
        above = np.arange(MAX_LEVEL + 1)[None, :] - self.level[:, None]
        gain = np.clip(above, 0, FULL_CREDIT_GAP) / FULL_CREDIT_GAP
        return cast("FloatArray", gain * self.matrix.data[:, None])


def learning(state: EngineState, people: IntArray | None = None) -> Learning:
    """Each person's learning skills (grow appetite or target-role gap, not 'use less').

    With ``people``, only their rows, in that order (row i is ``people[i]``): the same rows as
    the whole table's, at the cost of those people alone.
    """
    if people is None:
        lv, app, t_ptr, t_role = state.levels, state.appetite, state.target_ptr, state.target_role
    else:
        people = np.asarray(people, np.int64)
        lv, app = state.levels[people], state.appetite[people]
        starts = state.target_ptr[people].astype(np.int64)
        lens = state.target_ptr[people + 1].astype(np.int64) - starts
        t_role = state.target_role[ranges(starts, lens)]
        t_ptr = np.zeros(people.shape[0] + 1, np.int64)
        np.cumsum(lens, out=t_ptr[1:])
    n = lv.shape[0]
    rows = np.repeat(np.arange(n), np.diff(lv.indptr))
    skills = lv.indices.astype(np.int64)
    grow = app.data == GROW
    g_rows, g_skills = rows[grow], skills[grow]
    gap_rows, gap_skills = target_gaps(lv, app, state.roles, t_ptr, t_role)
    key = sorted_unique(
        np.concatenate([g_rows, gap_rows]) * state.n_skills + np.concatenate([g_skills, gap_skills])
    )
    p, s = key // state.n_skills, key % state.n_skills
    keep = lookup(app, p, s) != LESS
    p, s = p[keep], s[keep]
    counts = np.bincount(p, minlength=n)
    share = 1.0 / np.maximum(counts[p], 1)
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(counts, out=ptr[1:])
    matrix = sp.csr_array((share, s.astype(np.int32), ptr), shape=lv.shape)
    return Learning(matrix=matrix, level=lookup(lv, p, s).astype(np.int64))


def learning_entries(learn: Learning, people: IntArray) -> tuple[IntArray, IntArray]:
    """The entries of ``people``'s learning rows (positions in the matrix's arrays and in
    ``learn.level``), and for each, its person's position in ``people``."""
    m = learn.matrix
    starts = m.indptr[people].astype(np.int64)
    lens = m.indptr[people + 1].astype(np.int64) - starts
    return ranges(starts, lens), np.repeat(np.arange(people.shape[0]), lens)


def level_table(state: EngineState) -> NDArray[np.int8]:
    """Dense people × skills levels (int8): O(1) lookups when scoring many candidate pairs."""
    table = np.zeros(state.levels.shape, np.int8)
    rows = np.repeat(np.arange(state.n_people), np.diff(state.levels.indptr))
    table[rows, state.levels.indices] = state.levels.data
    return table


def teach(
    state: EngineState,
    learn: Learning,
    teachers: IntArray,
    learners: IntArray,
    table: NDArray[np.int8] | None = None,
) -> FloatArray:
    """What each teacher can teach the paired learner, in [0, 1].

    Includes: each of the learner's learning skills with an equal share, credited
    ``min(2, teacher level − learner level) / 2`` (full credit two levels up, half one level up).
    Excludes: skills the learner does not want to learn, and any skill where the teacher is
    not above the learner.
    """
    entry, pair = learning_entries(learn, learners)
    skill = learn.matrix.indices[entry]
    if table is not None:
        t_level = table[teachers[pair], skill]
    else:
        t_level = lookup(state.levels, teachers[pair], skill.astype(np.int64)).astype(np.int64)
    # With weights, bincount sums floats (its stubs only know the integer count).
    return cast(
        "FloatArray",
        np.bincount(pair, weights=learn.credit[entry, t_level], minlength=learners.shape[0]),
    )


def shared_interests(state: EngineState, a: IntArray, b: IntArray) -> FloatArray:
    """Jaccard similarity of the two people's interest tags (0 when neither has any)."""
    tags = state.tags
    size = np.diff(tags.indptr)
    starts = tags.indptr[a].astype(np.int64)
    lens = size[a].astype(np.int64)
    entry = ranges(starts, lens)
    pair = np.repeat(np.arange(a.shape[0]), lens)
    both = lookup(tags, b[pair], tags.indices[entry].astype(np.int64)) > 0
    inter = np.bincount(pair, weights=both.astype(np.float64), minlength=a.shape[0])
    union = size[a] + size[b] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def buddy_weight(
    state: EngineState,
    learn: Learning,
    a: IntArray,
    b: IntArray,
    table: NDArray[np.int8] | None = None,
) -> FloatArray:
    """Buddy weight of pairs, in [0, 1]: 0.8 × complementarity + 0.2 × shared interests.

    Complementarity = (what a can teach b + what b can teach a) / 2 (see :func:`teach`);
    shared interests = Jaccard of interest tags. Excludes same-unit pairs (weight 0): buddies
    come from different teams.
    """
    comp = (teach(state, learn, a, b, table) + teach(state, learn, b, a, table)) / 2
    w = COMPLEMENT * comp + SHARED * shared_interests(state, a, b)
    return np.where(state.unit[a] == state.unit[b], 0.0, w)


@dataclass(frozen=True)
class TeachSkill:
    skill: int
    teacher_level: int
    learner_level: int


@dataclass(frozen=True)
class PairReasons:
    """Why two people were paired: what each can teach the other, and shared interests."""

    a_teaches_b: tuple[TeachSkill, ...]
    b_teaches_a: tuple[TeachSkill, ...]
    shared_tags: tuple[int, ...]


def _teaches(
    state: EngineState, learn: Learning, teacher: int, learner: int
) -> tuple[TeachSkill, ...]:
    m = learn.matrix
    lo, hi = int(m.indptr[learner]), int(m.indptr[learner + 1])
    mine = state.person_skills(teacher)
    out = []
    for s, lv in zip(m.indices[lo:hi].tolist(), learn.level[lo:hi].tolist(), strict=True):
        t_level = mine.get(s, (0, 0))[0]
        if t_level > lv:
            out.append(TeachSkill(skill=s, teacher_level=t_level, learner_level=lv))
    return tuple(out)


def pair_reasons(state: EngineState, a: int, b: int, learn: Learning | None = None) -> PairReasons:
    learn = learn or learning(state)
    tags = state.tags
    ta = set(tags.indices[tags.indptr[a] : tags.indptr[a + 1]].tolist())
    tb = set(tags.indices[tags.indptr[b] : tags.indptr[b + 1]].tolist())
    return PairReasons(
        a_teaches_b=_teaches(state, learn, a, b),
        b_teaches_a=_teaches(state, learn, b, a),
        shared_tags=tuple(sorted(ta & tb)),
    )


def mentor_reasons(state: EngineState, mentor: int, mentee: int) -> tuple[TeachSkill, ...]:
    """The mentee's learning skills the mentor holds at a higher level."""
    return _teaches(state, learning(state), mentor, mentee)
