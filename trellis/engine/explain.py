"""Why a person and an opportunity match: the content users see instead of a bare number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trellis.engine.data import GROW, LESS, NICE_BONUS, EngineState
from trellis.engine.scoring import (
    combine,
    credit,
    failed_constraint,
    growth_shares,
    growth_term,
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


def explain(
    state: EngineState, person: int, opp: int, *, require_opt_in: bool = False
) -> Explanation:
    """The scores of one pair with every term that makes them up.

    The contributions add up to the figures: readiness = Σ requirement contributions, growth =
    Σ growth-skill contributions (up to float rounding).
    """
    skills = state.person_skills(person)
    gap_skills = target_gap_skills(state, person, skills)
    shares = growth_shares(state, person)
    sl = state.opps.row_slice(opp)
    req_skills = state.opps.skill[sl].tolist()
    mins = state.opps.min_level[sl].tolist()
    weights = state.opps.weight[sl].tolist()
    required = state.opps.required[sl].tolist()
    req_total = sum(w for w, r in zip(weights, required, strict=True) if r)
    nice_total = sum(w for w, r in zip(weights, required, strict=True) if not r)
    all_total = req_total + nice_total
    both = req_total > 0 and nice_total > 0
    matches: list[SkillMatch] = []
    grows: list[GrowthSkill] = []
    for s, m, w, req in zip(req_skills, mins, weights, required, strict=True):
        level, appetite = skills.get(s, (0, 0))
        c = credit(level, m)
        if req:
            coef = w / req_total / ((1.0 + NICE_BONUS) if both else 1.0)
        else:
            coef = w / nice_total * ((NICE_BONUS / (1.0 + NICE_BONUS)) if both else 1.0)
        matches.append(
            SkillMatch(
                skill=s,
                status=_status(level, m),
                level=level,
                min_level=m,
                weight=w,
                required=req,
                credit=c,
                contribution=coef * c,
            )
        )
        in_gap = s in gap_skills
        h = growth_term(level, appetite, in_gap, m, shares)
        if h > 0:
            reasons: list[GrowthReason] = []
            if appetite == GROW:
                reasons.append("wants_to_grow")
            if level >= 1 and m == level + 1:
                reasons.append("stretch")
            if in_gap and shares[2] > 0:
                reasons.append("target_gap")
            grows.append(
                GrowthSkill(
                    skill=s,
                    reasons=tuple(reasons),
                    level=level,
                    min_level=m,
                    contribution=w / all_total * h,
                )
            )
    targets: list[TargetRoleContribution] = []
    roles = state.roles
    if roles is not None:
        listed = set(req_skills)
        for r in state.targets_of(person):
            rsl = roles.row_slice(r)
            gap = []
            gap_weight = 0.0
            exercised_weight = 0.0
            exercised = []
            for s, m, w in zip(
                roles.skill[rsl].tolist(),
                roles.min_level[rsl].tolist(),
                roles.weight[rsl].tolist(),
                strict=True,
            ):
                level, appetite = skills.get(s, (0, 0))
                if level < m and appetite != LESS:
                    gap.append(s)
                    gap_weight += w
                    if s in listed:
                        exercised.append(s)
                        exercised_weight += w
            targets.append(
                TargetRoleContribution(
                    role=r,
                    gap_skills=tuple(gap),
                    exercised=tuple(exercised),
                    share_of_gap=exercised_weight / gap_weight if gap_weight else 0.0,
                )
            )
    readiness = sum(m.contribution for m in matches)
    growth = sum(g.contribution for g in grows)
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
