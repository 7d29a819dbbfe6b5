"""Trellis matching engine: pure Python/NumPy/SciPy, no Django.

The apps' fetch step builds plain arrays (see :mod:`trellis.engine.data`), :func:`build_state`
(:mod:`trellis.engine.build`) validates them once, and the other modules score, rank, clear
rounds, pair people and suggest role transitions from that state, returning dataclasses with
explanations. Array helpers every module shares live in :mod:`trellis.engine.arrays`.
"""

from __future__ import annotations

from trellis.engine.build import build_state
from trellis.engine.connections import (
    Connection,
    HeldSkill,
    connection_scores,
    people_to_talk_to,
)
from trellis.engine.data import (
    GROW,
    KEEP,
    LESS,
    EngineState,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
)
from trellis.engine.explain import (
    Explanation,
    GrowthSkill,
    SkillMatch,
    TargetRoleContribution,
    explain,
    explain_many,
)
from trellis.engine.scoring import PairScore, pair_score, score_opportunity, score_person
from trellis.engine.topk import (
    Ranked,
    TopLists,
    all_top_opportunities,
    top_opportunities,
    top_people,
)

__all__ = [
    "GROW",
    "KEEP",
    "LESS",
    "Connection",
    "EngineState",
    "Explanation",
    "GrowthSkill",
    "HeldSkill",
    "OpportunitiesInput",
    "PairScore",
    "PeopleInput",
    "Ranked",
    "Requirements",
    "RolesInput",
    "SkillMatch",
    "TargetRoleContribution",
    "TopLists",
    "all_top_opportunities",
    "build_state",
    "connection_scores",
    "explain",
    "explain_many",
    "pair_score",
    "people_to_talk_to",
    "score_opportunity",
    "score_person",
    "top_opportunities",
    "top_people",
]
