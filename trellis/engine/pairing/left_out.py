"""Who a pairing round leaves out and why, and the weights of explicit mentor requests.

A person left out of a round is told one of two reasons, decided here from the round's own
candidates so that the sentence is true of the round that ran:

- ``NO_PARTNER``: nobody in another team was a candidate at all (no buddy who could teach or
  learn something, or shares an interest; no mentor knowing the skill above their level);
- ``TAKEN``: candidates existed, but the matching gave them (or all their seats) to others.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from trellis.engine.arrays import FloatArray, IntArray
from trellis.engine.data import EngineState
from trellis.engine.pairing.buddies import BuddyPairs
from trellis.engine.pairing.mentors import MentorAssignment
from trellis.engine.pairing.weights import FULL_CREDIT_GAP, MIN_TEACH_LEVEL

NO_PARTNER: Final = 0
TAKEN: Final = 1
# A mentee who asked for a mentor in a named skill outranks one who only said they want to
# grow: any useful mentor is worth this much more to them than to a general mentee (whose
# weight stays below the number of their learning skills, each at most 1).
REQUEST_PRIORITY: Final = 100.0


def buddies_left_out(pairs: BuddyPairs, people: IntArray) -> tuple[IntArray, IntArray]:
    """The askers (person indices) left single, and per each NO_PARTNER or TAKEN."""
    people = np.asarray(people, np.int64)
    graph = pairs.graph
    alone = people[pairs.matching.mate[people] < 0]
    degree = np.zeros(graph.n, np.int64)
    useful = graph.w > 0
    np.add.at(degree, graph.u[useful], 1)
    np.add.at(degree, graph.v[useful], 1)
    return alone, np.where(degree[alone] > 0, TAKEN, NO_PARTNER).astype(np.int64)


def mentees_left_out(
    weights: FloatArray, assignment: MentorAssignment
) -> tuple[IntArray, IntArray]:
    """Rows of ``weights`` (mentees) left without a mentor, and per each NO_PARTNER or TAKEN."""
    alone = np.flatnonzero(assignment.mentor_of < 0)
    if weights.shape[1] == 0:
        return alone, np.full(alone.shape[0], NO_PARTNER, np.int64)
    best = weights[alone].max(axis=1) if alone.shape[0] else np.zeros(0)
    return alone, np.where(best > 0, TAKEN, NO_PARTNER).astype(np.int64)


def request_weights(
    state: EngineState,
    mentees: IntArray,
    skills: IntArray,
    mentors: IntArray,
    *,
    exclude_same_unit: bool = True,
) -> FloatArray:
    """Weights (requests × mentors) of explicit asks: mentee i wants a mentor in skill i.

    A mentor helps when they hold the skill at ``MIN_TEACH_LEVEL`` or more and above the
    mentee's level; the weight is ``REQUEST_PRIORITY`` plus the gap (up to
    ``FULL_CREDIT_GAP`` levels) as a fraction. Oneself and (by default) one's own unit weigh 0.
    """
    mentees = np.asarray(mentees, np.int64)
    skills = np.asarray(skills, np.int64)
    mentors = np.asarray(mentors, np.int64)
    if mentees.shape[0] == 0 or mentors.shape[0] == 0:
        return np.zeros((mentees.shape[0], mentors.shape[0]))
    held = state.levels[mentors][:, skills].toarray().T.astype(np.float64)
    own = np.asarray(state.levels[mentees, skills], np.float64).reshape(-1, 1)
    gap = np.clip(held - own, 0, FULL_CREDIT_GAP) / FULL_CREDIT_GAP
    gap[held < MIN_TEACH_LEVEL] = 0.0
    out = np.where(gap > 0, REQUEST_PRIORITY + gap, 0.0)
    out[mentees[:, None] == mentors[None, :]] = 0.0
    if exclude_same_unit:
        out[state.unit[mentees][:, None] == state.unit[mentors][None, :]] = 0.0
    return out
