"""Readiness, growth and mutual value of a person for an opportunity.

Each figure has a plain single-pair function (the definition, used for explanations and as the
reference in tests) and vectorised forms (one person against every opportunity, one opportunity
against every person, a block of people against every opportunity) that compute the same
numbers as sparse products over (skill, minimum level) keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from trellis.engine.arrays import BoolArray, FloatArray, IntArray, ranges
from trellis.engine.data import GROW, LESS, NICE_BONUS, EngineState

# Mutual value = readiness × (BASE + TILT × growth): readiness gates, growth tilts.
MUTUAL_BASE: Final = 0.6
MUTUAL_TILT: Final = 0.4

# Ranking compares scores on a 2^-20 grid so that two computations of the same score (float32
# blocks, float64 single queries) tie and fall back to the index, deterministically.
RANK_SCALE: Final = float(2**20)
# Scores within one grid step of the k-th best are kept as candidates, so a tie on the grid can
# never be decided by which side of a float boundary a value fell on.
GRID_STEP: Final = 1.0 / RANK_SCALE

CONSTRAINTS: Final = (
    "closed",
    "not_opted_in",
    "unit_excluded",
    "hours",
    "location",
    "months_in_role",
)


@dataclass(frozen=True)
class PairScore:
    readiness: float
    growth: float
    mutual_value: float
    failed_constraint: str | None


def credit(level: int, min_level: int) -> float:
    """Credit of one requirement: 1 when met, level / minimum when below, 0 when missing."""
    return min(level, min_level) / min_level


def readiness(state: EngineState, person: int, opp: int) -> float:
    """How well the person's skills meet the opportunity's requirements, in [0, 1].

    Includes: every requirement of the opportunity, weighted by importance. A required skill
    earns ``min(level, minimum) / minimum`` (full credit when met, linear partial credit below,
    none when missing). Core = weighted mean over required skills; nice = weighted mean over
    nice-to-have skills. Readiness = ``(core + 0.25 × nice) / 1.25`` when both kinds exist (so
    nice-to-have skills add a bonus bounded by a fifth of the figure), ``core`` when there are
    no nice-to-have skills, ``nice`` when there are only nice-to-have skills, 0 when the
    opportunity lists no skills.

    Excludes: constraints (hours, location, eligibility, capacity: see :func:`pair_score`),
    appetite, target roles and skills the opportunity does not list (a person's extra skills
    neither help nor hurt).
    """
    skills = state.person_skills(person)
    sl = state.opps.row_slice(opp)
    core_num = core_den = nice_num = nice_den = 0.0
    for s, m, w, req in zip(
        state.opps.skill[sl].tolist(),
        state.opps.min_level[sl].tolist(),
        state.opps.weight[sl].tolist(),
        state.opps.required[sl].tolist(),
        strict=True,
    ):
        c = credit(skills.get(s, (0, 0))[0], m)
        if req:
            core_num += w * c
            core_den += w
        else:
            nice_num += w * c
            nice_den += w
    if core_den and nice_den:
        return (core_num / core_den + NICE_BONUS * nice_num / nice_den) / (1.0 + NICE_BONUS)
    if core_den:
        return core_num / core_den
    if nice_den:
        return nice_num / nice_den
    return 0.0


def growth_term(
    level: int, appetite: int, in_gap: bool, min_level: int, shares: tuple[float, float, float]
) -> float:
    """The growth value h of exercising one skill at ``min_level`` (see :func:`growth`)."""
    if appetite == LESS:
        return 0.0
    h = 0.0
    if appetite == GROW:
        h += shares[0]
    if level >= 1 and min_level == level + 1:
        h += shares[1]
    if in_gap:
        h += shares[2]
    return h


def growth_shares(state: EngineState, person: int) -> tuple[float, float, float]:
    want, stretch, target = state.growth_shares[person].tolist()
    return (want, stretch, target)


def target_gap_skills(
    state: EngineState, person: int, skills: dict[int, tuple[int, int]] | None = None
) -> set[int]:
    """Skills where the person is below the minimum of one of their target roles (not 'less')."""
    roles = state.roles
    if roles is None:
        return set()
    if skills is None:
        skills = state.person_skills(person)
    gap: set[int] = set()
    for r in state.targets_of(person):
        sl = roles.row_slice(r)
        for s, m in zip(roles.skill[sl].tolist(), roles.min_level[sl].tolist(), strict=True):
            level, appetite = skills.get(s, (0, 0))
            if level < m and appetite != LESS:
                gap.add(s)
    return gap


def growth(state: EngineState, person: int, opp: int) -> float:
    """How much the opportunity moves the person where they want to go, in [0, 1].

    Includes, for each skill the opportunity lists (required or nice-to-have), its share of the
    opportunity's total importance times the person's growth value h, where h adds up:
    0.5 if the person marked the skill "wants to grow"; 0.25 if it is a stretch (the person has
    it at exactly one level below the minimum); 0.25 if it is a gap to one of the person's
    target roles (below the role's minimum). For people without a target role the shares become
    2/3 and 1/3 so the figure still reaches 1.

    Excludes: skills the person wants to use less (h = 0 even if they are a stretch or a gap),
    skills the opportunity does not list, readiness and constraints.
    """
    sl = state.opps.row_slice(opp)
    weights = state.opps.weight[sl]
    total = float(weights.sum())
    if total <= 0:
        return 0.0
    skills = state.person_skills(person)
    gap = target_gap_skills(state, person, skills)
    shares = growth_shares(state, person)
    value = 0.0
    for s, m, w in zip(
        state.opps.skill[sl].tolist(),
        state.opps.min_level[sl].tolist(),
        weights.tolist(),
        strict=True,
    ):
        level, appetite = skills.get(s, (0, 0))
        value += w / total * growth_term(level, appetite, s in gap, m, shares)
    return value


def combine(readiness_value: float, growth_figure: float) -> float:
    """Mutual value from its two sides (before constraints): readiness × (0.6 + 0.4 × growth)."""
    return readiness_value * (MUTUAL_BASE + MUTUAL_TILT * growth_figure)


def failed_constraint(
    state: EngineState, person: int, opp: int, *, require_opt_in: bool = False
) -> str | None:
    """The first hard constraint the pair fails, in the order of ``CONSTRAINTS``, or None."""
    if state.capacity[opp] <= 0:
        return "closed"
    if require_opt_in and not state.opted_in[person]:
        return "not_opted_in"
    ex = state.excluded
    if int(state.unit[person]) in ex.indices[ex.indptr[opp] : ex.indptr[opp + 1]].tolist():
        return "unit_excluded"
    if state.hours_needed[opp] > state.hours_available[person]:
        return "hours"
    loc = int(state.opp_location[opp])
    if (
        loc >= 0
        and int(state.location[person]) != loc
        and not (state.remote_allowed[opp] and state.remote_ok[person])
    ):
        return "location"
    if state.months_in_role[person] < state.min_months[opp]:
        return "months_in_role"
    return None


def pair_score(
    state: EngineState, person: int, opp: int, *, require_opt_in: bool = False
) -> PairScore:
    """Readiness, growth and mutual value of one pair.

    Mutual value = readiness × (0.6 + 0.4 × growth), and 0 when a hard constraint fails
    (opportunity closed, person not opted in when the owner is looking, the person's unit is
    excluded, not enough hours, wrong location without remote on both sides, too few months in
    the current role). Readiness and growth are reported as computed even when a constraint
    fails, so the explanation can show what would have matched.
    """
    r = readiness(state, person, opp)
    g = growth(state, person, opp)
    failed = failed_constraint(state, person, opp, require_opt_in=require_opt_in)
    mv = 0.0 if failed is not None else combine(r, g)
    return PairScore(readiness=r, growth=g, mutual_value=mv, failed_constraint=failed)


# --- vectorised forms -------------------------------------------------------------------------


def _gather_dot(
    matrix: sp.csc_array, keys: NDArray[np.int32], values: NDArray[np.float32], n_out: int
) -> FloatArray:
    """``matrix[:, keys] @ values``: SciPy extracts only the needed columns, in C."""
    if keys.size == 0:
        return np.zeros(n_out)
    return np.asarray(matrix[:, keys] @ values.astype(np.float64), np.float64)


def person_ok(state: EngineState, person: int, *, require_opt_in: bool = False) -> BoolArray:
    """Opportunities whose hard constraints this person passes (bool per opportunity)."""
    ok = state.capacity > 0
    if require_opt_in and not state.opted_in[person]:
        return np.zeros(state.n_opps, np.bool_)
    ok &= state.hours_needed <= state.hours_available[person]
    ok &= (
        (state.opp_location < 0)
        | (state.opp_location == state.location[person])
        | (state.remote_allowed & state.remote_ok[person])
    )
    ok &= state.min_months <= state.months_in_role[person]
    unit = int(state.unit[person])
    if unit < state.excluded_csc.shape[1]:
        col = state.excluded_csc
        ok[col.indices[col.indptr[unit] : col.indptr[unit + 1]]] = False
    return ok


def opportunity_ok(state: EngineState, opp: int, *, require_opt_in: bool = True) -> BoolArray:
    """People who pass this opportunity's hard constraints (bool per person)."""
    if state.capacity[opp] <= 0:
        return np.zeros(state.n_people, np.bool_)
    ok = state.hours_available >= state.hours_needed[opp]
    loc = int(state.opp_location[opp])
    if loc >= 0:
        ok &= (state.location == loc) | (bool(state.remote_allowed[opp]) & state.remote_ok)
    ok &= state.months_in_role >= state.min_months[opp]
    row = state.excluded
    units = row.indices[row.indptr[opp] : row.indptr[opp + 1]]
    if units.size:
        barred = np.zeros(state.n_units, np.bool_)
        barred[units] = True
        ok &= ~barred[state.unit]
    if require_opt_in:
        ok &= state.opted_in
    return np.asarray(ok, dtype=np.bool_)


@dataclass(frozen=True)
class ConstraintProfiles:
    """People grouped by constraint profile, with one pass/fail column per profile.

    Two people with the same location, remote acceptance, opt-in and the same position among
    the opportunities' distinct hours and months thresholds pass exactly the same
    opportunities, so a block of one profile needs a single mask column (unit exclusions,
    which are per unit, are applied on top).
    """

    person_profile: IntArray
    ok: BoolArray


def constraint_profiles(
    state: EngineState, people: IntArray, *, require_opt_in: bool
) -> ConstraintProfiles:
    hours_cuts = np.unique(state.hours_needed)
    months_cuts = np.unique(state.min_months)
    hours_rank = np.searchsorted(hours_cuts, state.hours_available[people], side="right")
    months_rank = np.searchsorted(months_cuts, state.months_in_role[people], side="right")
    opted = state.opted_in[people] | (not require_opt_in)
    loc = state.location[people]
    fields = np.stack(
        [loc, state.remote_ok[people], hours_rank, months_rank, opted], axis=1
    ).astype(np.int64)
    profiles, inverse = np.unique(fields, axis=0, return_inverse=True)
    p_loc, p_remote, p_hours, p_months, p_opted = (profiles[:, i] for i in range(5))
    # A profile's representative hours/months: the largest threshold it reaches (or -inf).
    rep_hours = np.where(p_hours > 0, hours_cuts[np.maximum(p_hours - 1, 0)], -np.inf)
    rep_months = np.where(p_months > 0, months_cuts[np.maximum(p_months - 1, 0)], -np.inf)
    opp_loc = state.opp_location[:, None]
    ok = (
        (state.capacity > 0)[:, None]
        & (state.hours_needed[:, None] <= rep_hours[None, :])
        & (state.min_months[:, None] <= rep_months[None, :])
        & (
            (opp_loc < 0)
            | (opp_loc == p_loc[None, :])
            | (state.remote_allowed[:, None] & (p_remote[None, :] > 0))
        )
        & (p_opted[None, :] > 0)
    )
    return ConstraintProfiles(person_profile=inverse.reshape(-1).astype(np.int64), ok=ok)


def exclude_units(state: EngineState, people: IntArray, ok: NDArray[np.generic]) -> None:
    """Zero the (opportunity, person) cells of ``ok`` (opportunities × people) barred by unit."""
    if not state.excluded.nnz:
        return
    col = state.excluded_csc
    units = state.unit[people]
    local = np.flatnonzero(units < col.shape[1])
    starts = col.indptr[units[local]].astype(np.int64)
    lens = col.indptr[units[local] + 1].astype(np.int64) - starts
    entry = ranges(starts, lens)
    ok[col.indices[entry], np.repeat(local, lens)] = 0


def block_ok(state: EngineState, people: IntArray, *, require_opt_in: bool) -> BoolArray:
    """Constraint mask for a block: opportunities × people (bool)."""
    prof = constraint_profiles(state, people, require_opt_in=require_opt_in)
    ok = prof.ok[:, prof.person_profile]
    exclude_units(state, people, ok)
    return ok


@dataclass(frozen=True)
class ScoreVectors:
    """Scores of one person against every opportunity, or one opportunity against every person."""

    readiness: FloatArray
    growth: FloatArray
    mutual_value: FloatArray
    ok: BoolArray


def score_person(state: EngineState, person: int, *, require_opt_in: bool = False) -> ScoreVectors:
    """Readiness, growth and mutual value of one person for every opportunity (see pair_score).

    Sums of the person's key values times the opportunities' coefficients, added in key order
    (float64); the figures include and exclude what :func:`pair_score` says.
    """
    pr, pg = state.person_r, state.person_g
    r_lo, r_hi = pr.indptr[person], pr.indptr[person + 1]
    g_lo, g_hi = pg.indptr[person], pg.indptr[person + 1]
    if state.opp_rg_csc is not None:
        # One gather on the stacked copy: the same sums, half the per-call overhead.
        n_keys = pr.shape[1]
        keys = np.concatenate([pr.indices[r_lo:r_hi], pg.indices[g_lo:g_hi] + np.int32(n_keys)])
        values = np.concatenate([pr.data[r_lo:r_hi], pg.data[g_lo:g_hi]])
        both = _gather_dot(state.opp_rg_csc, keys, values, 2 * state.n_opps)
        r, g = both[: state.n_opps], both[state.n_opps :]
    else:
        r = _gather_dot(state.opp_r_csc, pr.indices[r_lo:r_hi], pr.data[r_lo:r_hi], state.n_opps)
        g = _gather_dot(state.opp_g_csc, pg.indices[g_lo:g_hi], pg.data[g_lo:g_hi], state.n_opps)
    ok = person_ok(state, person, require_opt_in=require_opt_in)
    mv = np.where(ok, r * (MUTUAL_BASE + MUTUAL_TILT * g), 0.0)
    return ScoreVectors(readiness=r, growth=g, mutual_value=mv, ok=ok)


def score_opportunity(state: EngineState, opp: int, *, require_opt_in: bool = True) -> ScoreVectors:
    """Readiness, growth and mutual value of every person for one opportunity (see pair_score).

    By default only people who opted in to the marketplace pass (owners never see the others).
    """
    lo, hi = state.opp_r.indptr[opp], state.opp_r.indptr[opp + 1]
    r = _gather_dot(
        state.person_r_csc, state.opp_r.indices[lo:hi], state.opp_r.data[lo:hi], state.n_people
    )
    lo, hi = state.opp_g.indptr[opp], state.opp_g.indptr[opp + 1]
    g = _gather_dot(
        state.person_g_csc, state.opp_g.indices[lo:hi], state.opp_g.data[lo:hi], state.n_people
    )
    ok = opportunity_ok(state, opp, require_opt_in=require_opt_in)
    mv = np.where(ok, r * (MUTUAL_BASE + MUTUAL_TILT * g), 0.0)
    return ScoreVectors(readiness=r, growth=g, mutual_value=mv, ok=ok)


def score_block(
    state: EngineState, people: IntArray, *, require_opt_in: bool = False
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Readiness and mutual value of a block of people, as float32 (people × opportunities).

    The opportunity side is the sparse operand and the block's key values the dense one: the
    products then touch each requirement once per person and release the GIL, so blocks can be
    scored on several threads.
    """
    dense_r = state.person_r[people].T.toarray()
    r = (state.opp_r @ dense_r).T
    dense_g = state.person_g[people].T.toarray()
    g = (state.opp_g @ dense_g).T
    ok = block_ok(state, people, require_opt_in=require_opt_in).T
    mv = r * (np.float32(MUTUAL_TILT) * g + np.float32(MUTUAL_BASE))
    mv[~ok] = 0.0
    return np.ascontiguousarray(r, dtype=np.float32), np.ascontiguousarray(mv, np.float32)


def rank_keys(scores: NDArray[np.floating]) -> NDArray[np.int64]:
    """Scores on the ranking grid (higher is better), as integers."""
    return np.floor(np.asarray(scores, np.float64) * RANK_SCALE + 0.5).astype(np.int64)
