"""Pairing people: career buddies (one-to-one, across teams) and mentors to mentees.

The package splits along its seams: :mod:`.weights` (what each wants to learn and can teach),
:mod:`.graph` (candidate pairs), :mod:`.matching` (solvers with bounds), :mod:`.buddies` and
:mod:`.mentors` (the two products). Callers import from here.
"""

from __future__ import annotations

from trellis.engine.pairing.buddies import BuddyPairs, candidate_graph, pair_buddies
from trellis.engine.pairing.graph import Graph, neighbour_graph
from trellis.engine.pairing.left_out import (
    NO_PARTNER,
    REQUEST_PRIORITY,
    TAKEN,
    buddies_left_out,
    mentees_left_out,
    request_weights,
)
from trellis.engine.pairing.matching import (
    BOUND_STEPS,
    BUDDY_TOLERANCE,
    EXACT_EDGES,
    LARGE_EDGES,
    GraphMatching,
    lagrangian_bound,
    match_graph,
)
from trellis.engine.pairing.mentors import (
    MentorAssignment,
    MentorMethod,
    assign_from_weights,
    assign_mentors,
    mentor_weights,
)
from trellis.engine.pairing.weights import (
    COMPLEMENT,
    FULL_CREDIT_GAP,
    MIN_TEACH_LEVEL,
    SHARED,
    Learning,
    PairReasons,
    TeachSkill,
    buddy_weight,
    learning,
    level_table,
    mentor_reasons,
    pair_reasons,
    shared_interests,
    teach,
)

__all__ = [
    "BOUND_STEPS",
    "BUDDY_TOLERANCE",
    "COMPLEMENT",
    "EXACT_EDGES",
    "FULL_CREDIT_GAP",
    "LARGE_EDGES",
    "MIN_TEACH_LEVEL",
    "NO_PARTNER",
    "REQUEST_PRIORITY",
    "SHARED",
    "TAKEN",
    "BuddyPairs",
    "Graph",
    "GraphMatching",
    "Learning",
    "MentorAssignment",
    "MentorMethod",
    "PairReasons",
    "TeachSkill",
    "assign_from_weights",
    "assign_mentors",
    "buddies_left_out",
    "buddy_weight",
    "candidate_graph",
    "lagrangian_bound",
    "learning",
    "level_table",
    "match_graph",
    "mentees_left_out",
    "mentor_reasons",
    "mentor_weights",
    "neighbour_graph",
    "pair_buddies",
    "pair_reasons",
    "request_weights",
    "shared_interests",
    "teach",
]
