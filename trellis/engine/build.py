"""Building the engine's state from the fetch step's plain arrays, one builder per table.

Each builder validates its inputs (raising ValueError with the field's name) and returns the
arrays of one part of :class:`~trellis.engine.data.EngineState`; :func:`build_state` calls
them in turn and assembles the state.
"""

from __future__ import annotations

from typing import Any, Final, TypedDict

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from trellis.engine.arrays import (
    BoolArray,
    FloatArray,
    IntArray,
    as_bools,
    as_floats,
    as_ints,
    check_len,
    row_ptr,
    sorted_unique,
)
from trellis.engine.data import (
    GROW,
    GROWTH_STRETCH,
    GROWTH_TARGET,
    GROWTH_WANT,
    KEEP,
    KEYS_PER_SKILL,
    LESS,
    MAX_LEVEL,
    EngineState,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RequirementTable,
    RolesInput,
)
from trellis.engine.keys import (
    float32_copy,
    opportunity_keys,
    person_growth_keys,
    person_readiness_keys,
    skill_rank,
    stacked,
    target_gaps,
)


def requirement_table(req: Requirements, n_skills: int, what: str) -> RequirementTable:
    """Validate requirements and group them by row, keeping the input order within a row."""
    row = as_ints(req.row)
    skill = as_ints(req.skill)
    n = row.shape[0]
    min_level = as_ints(req.min_level)
    weight = as_floats(req.weight, n, 1.0)
    required = as_bools(req.required, n, True)
    for name, arr in (("skill", skill), ("min_level", min_level), ("weight", weight)):
        check_len(f"{what}.{name}", arr, n)
    check_len(f"{what}.required", required, n)
    if n and (row.min() < 0 or row.max() >= req.n_rows):
        raise ValueError(f"{what}.row out of range")
    if n and (skill.min() < 0 or skill.max() >= n_skills):
        raise ValueError(f"{what}.skill out of range")
    if n and (min_level.min() < 1 or min_level.max() > MAX_LEVEL):
        raise ValueError(f"{what}.min_level must be an integer from 1 to {MAX_LEVEL}")
    if n and not (np.all(np.isfinite(weight)) and weight.min() > 0):
        raise ValueError(f"{what}.weight must be positive")
    pair = row * n_skills + skill
    if sorted_unique(pair).shape[0] != n:
        raise ValueError(f"{what} lists a skill twice for the same row")
    order = np.argsort(row, kind="stable")
    return RequirementTable(
        n_rows=req.n_rows,
        ptr=row_ptr(row, req.n_rows),
        skill=skill[order],
        min_level=min_level[order],
        weight=weight[order],
        required=required[order],
    )


def person_skills(people: PeopleInput, n_skills: int) -> tuple[sp.csr_array, sp.csr_array]:
    """People × skills levels and appetites (int8 CSR, same sparsity, sorted indices).

    Explicit zeros ("wants to learn, level 0") are kept: the matrices are built from sorted
    triplets, never from a sum.
    """
    n_p = people.n_people
    sp_person = as_ints(people.skill_person)
    sp_skill = as_ints(people.skill)
    sp_level = as_ints(people.level)
    n_e = sp_person.shape[0]
    sp_app = as_ints(people.appetite, n_e, KEEP)
    for name, arr in (("skill", sp_skill), ("level", sp_level), ("appetite", sp_app)):
        check_len(f"people.{name}", arr, n_e)
    if n_e:
        if sp_person.min() < 0 or sp_person.max() >= n_p:
            raise ValueError("people.skill_person out of range")
        if sp_skill.min() < 0 or sp_skill.max() >= n_skills:
            raise ValueError("people.skill out of range")
        if sp_level.min() < 0 or sp_level.max() > MAX_LEVEL:
            raise ValueError(f"people.level must be an integer from 0 to {MAX_LEVEL}")
        if not np.isin(sp_app, (GROW, KEEP, LESS)).all():
            raise ValueError("people.appetite must be GROW, KEEP or LESS")
    if sorted_unique(sp_person * n_skills + sp_skill).shape[0] != n_e:
        raise ValueError("people lists a skill twice for the same person")
    order = np.lexsort((sp_skill, sp_person))
    ptr = row_ptr(sp_person, n_p)
    skills = sp_skill[order].astype(np.int32)
    levels = sp.csr_array((sp_level[order].astype(np.int8), skills, ptr), shape=(n_p, n_skills))
    appetite = sp.csr_array((sp_app[order].astype(np.int8), skills, ptr), shape=(n_p, n_skills))
    return levels, appetite


def role_table(roles: RolesInput | None, n_skills: int) -> tuple[RequirementTable | None, IntArray]:
    """The roles' requirements and levels (None and an empty array without roles)."""
    if roles is None:
        return None, np.zeros(0, np.int64)
    table = requirement_table(roles.requirements, n_skills, "roles")
    level = as_ints(roles.level)
    check_len("roles.level", level, table.n_rows)
    return table, level


def target_roles(people: PeopleInput, roles: RequirementTable | None) -> tuple[IntArray, IntArray]:
    """Target roles grouped by person: (ptr over people, role per entry, sorted by person)."""
    n_p = people.n_people
    t_person = as_ints(people.target_person)
    t_role = as_ints(people.target_role, t_person.shape[0])
    check_len("people.target_role", t_role, t_person.shape[0])
    if t_person.size:
        if roles is None:
            raise ValueError("target roles given without roles")
        if t_role.min() < 0 or t_role.max() >= roles.n_rows:
            raise ValueError("people.target_role out of range")
        if t_person.min() < 0 or t_person.max() >= n_p:
            raise ValueError("people.target_person out of range")
    t_order = np.lexsort((t_role, t_person))
    t_person, t_role = t_person[t_order], t_role[t_order]
    return row_ptr(t_person, n_p), t_role


def growth_shares(target_ptr: IntArray) -> FloatArray:
    """Per person (want, stretch, target) shares; renormalised for people without a target."""
    n_p = target_ptr.shape[0] - 1
    has_target = np.diff(target_ptr) > 0
    shares = np.empty((n_p, 3), dtype=np.float64)
    shares[:] = (GROWTH_WANT, GROWTH_STRETCH, GROWTH_TARGET)
    no_target_total = GROWTH_WANT + GROWTH_STRETCH
    shares[~has_target] = (GROWTH_WANT / no_target_total, GROWTH_STRETCH / no_target_total, 0.0)
    return shares


def unit_exclusions(
    people: PeopleInput, opportunities: OpportunitiesInput, n_opps: int
) -> tuple[IntArray, sp.csr_array]:
    """Each person's unit and the opportunities × units matrix of barred units (int8 CSR)."""
    n_p = people.n_people
    unit = as_ints(people.unit, n_p, 0)
    check_len("people.unit", unit, n_p)
    ex_opp = as_ints(opportunities.excluded_opp)
    ex_unit = as_ints(opportunities.excluded_unit, ex_opp.shape[0])
    check_len("opportunities.excluded_unit", ex_unit, ex_opp.shape[0])
    n_units = int(max(unit.max(initial=-1), ex_unit.max(initial=-1)) + 1)
    if unit.size and unit.min() < 0:
        raise ValueError("people.unit must be non-negative")
    excluded = sp.csr_array(
        (np.ones(ex_opp.shape[0], np.int8), (ex_opp, ex_unit)), shape=(n_opps, max(n_units, 1))
    )
    excluded.sum_duplicates()
    return unit, excluded


def interest_tags(people: PeopleInput) -> sp.csr_array:
    """People × tags, 1.0 (float32) where the person lists the tag."""
    tag_person = as_ints(people.tag_person)
    tag = as_ints(people.tag, tag_person.shape[0])
    check_len("people.tag", tag, tag_person.shape[0])
    n_tags = int(tag.max(initial=-1) + 1)
    tags = sp.csr_array(
        (np.ones(tag_person.shape[0], np.float32), (tag_person, tag)),
        shape=(people.n_people, max(n_tags, 1)),
    )
    tags.sum_duplicates()
    tags.data[:] = 1.0
    return tags


def current_roles(people: PeopleInput, n_roles: int) -> IntArray:
    """The role each person holds now (-1 for none)."""
    current = as_ints(people.current_role, people.n_people, -1)
    check_len("people.current_role", current, people.n_people)
    if current.size and (current.min() < -1 or current.max() >= n_roles):
        raise ValueError("people.current_role out of range (-1 for none)")
    return current


def interests(
    person: ArrayLike | None, opp: ArrayLike | None, n_people: int, n_opps: int
) -> tuple[IntArray, IntArray]:
    """Expressed interests as parallel (person, opportunity) arrays, range-checked."""
    i_person = as_ints(person)
    i_opp = as_ints(opp, i_person.shape[0])
    check_len("interest_opp", i_opp, i_person.shape[0])
    if i_person.size and (
        i_person.min() < 0 or i_person.max() >= n_people or i_opp.min() < 0 or i_opp.max() >= n_opps
    ):
        raise ValueError("interest out of range")
    return i_person, i_opp


_CONSTRAINT_LABELS: Final = (
    "people.hours_available",
    "people.location",
    "people.remote_ok",
    "people.months_in_role",
    "people.opted_in",
    "opportunities.capacity",
    "opportunities.hours_needed",
    "opportunities.location",
    "opportunities.remote_allowed",
    "opportunities.min_months_in_role",
)
# The first five labels are per person, the rest per opportunity.
_PEOPLE_FIELDS: Final = 5


class _RowConstraints(TypedDict):
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


def row_constraints(
    people: PeopleInput, opportunities: OpportunitiesInput, n_opps: int
) -> _RowConstraints:
    """Per-person and per-opportunity constraint arrays, defaults filled in, lengths checked.

    Defaults mean "no constraint": unlimited hours and months in role, unknown location,
    remote acceptable, opted in; one seat, no hours needed, anywhere, no minimum months.
    """
    n_p = people.n_people
    out = _RowConstraints(
        hours_available=as_floats(people.hours_available, n_p, np.inf),
        location=as_ints(people.location, n_p, -1),
        remote_ok=as_bools(people.remote_ok, n_p, True),
        months_in_role=as_floats(people.months_in_role, n_p, np.inf),
        opted_in=as_bools(people.opted_in, n_p, True),
        capacity=as_ints(opportunities.capacity, n_opps, 1),
        hours_needed=as_floats(opportunities.hours_needed, n_opps, 0.0),
        opp_location=as_ints(opportunities.location, n_opps, -1),
        remote_allowed=as_bools(opportunities.remote_allowed, n_opps, True),
        min_months=as_floats(opportunities.min_months_in_role, n_opps, 0.0),
    )
    arrays: list[NDArray[Any]] = [out["hours_available"], out["location"], out["remote_ok"]]
    arrays += [out["months_in_role"], out["opted_in"], out["capacity"], out["hours_needed"]]
    arrays += [out["opp_location"], out["remote_allowed"], out["min_months"]]
    for i, (label, arr) in enumerate(zip(_CONSTRAINT_LABELS, arrays, strict=True)):
        check_len(label, arr, n_p if i < _PEOPLE_FIELDS else n_opps)
    if out["capacity"].size and out["capacity"].min() < 0:
        raise ValueError("opportunities.capacity must be non-negative")
    return out


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
    levels, appetite = person_skills(people, n_skills)
    opps = requirement_table(opportunities.requirements, n_skills, "opportunities")
    rank, n_hot = skill_rank(opps, n_skills)
    roles_table, role_level = role_table(roles, n_skills)
    n_roles = roles_table.n_rows if roles_table is not None else 0
    target_ptr, t_role = target_roles(people, roles_table)
    shares = growth_shares(target_ptr)
    person = np.repeat(np.arange(n_p, dtype=np.int64), np.diff(levels.indptr))
    person_r = person_readiness_keys(
        n_p, person, levels.indices.astype(np.int64), levels.data.astype(np.int64), rank, n_keys
    )
    gaps = target_gaps(levels, appetite, roles_table, target_ptr, t_role)
    person_g = person_growth_keys(levels, appetite, gaps, shares, rank)
    opp_r, opp_g = opportunity_keys(opps, rank, n_keys)
    opp_r_csc, opp_g_csc = opp_r.tocsc(), opp_g.tocsc()
    unit, excluded = unit_exclusions(people, opportunities, opps.n_rows)
    tags = interest_tags(people)
    current = current_roles(people, n_roles)
    i_person, i_opp = interests(interest_person, interest_opp, n_p, opps.n_rows)
    per_row = row_constraints(people, opportunities, opps.n_rows)
    return EngineState(
        n_people=n_p,
        n_opps=opps.n_rows,
        n_skills=n_skills,
        n_units=excluded.shape[1],
        levels=levels,
        appetite=appetite,
        person_r=float32_copy(person_r),
        person_g=float32_copy(person_g),
        person_r_csc=person_r.tocsc(),
        person_g_csc=person_g.tocsc(),
        opp_r=float32_copy(opp_r),
        opp_g=float32_copy(opp_g),
        opp_r_csc=opp_r_csc,
        opp_g_csc=opp_g_csc,
        n_hot_keys=n_hot,
        opps=opps,
        roles=roles_table,
        role_level=role_level,
        target_ptr=target_ptr,
        target_role=t_role,
        growth_shares=shares,
        unit=unit,
        excluded=excluded,
        excluded_csc=excluded.tocsc(),
        tags=tags,
        interest_person=i_person,
        interest_opp=i_opp,
        current_role=current,
        levels_csc=levels.tocsc(),
        opp_rg_csc=stacked(opp_r_csc, opp_g_csc),
        **per_row,
    )
