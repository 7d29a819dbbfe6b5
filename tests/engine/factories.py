"""Small random engine instances for tests (deterministic for a given seed)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from trellis.engine.build import build_state
from trellis.engine.data import (
    EngineState,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
)


def instance_kwargs(
    seed: int,
    *,
    n_people: int = 6,
    n_opps: int = 4,
    n_skills: int = 6,
    n_roles: int = 2,
    constraints: bool = True,
) -> dict[str, Any]:
    """Keyword arguments for build_state: random skills, requirements, targets, constraints."""
    rng = np.random.default_rng(seed)
    per_person = rng.integers(0, n_skills + 1, n_people)
    sp_person, sp_skill = [], []
    for p in range(n_people):
        skills = rng.choice(n_skills, int(per_person[p]), replace=False)
        sp_person += [p] * len(skills)
        sp_skill += skills.tolist()
    n_e = len(sp_person)
    r_row, r_skill = [], []
    for o in range(n_opps):
        skills = rng.choice(n_skills, int(rng.integers(1, n_skills + 1)), replace=False)
        r_row += [o] * len(skills)
        r_skill += skills.tolist()
    n_r = len(r_row)
    role_row, role_skill = [], []
    for r in range(n_roles):
        skills = rng.choice(n_skills, int(rng.integers(1, n_skills + 1)), replace=False)
        role_row += [r] * len(skills)
        role_skill += skills.tolist()
    has_target = rng.random(n_people) < 0.5 if n_roles else np.zeros(n_people, bool)
    people = PeopleInput(
        n_people=n_people,
        skill_person=np.array(sp_person, np.int64),
        skill=np.array(sp_skill, np.int64),
        level=rng.integers(0, 6, n_e),
        appetite=rng.choice([-1, 0, 1], n_e),
        unit=rng.integers(0, 3, n_people),
        hours_available=rng.choice([4.0, 8.0, 40.0], n_people) if constraints else None,
        location=rng.integers(0, 3, n_people) if constraints else None,
        remote_ok=rng.random(n_people) < 0.5 if constraints else None,
        months_in_role=rng.integers(0, 24, n_people).astype(float) if constraints else None,
        opted_in=rng.random(n_people) < 0.8 if constraints else None,
        target_person=np.flatnonzero(has_target),
        target_role=rng.integers(0, max(n_roles, 1), int(has_target.sum())),
        tag_person=rng.integers(0, n_people, n_people),
        tag=rng.integers(0, 3, n_people),
    )
    opportunities = OpportunitiesInput(
        requirements=Requirements(
            n_rows=n_opps,
            row=np.array(r_row, np.int64),
            skill=np.array(r_skill, np.int64),
            min_level=rng.integers(1, 6, n_r),
            weight=rng.integers(1, 4, n_r).astype(float),
            required=rng.random(n_r) < 0.7,
        ),
        capacity=rng.integers(0 if constraints else 1, 3, n_opps),
        hours_needed=rng.choice([0.0, 4.0, 8.0], n_opps) if constraints else None,
        location=rng.integers(-1, 3, n_opps) if constraints else None,
        remote_allowed=rng.random(n_opps) < 0.5 if constraints else None,
        min_months_in_role=rng.choice([0.0, 6.0, 12.0], n_opps) if constraints else None,
        excluded_opp=np.arange(n_opps) if constraints else None,
        excluded_unit=rng.integers(0, 3, n_opps) if constraints else None,
    )
    roles = RolesInput(
        requirements=Requirements(
            n_rows=n_roles,
            row=np.array(role_row, np.int64),
            skill=np.array(role_skill, np.int64),
            min_level=rng.integers(1, 6, len(role_row)),
            weight=rng.integers(1, 4, len(role_row)).astype(float),
        ),
        level=rng.integers(1, 4, n_roles),
    )
    # Current roles from a second stream, so the draws above stay as they were.
    extra = np.random.default_rng([seed, 1])
    current = np.where(
        extra.random(n_people) < 0.6, extra.integers(0, max(n_roles, 1), n_people), -1
    )
    people = dataclasses.replace(people, current_role=current if n_roles else None)
    return {
        "n_skills": n_skills,
        "people": people,
        "opportunities": opportunities,
        "roles": roles,
    }


def random_state(seed: int, **sizes: Any) -> EngineState:
    return build_state(**instance_kwargs(seed, **sizes))
