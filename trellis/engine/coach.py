"""Rules a careers coach would sign, applied to one person's scores ("For you").

The scores (:func:`trellis.engine.scoring.score_person`) say how ready a person is for each
opportunity and how much it would grow them; they do not say whether a coach would put it in
front of the person. :func:`place` decides that for every opportunity at once, with the rule
that decided it, so the page can name it:

Never shown (``HIDDEN``), whatever the scores:

* ``same_role`` — an open role the person already holds (a role has one level, so it is the
  same role at the same level);
* ``step_back`` — an open role at a lower level than the person's, unless their mobility
  preferences ask for it: it moves them to the track they said they prefer (a switch of track
  often starts a level lower), or it is one of their target roles;
* ``shadow_own`` — job shadowing of the person's own role;
* ``shadow_exceeded`` — shadowing of a role the person already exceeds: a lower level in the
  family of their own role, or a role whose every requirement they meet at its level;
* ``guide_below`` — an offer to mentor others (or to be shadowed) when the person is below
  the asked level on any skill it lists: "mentor others in X" is for people strong in X;
* ``no_wish`` — an offer to be mentored in skills the person neither marked "grow" nor needs
  for a target role (or already holds at the level it teaches); shadowing that would grow
  nothing the person wants and is not of a target role;
* ``no_value`` — nothing to rank it by (readiness 0 for work, growth 0 for learning).

Held back (``NEAR``, shown apart as near misses): ``under_floor`` — work (open roles,
projects, gigs, stretch assignments) whose readiness is under the floor of its kind. Open
roles need real readiness (a high floor) unless they close a gap to one of the person's target
roles — then the lower floor of growth kinds applies; the caller resolves the floors.

Everything else passing the hard constraints is ``PLACED``; a placed or held-back item that
fails a hard constraint (hours, location, months in role...) is ``BLOCKED`` instead.

The value a placed item is ranked by depends on who does what:

* work and offers to guide (``DO``, ``GUIDE``): the mutual value, readiness × (0.6 + 0.4 ×
  growth) — the organization needs someone ready;
* offers to learn (``LEARN``: be mentored, shadow someone): readiness is not asked of a
  learner, so the same formula runs on growth alone, growth × (0.6 + 0.4 × growth): an offer
  that grows only what the person wants ranks with a fully ready piece of work.

Everything here is O(requirements) per person with NumPy: no loop over opportunities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from trellis.engine.data import GROW, LESS, BoolArray, EngineState, FloatArray, IntArray
from trellis.engine.scoring import MUTUAL_BASE, MUTUAL_TILT, ScoreVectors, target_gap_skills

# Who the person taking an opportunity would be.
DO: Final = 0  # does the work (open role, project, gig, stretch)
LEARN: Final = 1  # learns from someone (is mentored, shadows)
GUIDE: Final = 2  # guides someone (mentors, is shadowed)

# Verdicts.
PLACED: Final = 0
NEAR: Final = 1
BLOCKED: Final = 2
HIDDEN: Final = 3

# Rules, by the code stored per opportunity.
RULES: Final = (
    "placed",
    "under_floor",
    "same_role",
    "step_back",
    "shadow_own",
    "shadow_exceeded",
    "guide_below",
    "no_wish",
    "no_value",
)
RULE: Final = {name: code for code, name in enumerate(RULES)}


@dataclass(frozen=True)
class Facts:
    """What the rules need about the opportunities and roles, one entry per index.

    ``floor`` is each opportunity's readiness floor and ``target_floor`` the lower floor that
    applies when it closes a gap to a target role; ``role`` the role an opening or a shadowing
    is of (-1 for none); ``role_family`` and ``role_track`` are per role.
    """

    mode: IntArray
    opening: BoolArray
    shadowing: BoolArray
    role: IntArray
    floor: FloatArray
    target_floor: FloatArray
    role_family: IntArray
    role_track: IntArray


@dataclass(frozen=True)
class Person:
    """The person's side: current role (-1 for none), level (0 unknown), preferred track
    (-1 for either)."""

    role: int
    level: int
    preferred_track: int = -1


@dataclass(frozen=True)
class Placement:
    """Per opportunity: verdict, rule code, the value placed items rank by, and whether the
    item closes a gap to a target role or is of a target role (for the explanation)."""

    verdict: NDArray[np.int8]
    rule: NDArray[np.int8]
    value: FloatArray
    closes_target_gap: BoolArray
    target_role: BoolArray


def _entry_rows(ptr: IntArray) -> IntArray:
    return np.repeat(np.arange(ptr.shape[0] - 1, dtype=np.int64), np.diff(ptr))


def _any_per_row(entry_hit: BoolArray, rows: IntArray, n_rows: int) -> BoolArray:
    return np.bincount(rows[entry_hit], minlength=n_rows)[:n_rows] > 0


def _person_dense(state: EngineState, person: int) -> tuple[IntArray, BoolArray, BoolArray]:
    """(level per skill, wants to grow per skill, target-role gap per skill)."""
    lo, hi = int(state.levels.indptr[person]), int(state.levels.indptr[person + 1])
    skills = state.levels.indices[lo:hi]
    level = np.zeros(state.n_skills, np.int64)
    level[skills] = state.levels.data[lo:hi]
    grow = np.zeros(state.n_skills, np.bool_)
    grow[skills[state.appetite.data[lo:hi] == GROW]] = True
    gap = np.zeros(state.n_skills, np.bool_)
    gap_list = sorted(target_gap_skills(state, person))
    if gap_list:
        gap[np.asarray(gap_list, np.int64)] = True
    less = np.zeros(state.n_skills, np.bool_)
    less[skills[state.appetite.data[lo:hi] == LESS]] = True
    return level, grow & ~less, gap


def exceeded_roles(state: EngineState, person: int, roles: IntArray, level: IntArray) -> BoolArray:
    """Per role in ``roles``: whether the person meets every one of its requirements at its
    level (a role without requirements is never exceeded this way)."""
    table = state.roles
    if table is None or roles.size == 0:
        return np.zeros(roles.shape[0], np.bool_)
    starts = table.ptr[roles]
    lens = table.ptr[roles + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(roles.shape[0], np.bool_)
    local = np.repeat(np.arange(roles.shape[0]), lens)
    entry = starts[local] + (np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens))
    unmet = level[table.skill[entry]] < table.min_level[entry]
    n_unmet = np.bincount(local[unmet], minlength=roles.shape[0])
    return np.asarray((lens > 0) & (n_unmet == 0), np.bool_)


def _shadow_rules(
    state: EngineState, person: int, who: Person, facts: Facts, level: IntArray
) -> tuple[BoolArray, BoolArray]:
    """(own role, exceeded role) per opportunity, for shadowing offers to learn."""
    n_o = state.n_opps
    own = np.zeros(n_o, np.bool_)
    exceeded = np.zeros(n_o, np.bool_)
    learn_shadow = facts.shadowing & (facts.mode == LEARN) & (facts.role >= 0)
    if not learn_shadow.any():
        return own, exceeded
    own = learn_shadow & (facts.role == who.role) & (who.role >= 0)
    roles = np.unique(facts.role[learn_shadow])
    over = exceeded_roles(state, person, roles, level)
    if who.role >= 0:
        family = facts.role_family[roles] == facts.role_family[who.role]
        my_level = who.level or int(state.role_level[who.role])
        over |= family & (state.role_level[roles] < my_level)
    exceeded_set = roles[over]
    exceeded = learn_shadow & np.isin(facts.role, exceeded_set) & ~own
    return own, exceeded


def place(
    state: EngineState,
    person: int,
    scores: ScoreVectors,
    facts: Facts,
    who: Person,
    *,
    candidates: BoolArray | None = None,
) -> Placement:
    """The coach's verdict on every opportunity for one person (see the module docstring).

    ``candidates`` masks out what the page filters away (and the person's own
    opportunities): those are ``HIDDEN`` with the rule ``no_value``.
    """
    n_o = state.n_opps
    level, grow, gap = _person_dense(state, person)
    table = state.opps
    rows = _entry_rows(table.ptr)
    below = level[table.skill] < table.min_level
    wish = _any_per_row((grow | gap)[table.skill] & below, rows, n_o)
    any_below = _any_per_row(below, rows, n_o)
    closes_gap = _any_per_row(gap[table.skill], rows, n_o)
    targets = np.asarray(state.targets_of(person), np.int64)
    is_target = (facts.role >= 0) & np.isin(facts.role, targets)
    closes_gap |= is_target

    r, g = scores.readiness, scores.growth
    tilt = MUTUAL_BASE + MUTUAL_TILT * g
    value = np.where(facts.mode == LEARN, g * tilt, r * tilt)
    rule = np.full(n_o, RULE["placed"], np.int8)

    def hide(mask: BoolArray, name: str) -> None:
        rule[(rule == RULE["placed"]) & mask] = RULE[name]

    opening = facts.opening & (facts.role >= 0)
    hide(opening & (facts.role == who.role) & (who.role >= 0), "same_role")
    if who.level > 0:
        role_level = np.where(facts.role >= 0, state.role_level[np.maximum(facts.role, 0)], 0)
        track = facts.role_track[np.maximum(facts.role, 0)]
        current_track = int(facts.role_track[who.role]) if who.role >= 0 else -1
        switch = (
            (who.preferred_track >= 0)
            & (track == who.preferred_track)
            & (current_track != who.preferred_track)
        )
        hide(opening & (role_level < who.level) & ~switch & ~is_target, "step_back")
    own, exceeded = _shadow_rules(state, person, who, facts, level)
    hide(own, "shadow_own")
    hide(exceeded, "shadow_exceeded")
    # Exact, not a readiness figure compared with 1: one level short must never pass.
    hide((facts.mode == GUIDE) & any_below, "guide_below")
    learn = facts.mode == LEARN
    hide(learn & ~facts.shadowing & ~wish, "no_wish")
    hide(learn & facts.shadowing & (g <= 0) & ~is_target, "no_wish")
    hide(value <= 0, "no_value")
    if candidates is not None:
        hide(~candidates, "no_value")

    floor = np.where(closes_gap, np.minimum(facts.floor, facts.target_floor), facts.floor)
    near = (rule == RULE["placed"]) & (facts.mode == DO) & (r < floor)
    rule[near] = RULE["under_floor"]

    verdict = np.full(n_o, HIDDEN, np.int8)
    verdict[rule == RULE["placed"]] = PLACED
    verdict[near] = NEAR
    verdict[(verdict != HIDDEN) & ~scores.ok] = BLOCKED
    value = np.where(verdict == PLACED, value, 0.0)
    return Placement(
        verdict=verdict, rule=rule, value=value, closes_target_gap=closes_gap, target_role=is_target
    )
