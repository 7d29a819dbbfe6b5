"""Plain inputs of the engine and the state built from them.

The apps' fetch step turns database rows into the parallel arrays below (one entry per
(person, skill), per (opportunity, skill) and so on); :func:`build_state` validates them once
and precomputes everything the scoring, ranking, rounds and pairing code needs. Indices are
positions: person ``i`` is row ``i``, skill ``s`` is column ``s`` of the skill index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

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


def _ints(values: ArrayLike | None, n: int | None = None, default: int = 0) -> IntArray:
    if values is None:
        return np.full(n or 0, default, dtype=np.int64)
    return np.asarray(values, dtype=np.int64).reshape(-1)


def _floats(values: ArrayLike | None, n: int, default: float) -> FloatArray:
    if values is None:
        return np.full(n, default, dtype=np.float64)
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _bools(values: ArrayLike | None, n: int, default: bool) -> BoolArray:
    if values is None:
        return np.full(n, default, dtype=np.bool_)
    return np.asarray(values, dtype=np.bool_).reshape(-1)


def _check_len(name: str, array: NDArray[np.generic], n: int) -> None:
    if array.shape[0] != n:
        raise ValueError(f"{name} has {array.shape[0]} entries, expected {n}")


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
    """Everything the engine computes with; build it with :func:`build_state`.

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


def requirement_table(req: Requirements, n_skills: int, what: str) -> RequirementTable:
    """Validate requirements and group them by row, keeping the input order within a row."""
    row = _ints(req.row)
    skill = _ints(req.skill)
    n = row.shape[0]
    min_level = _ints(req.min_level)
    weight = _floats(req.weight, n, 1.0)
    required = _bools(req.required, n, True)
    for name, arr in (("skill", skill), ("min_level", min_level), ("weight", weight)):
        _check_len(f"{what}.{name}", arr, n)
    _check_len(f"{what}.required", required, n)
    if n and (row.min() < 0 or row.max() >= req.n_rows):
        raise ValueError(f"{what}.row out of range")
    if n and (skill.min() < 0 or skill.max() >= n_skills):
        raise ValueError(f"{what}.skill out of range")
    if n and (min_level.min() < 1 or min_level.max() > MAX_LEVEL):
        raise ValueError(f"{what}.min_level must be an integer from 1 to {MAX_LEVEL}")
    if n and not (np.all(np.isfinite(weight)) and weight.min() > 0):
        raise ValueError(f"{what}.weight must be positive")
    pair = row * n_skills + skill
    if _sorted_unique(pair).shape[0] != n:
        raise ValueError(f"{what} lists a skill twice for the same row")
    order = np.argsort(row, kind="stable")
    ptr = np.zeros(req.n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=req.n_rows), out=ptr[1:])
    return RequirementTable(
        n_rows=req.n_rows,
        ptr=ptr,
        skill=skill[order],
        min_level=min_level[order],
        weight=weight[order],
        required=required[order],
    )


def _requirement_coefficients(table: RequirementTable) -> tuple[FloatArray, FloatArray]:
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


def _key_matrix(
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


def _float32(m: sp.csr_array) -> sp.csr_array:
    return sp.csr_array((m.data.astype(np.float32), m.indices, m.indptr), shape=m.shape)


def _stacked(a: sp.csc_array, b: sp.csc_array) -> sp.csc_array:
    """The block-diagonal CSC matrix [[a, 0], [0, b]], columns kept in order."""
    n_a = a.shape[0]
    indptr = np.concatenate([a.indptr[:-1], a.indptr[-1] + b.indptr]).astype(np.int64)
    indices = np.concatenate([a.indices.astype(np.int64), b.indices.astype(np.int64) + n_a])
    return sp.csc_array(
        (np.concatenate([a.data, b.data]), indices.astype(np.int32), indptr.astype(np.int32)),
        shape=(n_a + b.shape[0], a.shape[1] + b.shape[1]),
    )


def build_state(
    *,
    n_skills: int,
    people: PeopleInput,
    opportunities: OpportunitiesInput,
    roles: RolesInput | None = None,
    interest_person: ArrayLike | None = None,
    interest_opp: ArrayLike | None = None,
) -> EngineState:
    """Validate the fetch step's arrays and precompute the engine's state."""
    n_p = people.n_people
    n_keys = n_skills * KEYS_PER_SKILL
    sp_person = _ints(people.skill_person)
    sp_skill = _ints(people.skill)
    sp_level = _ints(people.level)
    n_e = sp_person.shape[0]
    sp_app = _ints(people.appetite, n_e, KEEP)
    for name, arr in (("skill", sp_skill), ("level", sp_level), ("appetite", sp_app)):
        _check_len(f"people.{name}", arr, n_e)
    if n_e:
        if sp_person.min() < 0 or sp_person.max() >= n_p:
            raise ValueError("people.skill_person out of range")
        if sp_skill.min() < 0 or sp_skill.max() >= n_skills:
            raise ValueError("people.skill out of range")
        if sp_level.min() < 0 or sp_level.max() > MAX_LEVEL:
            raise ValueError(f"people.level must be an integer from 0 to {MAX_LEVEL}")
        if not np.isin(sp_app, (GROW, KEEP, LESS)).all():
            raise ValueError("people.appetite must be GROW, KEEP or LESS")
    if _sorted_unique(sp_person * n_skills + sp_skill).shape[0] != n_e:
        raise ValueError("people lists a skill twice for the same person")

    # Explicit zeros ("wants to learn, level 0") must survive, so build from sorted triplets.
    order = np.lexsort((sp_skill, sp_person))
    ptr = np.zeros(n_p + 1, dtype=np.int64)
    np.cumsum(np.bincount(sp_person, minlength=n_p), out=ptr[1:])
    levels = sp.csr_array(
        (sp_level[order].astype(np.int8), sp_skill[order].astype(np.int32), ptr),
        shape=(n_p, n_skills),
    )
    appetite = sp.csr_array(
        (sp_app[order].astype(np.int8), sp_skill[order].astype(np.int32), ptr),
        shape=(n_p, n_skills),
    )
    opp_table = requirement_table(opportunities.requirements, n_skills, "opportunities")
    n_o = opp_table.n_rows
    # Keys of popular skills come first, so blocks can split hot (dense) from cold (sparse) keys.
    skill_rank = np.empty(n_skills, np.int64)
    skill_rank[np.argsort(-np.bincount(opp_table.skill, minlength=n_skills), kind="stable")] = (
        np.arange(n_skills)
    )
    n_hot = min(HOT_SKILLS, n_skills) * KEYS_PER_SKILL
    e_person = sp_person[order]
    e_skill = sp_skill[order]
    e_level = sp_level[order]

    role_table = (
        requirement_table(roles.requirements, n_skills, "roles") if roles is not None else None
    )
    n_roles = role_table.n_rows if role_table is not None else 0
    role_level = _ints(roles.level) if roles is not None else np.zeros(0, np.int64)
    if roles is not None:
        _check_len("roles.level", role_level, n_roles)

    # Target roles grouped by person.
    t_person = _ints(people.target_person)
    t_role = _ints(people.target_role, t_person.shape[0])
    _check_len("people.target_role", t_role, t_person.shape[0])
    if t_person.size:
        if role_table is None:
            raise ValueError("target roles given without roles")
        if t_role.min() < 0 or t_role.max() >= n_roles:
            raise ValueError("people.target_role out of range")
        if t_person.min() < 0 or t_person.max() >= n_p:
            raise ValueError("people.target_person out of range")
    t_order = np.lexsort((t_role, t_person))
    t_person, t_role = t_person[t_order], t_role[t_order]
    target_ptr = np.zeros(n_p + 1, dtype=np.int64)
    np.cumsum(np.bincount(t_person, minlength=n_p), out=target_ptr[1:])
    has_target = np.diff(target_ptr) > 0

    shares = np.empty((n_p, 3), dtype=np.float64)
    shares[:] = (GROWTH_WANT, GROWTH_STRETCH, GROWTH_TARGET)
    no_target_total = GROWTH_WANT + GROWTH_STRETCH
    shares[~has_target] = (GROWTH_WANT / no_target_total, GROWTH_STRETCH / no_target_total, 0.0)

    # Person-side key values: readiness credit min(l, m) / m for each minimum m, and growth value
    # h(s, m) = want + stretch (m == l + 1) + target gap, zero for skills to use less.
    m_vals = np.arange(1, MAX_LEVEL + 1, dtype=np.int64)
    held = e_level >= 1
    r_rows = np.repeat(e_person[held], MAX_LEVEL)
    r_keys = (skill_rank[e_skill[held]] * KEYS_PER_SKILL)[:, None] + (m_vals - 1)[None, :]
    r_vals = np.minimum(e_level[held][:, None], m_vals[None, :]) / m_vals[None, :]
    person_r = _key_matrix(n_p, r_rows, r_keys.reshape(-1), r_vals.reshape(-1), n_keys)

    gap_person, gap_skill = _target_gaps(levels, appetite, role_table, target_ptr, t_role, n_skills)
    gap_mark = sp.csr_array(
        (np.ones(gap_person.shape[0], np.float64), (gap_person, gap_skill)),
        shape=(n_p, n_skills),
    )
    # Every skill with any growth signal: held/listed skills plus target-gap skills.
    all_person = np.concatenate([e_person, gap_person])
    all_skill = np.concatenate([e_skill, gap_skill])
    pair_key = _sorted_unique(all_person * n_skills + all_skill)
    g_person = pair_key // n_skills
    g_skill = pair_key % n_skills
    g_level = lookup(levels, g_person, g_skill).astype(np.int64)
    g_app = lookup(appetite, g_person, g_skill).astype(np.int64)
    g_gap = lookup(gap_mark, g_person, g_skill) > 0
    sh = shares[g_person]
    base = sh[:, 0] * (g_app == GROW) + sh[:, 2] * g_gap
    stretch = (g_level[:, None] >= 1) & (m_vals[None, :] == g_level[:, None] + 1)
    g_vals = base[:, None] + sh[:, 1][:, None] * stretch
    g_vals[g_app == LESS] = 0.0
    g_rows = np.repeat(g_person, MAX_LEVEL)
    g_keys = (skill_rank[g_skill] * KEYS_PER_SKILL)[:, None] + (m_vals - 1)[None, :]
    person_g = _key_matrix(n_p, g_rows, g_keys.reshape(-1), g_vals.reshape(-1), n_keys)

    alpha, grow_w = _requirement_coefficients(opp_table)
    o_rows = np.repeat(np.arange(n_o), np.diff(opp_table.ptr))
    o_keys = skill_rank[opp_table.skill] * KEYS_PER_SKILL + opp_table.min_level - 1
    opp_r = _key_matrix(n_o, o_rows, o_keys, alpha, n_keys)
    opp_g = _key_matrix(n_o, o_rows, o_keys, grow_w, n_keys)
    opp_r_csc, opp_g_csc = opp_r.tocsc(), opp_g.tocsc()

    unit = _ints(people.unit, n_p, 0)
    _check_len("people.unit", unit, n_p)
    ex_opp = _ints(opportunities.excluded_opp)
    ex_unit = _ints(opportunities.excluded_unit, ex_opp.shape[0])
    _check_len("opportunities.excluded_unit", ex_unit, ex_opp.shape[0])
    n_units = int(max(unit.max(initial=-1), ex_unit.max(initial=-1)) + 1)
    if unit.size and unit.min() < 0:
        raise ValueError("people.unit must be non-negative")
    excluded = sp.csr_array(
        (np.ones(ex_opp.shape[0], np.int8), (ex_opp, ex_unit)), shape=(n_o, max(n_units, 1))
    )
    excluded.sum_duplicates()

    tag_person = _ints(people.tag_person)
    tag = _ints(people.tag, tag_person.shape[0])
    _check_len("people.tag", tag, tag_person.shape[0])
    n_tags = int(tag.max(initial=-1) + 1)
    tags = sp.csr_array(
        (np.ones(tag_person.shape[0], np.float32), (tag_person, tag)), shape=(n_p, max(n_tags, 1))
    )
    tags.sum_duplicates()
    tags.data[:] = 1.0

    current_role = _ints(people.current_role, n_p, -1)
    _check_len("people.current_role", current_role, n_p)
    if current_role.size and (current_role.min() < -1 or current_role.max() >= n_roles):
        raise ValueError("people.current_role out of range (-1 for none)")

    capacity = _ints(opportunities.capacity, n_o, 1)
    i_person = _ints(interest_person)
    i_opp = _ints(interest_opp, i_person.shape[0])
    _check_len("interest_opp", i_opp, i_person.shape[0])
    if i_person.size and (
        i_person.min() < 0 or i_person.max() >= n_p or i_opp.min() < 0 or i_opp.max() >= n_o
    ):
        raise ValueError("interest out of range")
    state = EngineState(
        n_people=n_p,
        n_opps=n_o,
        n_skills=n_skills,
        n_units=max(n_units, 1),
        levels=levels,
        appetite=appetite,
        person_r=_float32(person_r),
        person_g=_float32(person_g),
        person_r_csc=person_r.tocsc(),
        person_g_csc=person_g.tocsc(),
        opp_r=_float32(opp_r),
        opp_g=_float32(opp_g),
        opp_r_csc=opp_r_csc,
        opp_g_csc=opp_g_csc,
        n_hot_keys=n_hot,
        opps=opp_table,
        roles=role_table,
        role_level=role_level,
        target_ptr=target_ptr,
        target_role=t_role,
        growth_shares=shares,
        unit=unit,
        hours_available=_floats(people.hours_available, n_p, np.inf),
        location=_ints(people.location, n_p, -1),
        remote_ok=_bools(people.remote_ok, n_p, True),
        months_in_role=_floats(people.months_in_role, n_p, np.inf),
        opted_in=_bools(people.opted_in, n_p, True),
        capacity=capacity,
        hours_needed=_floats(opportunities.hours_needed, n_o, 0.0),
        opp_location=_ints(opportunities.location, n_o, -1),
        remote_allowed=_bools(opportunities.remote_allowed, n_o, True),
        min_months=_floats(opportunities.min_months_in_role, n_o, 0.0),
        excluded=excluded,
        excluded_csc=excluded.tocsc(),
        tags=tags,
        interest_person=i_person,
        interest_opp=i_opp,
        current_role=current_role,
        levels_csc=levels.tocsc(),
        opp_rg_csc=_stacked(opp_r_csc, opp_g_csc),
    )
    checks: tuple[tuple[str, NDArray[Any], int], ...] = (
        ("people.hours_available", state.hours_available, n_p),
        ("people.location", state.location, n_p),
        ("people.remote_ok", state.remote_ok, n_p),
        ("people.months_in_role", state.months_in_role, n_p),
        ("people.opted_in", state.opted_in, n_p),
        ("opportunities.capacity", state.capacity, n_o),
        ("opportunities.hours_needed", state.hours_needed, n_o),
        ("opportunities.location", state.opp_location, n_o),
        ("opportunities.remote_allowed", state.remote_allowed, n_o),
        ("opportunities.min_months_in_role", state.min_months, n_o),
    )
    for name, arr, n in checks:
        _check_len(name, arr, n)
    if capacity.size and capacity.min() < 0:
        raise ValueError("opportunities.capacity must be non-negative")
    return state


def _target_gaps(
    levels: sp.csr_array,
    appetite: sp.csr_array,
    roles: RequirementTable | None,
    target_ptr: IntArray,
    target_role: IntArray,
    n_skills: int,
) -> tuple[IntArray, IntArray]:
    """(person, skill) pairs where the person is below a target role's minimum level.

    Skills the person wants to use less are left out: they are not growth for that person.
    """
    if roles is None or target_role.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_p = target_ptr.shape[0] - 1
    t_person = np.repeat(np.arange(n_p), np.diff(target_ptr))
    lens = np.diff(roles.ptr)[target_role]
    starts = roles.ptr[target_role]
    entry = _ranges(starts, lens)
    person = np.repeat(t_person, lens)
    skill = roles.skill[entry]
    need = roles.min_level[entry]
    have = lookup(levels, person, skill).astype(np.int64)
    app = lookup(appetite, person, skill).astype(np.int64)
    gap = (have < need) & (app != LESS)
    key = _sorted_unique(person[gap] * n_skills + skill[gap])
    return key // n_skills, key % n_skills


def _sorted_unique(values: IntArray) -> IntArray:
    """Sorted distinct values (numpy's hash-based unique is slower on large integer arrays)."""
    ordered = np.sort(values)
    if ordered.shape[0] == 0:
        return ordered
    keep = np.empty(ordered.shape[0], np.bool_)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _ranges(starts: IntArray, lens: IntArray) -> IntArray:
    """Concatenation of ``arange(start, start + len)`` for each pair, without a Python loop."""
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
    return offsets + np.arange(total, dtype=np.int64)


def lookup(matrix: sp.csr_array, rows: IntArray, cols: IntArray) -> NDArray[np.float64]:
    """Values of a CSR matrix with sorted indices at (rows[i], cols[i]); 0 where absent."""
    n_cols = matrix.shape[1]
    entry_rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    keys = entry_rows * n_cols + matrix.indices.astype(np.int64)
    want = np.asarray(rows, np.int64) * n_cols + np.asarray(cols, np.int64)
    pos = np.searchsorted(keys, want)
    pos_c = np.minimum(pos, max(keys.shape[0] - 1, 0))
    found = (
        (pos < keys.shape[0]) & (keys[pos_c] == want)
        if keys.size
        else np.zeros(want.shape[0], np.bool_)
    )
    out = np.zeros(want.shape[0], np.float64)
    if keys.size:
        out[found] = matrix.data[pos_c[found]]
    return out
