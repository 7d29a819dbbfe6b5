"""Career buddies: one-to-one pairs across teams, by heavy matching on the candidate graph."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trellis.engine.arrays import FloatArray, IntArray
from trellis.engine.data import EngineState
from trellis.engine.pairing.graph import Graph, neighbour_graph
from trellis.engine.pairing.matching import BUDDY_TOLERANCE, GraphMatching, match_graph
from trellis.engine.pairing.priced import PRICED_UP_TO, priced_graph
from trellis.engine.pairing.weights import (
    Learning,
    PairReasons,
    buddy_weight,
    learning,
    pair_reasons,
)


@dataclass(frozen=True)
class BuddyPairs:
    """Buddy pairs (a < b) with weights; ``reasons(i)`` explains pair i."""

    a: IntArray
    b: IntArray
    weight: FloatArray
    matching: GraphMatching
    graph: Graph
    learn: Learning
    state: EngineState

    def reasons(self, i: int) -> PairReasons:
        return pair_reasons(self.state, int(self.a[i]), int(self.b[i]), self.learn)


def candidate_graph(
    state: EngineState, *, people: IntArray | None = None, degree: int = 10, learn: Learning
) -> Graph:
    """The pairs worth matching: from every pair, priced (:mod:`.priced`), up to
    ``PRICED_UP_TO`` people; from teacher and interest pools (:func:`.neighbour_graph`) above."""
    members = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    if members.shape[0] <= PRICED_UP_TO:
        return priced_graph(state, learn, members, degree=degree)
    return neighbour_graph(state, people=members, degree=degree, learn=learn)


def pair_buddies(
    state: EngineState, *, people: IntArray | None = None, degree: int = 10, passes: int = 4
) -> BuddyPairs:
    """Career buddies: a heavy one-to-one matching across teams on the neighbour graph.

    The matching is within ``BUDDY_TOLERANCE`` (0.5%) of the graph's LP bound, or exact.
    """
    learn = learning(state)
    graph = candidate_graph(state, people=people, degree=degree, learn=learn)
    result = match_graph(graph, passes=passes, tolerance=BUDDY_TOLERANCE)
    a = np.flatnonzero(result.mate > np.arange(graph.n))
    b = result.mate[a]
    return BuddyPairs(
        a=a,
        b=b,
        weight=buddy_weight(state, learn, a, b),
        matching=result,
        graph=graph,
        learn=learn,
        state=state,
    )
