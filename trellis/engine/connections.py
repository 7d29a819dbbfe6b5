"""People to talk to: colleagues who hold the skills someone is missing or the role they aim for.

A person closing a gap learns fastest from people who already do the thing. Given the skills of
interest (usually the person's gaps to a target role) and optionally the target roles, every
other person gets a *connection score*, and people in another unit come first: a conversation
across teams also widens the person's network, which a chat with a teammate does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trellis.engine.arrays import BoolArray, FloatArray, IntArray
from trellis.engine.data import MAX_LEVEL, EngineState
from trellis.engine.scoring import target_gap_skills
from trellis.engine.topk import select_top

# Weight of holding a target role against the skills part (whose weight is 1).
ROLE_BONUS: Final = 0.5
# Other-unit people are ranked on scores shifted by this much, so they come before any teammate.
_OTHER_UNIT_SHIFT: Final = 2.0


@dataclass(frozen=True)
class HeldSkill:
    """A skill of interest the contact holds: their level, the asking person's level, and its
    part of the contact's ``skill_score``."""

    skill: int
    level: int
    your_level: int
    contribution: float


@dataclass(frozen=True)
class Connection:
    """One person worth talking to, with why.

    ``skills`` lists the skills of interest they hold (level ≥ 1), highest level first;
    ``role`` is the role they hold now (-1 if unknown) and ``holds_target_role`` whether it is
    one of the asking person's target roles; ``same_unit`` whether they share the asker's unit.
    """

    person: int
    score: float
    skill_score: float
    skills: tuple[HeldSkill, ...]
    role: int
    holds_target_role: bool
    same_unit: bool
    unit: int


def connection_scores(
    state: EngineState,
    skills: ArrayLike,
    target_roles: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Connection score of every person for the given skills and target roles, in [0, 1].

    Includes: the skills part, the mean over the distinct skills of interest of
    ``level / 5`` (a skill held at 5 counts fully, at 1 a fifth, not held 0); and, when target
    roles are given, a role part of 1 for holding one of them now (0 otherwise). Score =
    ``(skills part + 0.5 × role part) / 1.5`` when both kinds of interest are given, the one
    part alone when only one is, all zeros when neither is.

    Excludes: the unit (it orders the list, see :func:`people_to_talk_to`, but never changes the
    score), appetite (someone who wants to use a skill less still knows it), skills outside
    the list, the asking person's own levels, opt-in and visibility (the caller's mask).

    Returns the scores, the skills part and the role flag, one entry per person.
    """
    cols = _distinct(skills)
    roles = _distinct(target_roles if target_roles is not None else [])
    skill_part, holds = _parts(state, cols, roles)
    return _combined(cols, roles, skill_part, holds), skill_part, holds


def _parts(state: EngineState, cols: IntArray, roles: IntArray) -> tuple[FloatArray, BoolArray]:
    """Everyone's skills part and role flag (see :func:`connection_scores`)."""
    n = state.n_people
    if cols.size and (cols.min() < 0 or cols.max() >= state.n_skills):
        raise ValueError("skills out of range")
    n_roles = state.roles.n_rows if state.roles is not None else 0
    if roles.size and (roles.min() < 0 or roles.max() >= n_roles):
        raise ValueError("target_roles out of range")
    skill_part = np.zeros(n)
    if cols.size:
        levels = state.levels_csc if state.levels_csc is not None else state.levels.tocsc()
        sub = levels[:, cols]
        skill_part = np.bincount(sub.indices, weights=sub.data.astype(np.float64), minlength=n) / (
            MAX_LEVEL * cols.size
        )
    holds = np.zeros(n, np.bool_)
    if roles.size and state.current_role.shape[0] == n:
        holds = np.isin(state.current_role, roles)
    return skill_part, holds


def _combined(
    cols: IntArray, roles: IntArray, skill_part: FloatArray, holds: BoolArray
) -> FloatArray:
    """The score from its two parts, weighed by which kinds of interest were given."""
    w_skill = 1.0 if cols.size else 0.0
    w_role = ROLE_BONUS if roles.size else 0.0
    total = w_skill + w_role
    if total == 0:
        return np.zeros(skill_part.shape[0])
    return (w_skill * skill_part + w_role * holds) / total


def people_to_talk_to(
    state: EngineState,
    person: int,
    skills: ArrayLike | None = None,
    *,
    target_roles: ArrayLike | None = None,
    k: int = 10,
    allowed: ArrayLike | None = None,
) -> list[Connection]:
    """The k people ``person`` would gain most from talking to, with reasons.

    ``skills`` are the skill indices of interest and ``target_roles`` the role indices the
    person aims for; when both are None they come from the state: the person's target roles
    and their gap skills to them (see :func:`connection_scores` for the score). ``allowed`` is
    a boolean mask of people who may be named (e.g. those who opted in and are visible to the
    asker); everyone else, the person themself and anyone scoring 0 are never listed.

    Order: people in another unit first, then by score (highest first), ties to the lower
    index (scores compared on the same grid as every other ranking of the engine).
    """
    if skills is None and target_roles is None:
        target_roles = state.targets_of(person)
        skills = sorted(target_gap_skills(state, person))
    cols = _distinct(skills if skills is not None else [])
    roles = _distinct(target_roles if target_roles is not None else [])
    skill_part, holds = _parts(state, cols, roles)
    # Only someone holding a skill of interest or a target role can score above 0: the
    # masks and the ranking run over them, not over everyone.
    among = np.flatnonzero((skill_part > 0) | holds)
    skill_part, holds = skill_part[among], holds[among]
    score = _combined(cols, roles, skill_part, holds)
    eligible = (score > 0) & (among != person)
    if allowed is not None:
        mask = np.asarray(allowed, np.bool_).reshape(-1)
        if mask.shape[0] != state.n_people:
            raise ValueError(f"allowed has {mask.shape[0]} entries, expected {state.n_people}")
        eligible &= mask[among]
    other = state.unit[among] != state.unit[person]
    ranked = np.where(eligible, score + _OTHER_UNIT_SHIFT * other, 0.0)
    # ``among`` is ascending, so the lower position is the lower person: the same tie rule.
    best = select_top(ranked, k)
    mine = state.person_skills(person)
    unit = int(state.unit[person])
    return [
        _describe(state, int(among[b]), cols, mine, score[b], skill_part[b], holds[b], unit)
        for b in best.tolist()
    ]


def _describe(
    state: EngineState,
    q: int,
    cols: IntArray,
    mine: dict[int, tuple[int, int]],
    score: float,
    skill_part: float,
    holds: bool,
    unit: int,
) -> Connection:
    theirs = state.person_skills(q)
    denom = MAX_LEVEL * max(cols.size, 1)
    held = [
        HeldSkill(
            skill=s,
            level=theirs[s][0],
            your_level=mine.get(s, (0, 0))[0],
            contribution=theirs[s][0] / denom,
        )
        for s in cols.tolist()
        if theirs.get(s, (0, 0))[0] >= 1
    ]
    held.sort(key=lambda h: (-h.level, h.skill))
    role = int(state.current_role[q]) if state.current_role.shape[0] == state.n_people else -1
    return Connection(
        person=q,
        score=float(score),
        skill_score=float(skill_part),
        skills=tuple(held),
        role=role,
        holds_target_role=bool(holds),
        same_unit=int(state.unit[q]) == unit,
        unit=int(state.unit[q]),
    )


def _distinct(values: ArrayLike) -> NDArray[np.int64]:
    return np.unique(np.asarray(values, np.int64).reshape(-1))
