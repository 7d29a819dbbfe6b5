"""Why a person and an opportunity match: the content users see instead of a bare number."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from trellis.engine.arrays import ranges
from trellis.engine.data import GROW, LESS, NICE_BONUS, EngineState
from trellis.engine.scoring import (
    combine,
    failed_constraint,
    growth_shares,
    target_gap_skills,
)

SkillStatus = Literal["met", "partial", "missing"]
GrowthReason = Literal["wants_to_grow", "stretch", "target_gap"]


@dataclass(frozen=True)
class SkillMatch:
    """One requirement against the person: ``contribution`` is its part of readiness."""

    skill: int
    status: SkillStatus
    level: int
    min_level: int
    weight: float
    required: bool
    credit: float
    contribution: float


@dataclass(frozen=True)
class GrowthSkill:
    """A listed skill that counts as growth for the person, with why and its part of growth."""

    skill: int
    reasons: tuple[GrowthReason, ...]
    level: int
    min_level: int
    contribution: float


@dataclass(frozen=True)
class TargetRoleContribution:
    """The opportunity's skills that close part of the person's gap to a target role."""

    role: int
    gap_skills: tuple[int, ...]
    exercised: tuple[int, ...]
    share_of_gap: float


@dataclass(frozen=True)
class Explanation:
    person: int
    opportunity: int
    readiness: float
    growth: float
    mutual_value: float
    failed_constraint: str | None
    requirements: tuple[SkillMatch, ...]
    growth_skills: tuple[GrowthSkill, ...]
    target_roles: tuple[TargetRoleContribution, ...]

    @property
    def met(self) -> tuple[SkillMatch, ...]:
        return tuple(m for m in self.requirements if m.status == "met")

    @property
    def partial(self) -> tuple[SkillMatch, ...]:
        return tuple(m for m in self.requirements if m.status == "partial")

    @property
    def missing(self) -> tuple[SkillMatch, ...]:
        return tuple(m for m in self.requirements if m.status == "missing")


def _status(level: int, min_level: int) -> SkillStatus:
    if level >= min_level:
        return "met"
    if level > 0:
        return "partial"
    return "missing"


@dataclass(frozen=True)
class _PersonSide:
    """What every explanation of one person shares, computed once per person."""

    skills: dict[int, tuple[int, int]]
    gap_skills: set[int]
    shares: tuple[float, float, float]
    # Per target role: (role, gap skills with their weights in the role's order, total weight).
    targets: tuple[tuple[int, tuple[tuple[int, float], ...], float], ...]


def _person_side(state: EngineState, person: int) -> _PersonSide:
    skills = state.person_skills(person)
    targets: list[tuple[int, tuple[tuple[int, float], ...], float]] = []
    roles = state.roles
    if roles is not None:
        for r in state.targets_of(person):
            rsl = roles.row_slice(r)
            gap: list[tuple[int, float]] = []
            gap_weight = 0.0
            for s, m, w in zip(
                roles.skill[rsl].tolist(),
                roles.min_level[rsl].tolist(),
                roles.weight[rsl].tolist(),
                strict=True,
            ):
                level, appetite = skills.get(s, (0, 0))
                if level < m and appetite != LESS:
                    gap.append((s, w))
                    gap_weight += w
            targets.append((r, tuple(gap), gap_weight))
    return _PersonSide(
        skills=skills,
        gap_skills=target_gap_skills(state, person, skills),
        shares=growth_shares(state, person),
        targets=tuple(targets),
    )


def _growth_value(
    shares: tuple[float, float, float], level: int, appetite: int, m: int, in_gap: bool
) -> tuple[float, list[GrowthReason]]:
    """Growth value of one requirement and its reasons: the same terms in the same order as
    scoring.growth_term."""
    want, stretch_share, target_share = shares
    h = 0.0
    reasons: list[GrowthReason] = []
    if appetite == GROW:
        h += want
        reasons.append("wants_to_grow")
    if level >= 1 and m == level + 1:
        h += stretch_share
        reasons.append("stretch")
    if in_gap:
        h += target_share
        if target_share > 0:
            reasons.append("target_gap")
    return h, reasons


def _target_contributions(side: _PersonSide, req_skills: list[int]) -> list[TargetRoleContribution]:
    """For each target role: its gap skills and the share of the gap this opportunity exercises."""
    targets: list[TargetRoleContribution] = []
    if not side.targets:
        return targets
    listed = set(req_skills)
    for r, gap, gap_weight in side.targets:
        exercised: list[int] = []
        exercised_weight = 0.0
        for s, w in gap:
            if s in listed:
                exercised.append(s)
                exercised_weight += w
        targets.append(
            TargetRoleContribution(
                role=r,
                gap_skills=tuple(s for s, _ in gap),
                exercised=tuple(exercised),
                share_of_gap=exercised_weight / gap_weight if gap_weight else 0.0,
            )
        )
    return targets


def _explain_one(
    state: EngineState,
    side: _PersonSide,
    person: int,
    opp: int,
    require_opt_in: bool,
    rows: tuple[list[int], list[int], list[float], list[bool]] | None = None,
) -> Explanation:
    """One explanation; ``rows`` are the opportunity's requirement lists when already fetched."""
    skills, gap_skills, shares = side.skills, side.gap_skills, side.shares
    if rows is None:
        lo, hi = int(state.opps.ptr[opp]), int(state.opps.ptr[opp + 1])
        rows = (
            state.opps.skill[lo:hi].tolist(),
            state.opps.min_level[lo:hi].tolist(),
            state.opps.weight[lo:hi].tolist(),
            state.opps.required[lo:hi].tolist(),
        )
    req_skills, mins, weights, required = rows
    # Left-to-right sums from 0, as sum() adds them.
    req_total = nice_total = 0.0
    for w, req in zip(weights, required, strict=True):
        if req:
            req_total += w
        else:
            nice_total += w
    all_total = req_total + nice_total
    both = req_total > 0 and nice_total > 0
    req_scale = (1.0 + NICE_BONUS) if both else 1.0
    nice_scale = (NICE_BONUS / (1.0 + NICE_BONUS)) if both else 1.0
    matches: list[SkillMatch] = []
    grows: list[GrowthSkill] = []
    readiness = growth = 0.0
    no_skill = (0, 0)
    for s, m, w, req in zip(req_skills, mins, weights, required, strict=True):
        level, appetite = skills.get(s, no_skill)
        c = min(level, m) / m
        coef = w / req_total / req_scale if req else w / nice_total * nice_scale
        status: SkillStatus = "met" if level >= m else ("partial" if level > 0 else "missing")
        contribution = coef * c
        readiness += contribution
        matches.append(SkillMatch(s, status, level, m, w, req, c, contribution))
        if appetite == LESS:
            continue
        h, reasons = _growth_value(shares, level, appetite, m, s in gap_skills)
        if h > 0:
            part = w / all_total * h
            growth += part
            grows.append(GrowthSkill(s, tuple(reasons), level, m, part))
    targets = _target_contributions(side, req_skills)
    failed = failed_constraint(state, person, opp, require_opt_in=require_opt_in)
    return Explanation(
        person=person,
        opportunity=opp,
        readiness=readiness,
        growth=growth,
        mutual_value=0.0 if failed is not None else combine(readiness, growth),
        failed_constraint=failed,
        requirements=tuple(matches),
        growth_skills=tuple(grows),
        target_roles=tuple(targets),
    )


def explain(
    state: EngineState, person: int, opp: int, *, require_opt_in: bool = False
) -> Explanation:
    """The scores of one pair with every term that makes them up.

    The contributions add up to the figures: readiness = Σ requirement contributions, growth =
    Σ growth-skill contributions (up to float rounding).
    """
    return _explain_one(state, _person_side(state, person), person, opp, require_opt_in)


def explain_many(
    state: EngineState, person: int, opps: Iterable[int], *, require_opt_in: bool = False
) -> list[Explanation]:
    """:func:`explain` for one person and several opportunities, in the order given.

    Identical content; what depends only on the person (their skills, target-role gaps and
    growth shares) is looked up once instead of once per opportunity.
    """
    side = _person_side(state, person)
    opp_list = [int(o) for o in opps]
    table = state.opps
    starts = table.ptr[opp_list]
    lens = table.ptr[np.asarray(opp_list, np.int64) + 1] - starts
    entry = ranges(starts, lens)
    skill, mins = table.skill[entry].tolist(), table.min_level[entry].tolist()
    weight, required = table.weight[entry].tolist(), table.required[entry].tolist()
    out: list[Explanation] = []
    lo = 0
    for o, n in zip(opp_list, lens.tolist(), strict=True):
        hi = lo + n
        rows = (skill[lo:hi], mins[lo:hi], weight[lo:hi], required[lo:hi])
        out.append(_explain_one(state, side, person, o, require_opt_in, rows))
        lo = hi
    return out
