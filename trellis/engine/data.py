"""Plain inputs of the engine and the state built from them.

The apps' fetch step turns database rows into the parallel arrays below (one entry per
(person, skill), per (opportunity, skill) and so on); ``trellis.engine.build.build_state``
validates them once and precomputes the :class:`EngineState` that the scoring, ranking, rounds
and pairing code read. Indices are positions: person ``i`` is row ``i``, skill ``s`` is column
``s`` of the skill index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from trellis.engine.arrays import BoolArray, FloatArray, IntArray

__all__ = [
    "GROW",
    "KEEP",
    "LESS",
    "MAX_LEVEL",
    "BoolArray",
    "EngineState",
    "FloatArray",
    "IntArray",
    "OpportunitiesInput",
    "PeopleInput",
    "RequirementTable",
    "Requirements",
    "RolesInput",
]

GROW: Final = 1
KEEP: Final = 0
LESS: Final = -1
MAX_LEVEL: Final = 5

# A score key is (skill, minimum level): readiness and growth of a requirement depend on the
# person's level *and* the requirement's minimum, so each skill gets one column per minimum.
KEYS_PER_SKILL: Final = MAX_LEVEL

# Skills with the most requirement entries, scored as dense blocks in bulk (the rest sparse).
HOT_SKILLS: Final = 50

# Growth shares (see scoring.growth); renormalised for people without a target role.
GROWTH_WANT: Final = 0.5
GROWTH_STRETCH: Final = 0.25
GROWTH_TARGET: Final = 0.25
# Nice-to-have bonus relative to required coverage (see scoring.readiness).
NICE_BONUS: Final = 0.25


@dataclass(frozen=True)
class Requirements:
    """Skill requirements of ``n_rows`` items (opportunities or roles), one entry per (item, skill).

    ``min_level`` is an integer 1–5, ``weight`` a positive importance, ``required`` False marks a
    nice-to-have skill.
    """

    n_rows: int
    row: ArrayLike
    skill: ArrayLike
    min_level: ArrayLike
    weight: ArrayLike | None = None
    required: ArrayLike | None = None


@dataclass(frozen=True)
class PeopleInput:
    """People, their skills and their constraints.

    Skills come as parallel arrays ``skill_person``/``skill``/``level`` (integer 0–5; 0 means
    "does not have it yet", useful with appetite ``GROW`` for "wants to learn") and ``appetite``
    (``GROW`` 1, ``KEEP`` 0, ``LESS`` -1). Per-person arrays have ``n_people`` entries; missing
    ones default to "no constraint": unlimited hours, unknown location, remote acceptable,
    months in role unlimited, one shared unit, opted in to the marketplace, no current role.
    ``current_role`` is the role index each person holds now (-1 for none); it needs roles.
    """

    n_people: int
    skill_person: ArrayLike
    skill: ArrayLike
    level: ArrayLike
    appetite: ArrayLike | None = None
    unit: ArrayLike | None = None
    hours_available: ArrayLike | None = None
    location: ArrayLike | None = None
    remote_ok: ArrayLike | None = None
    months_in_role: ArrayLike | None = None
    opted_in: ArrayLike | None = None
    target_person: ArrayLike | None = None
    target_role: ArrayLike | None = None
    tag_person: ArrayLike | None = None
    tag: ArrayLike | None = None
    current_role: ArrayLike | None = None


@dataclass(frozen=True)
class OpportunitiesInput:
    """Opportunities: requirements plus per-opportunity constraints.

    ``hours_needed`` 0 means no time commitment; ``location`` -1 means anywhere;
    ``remote_allowed`` lets people elsewhere who accept remote work take it; ``capacity`` is the
    number of seats (0 closes it); ``excluded_opp``/``excluded_unit`` pairs bar a unit's members
    (e.g. the owner's own team).
    """

    requirements: Requirements
    capacity: ArrayLike | None = None
    hours_needed: ArrayLike | None = None
    location: ArrayLike | None = None
    remote_allowed: ArrayLike | None = None
    min_months_in_role: ArrayLike | None = None
    excluded_opp: ArrayLike | None = None
    excluded_unit: ArrayLike | None = None


@dataclass(frozen=True)
class RolesInput:
    """Roles of the job architecture: requirements and a level (for promotion vs lateral)."""

    requirements: Requirements
    level: ArrayLike


@dataclass(frozen=True)
class RequirementTable:
    """Validated requirements grouped by row (CSR layout: entries of row i are ptr[i]:ptr[i+1])."""

    n_rows: int
    ptr: IntArray
    skill: IntArray
    min_level: IntArray
    weight: FloatArray
    required: BoolArray

    def row_slice(self, i: int) -> slice:
        return slice(int(self.ptr[i]), int(self.ptr[i + 1]))


@dataclass(frozen=True)
class EngineState:
    """Everything the engine computes with; build it with ``build.build_state``.

    Person side: ``levels``/``appetite`` (people × skills CSR, same sparsity), ``person_r`` and
    ``person_g`` (people × keys CSR: the person's readiness credit and growth value for each
    (skill, minimum level) key) with CSC copies for per-opportunity queries. Opportunity side:
    ``opp_r``/``opp_g`` (opportunities × keys CSR: requirement coefficients) with CSC copies for
    per-person queries (``opp_rg_csc`` stacks the two for one gather). ``levels_csc`` is a
    skills-major copy of ``levels`` (who holds a skill); ``current_role`` the role each person
    holds (-1 for none).
    """

    n_people: int
    n_opps: int
    n_skills: int
    n_units: int
    levels: sp.csr_array
    appetite: sp.csr_array
    person_r: sp.csr_array
    person_g: sp.csr_array
    person_r_csc: sp.csc_array
    person_g_csc: sp.csc_array
    opp_r: sp.csr_array
    opp_g: sp.csr_array
    opp_r_csc: sp.csc_array
    opp_g_csc: sp.csc_array
    n_hot_keys: int
    opps: RequirementTable
    roles: RequirementTable | None
    role_level: IntArray
    target_ptr: IntArray
    target_role: IntArray
    growth_shares: NDArray[np.float64]
    unit: IntArray
    hours_available: FloatArray
    location: IntArray
    remote_ok: BoolArray
    months_in_role: FloatArray
    opted_in: BoolArray
    capacity: IntArray
    hours_needed: FloatArray
    opp_location: IntArray
    remote_allowed: BoolArray
    min_months: FloatArray
    excluded: sp.csr_array
    excluded_csc: sp.csc_array
    tags: sp.csr_array
    interest_person: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    interest_opp: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    current_role: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    levels_csc: sp.csc_array | None = None
    # [[opp_r_csc, 0], [0, opp_g_csc]]: one column gather scores a person's readiness (rows
    # < n_opps) and growth (rows >= n_opps) together, with the same sums as the two copies.
    opp_rg_csc: sp.csc_array | None = None

    def person_skills(self, person: int) -> dict[int, tuple[int, int]]:
        """The person's skills as {skill: (level, appetite)}."""
        lo, hi = int(self.levels.indptr[person]), int(self.levels.indptr[person + 1])
        skills = self.levels.indices[lo:hi].tolist()
        levels = self.levels.data[lo:hi].tolist()
        appetites = self.appetite.data[lo:hi].tolist()
        return {s: (int(lv), int(a)) for s, lv, a in zip(skills, levels, appetites, strict=True)}

    def targets_of(self, person: int) -> list[int]:
        return cast(
            "list[int]",
            self.target_role[self.target_ptr[person] : self.target_ptr[person + 1]].tolist(),
        )

    def interests(self) -> set[tuple[int, int]]:
        return set(zip(self.interest_person.tolist(), self.interest_opp.tolist(), strict=True))
