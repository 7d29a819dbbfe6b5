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
roles — then the lower floor of growth kinds applies; the caller resolves the floors. An
offer to learn is held back when its *growth* is under its floor: readiness is not asked of
a learner, but an offer that grows little of what the person wants is not worth their time.

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

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

from trellis.engine.arrays import BoolArray, FloatArray, IntArray, ranges
from trellis.engine.data import GROW, LESS, EngineState
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

    ``floor`` is each opportunity's floor — on readiness for work, on growth for offers to
    learn — and ``target_floor`` the lower readiness floor that applies to work when it
    closes a gap to a target role; ``role`` the role an opening or a shadowing
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
    # The opportunities' requirement rows (``state.opps.ptr``): entries of o are ptr[o]:ptr[o+1].
    requirement_ptr: IntArray
    # The requirement entries by skill (:func:`skill_index`); built on the fly when absent.
    index: SkillIndex | None = None
    groups: _Groups = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", _groups(self))


@dataclass(frozen=True)
class _Groups:
    """Indices of the opportunities each rule looks at, so a person's rules touch those
    only (most rules concern a few kinds)."""

    openings: IntArray  # open roles naming their role
    learn_shadow: IntArray  # shadowing to learn, naming its role
    learn_shadow_any: IntArray  # shadowing to learn, with or without a role
    learn_mentor: IntArray  # offers to be mentored
    guide: IntArray
    learn: IntArray
    do: BoolArray
    # The requirement entries of the offers to guide and to be mentored, with the position
    # of their opportunity in ``guide`` / ``learn_mentor``.
    guide_entries: tuple[IntArray, IntArray]
    mentor_entries: tuple[IntArray, IntArray]


def _group_entries(ptr: IntArray, opps: IntArray) -> tuple[IntArray, IntArray]:
    starts = ptr[opps]
    lens = ptr[opps + 1] - starts
    return ranges(starts, lens), np.repeat(np.arange(opps.shape[0], dtype=np.int64), lens)


def _groups(f: Facts) -> _Groups:
    named = f.role >= 0
    learn = f.mode == LEARN
    guide = np.flatnonzero(f.mode == GUIDE)
    learn_mentor = np.flatnonzero(learn & ~f.shadowing)
    return _Groups(
        openings=np.flatnonzero(f.opening & named),
        learn_shadow=np.flatnonzero(f.shadowing & learn & named),
        learn_shadow_any=np.flatnonzero(f.shadowing & learn),
        learn_mentor=learn_mentor,
        guide=guide,
        learn=np.flatnonzero(learn),
        do=f.mode == DO,
        guide_entries=_group_entries(f.requirement_ptr, guide),
        mentor_entries=_group_entries(f.requirement_ptr, learn_mentor),
    )


def _any_in_group(hit: BoolArray, local: IntArray, n: int) -> BoolArray:
    return np.bincount(local[hit], minlength=n) > 0


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


@dataclass(frozen=True)
class SkillIndex:
    """The opportunities' requirement entries grouped by skill, built once per state, so a
    person's rules touch only the entries of their own skills (a few hundred), not all."""

    entry_row: IntArray  # the opportunity of each requirement entry
    by_skill: IntArray  # entry ids, skill by skill
    skill_ptr: IntArray  # entries of skill s: by_skill[skill_ptr[s] : skill_ptr[s + 1]]
    n_entries: IntArray  # requirement entries per opportunity


def skill_index(state: EngineState) -> SkillIndex:
    table = state.opps
    entry_row = np.repeat(np.arange(state.n_opps, dtype=np.int64), np.diff(table.ptr))
    by_skill = np.argsort(table.skill, kind="stable").astype(np.int64)
    counts = np.bincount(table.skill, minlength=state.n_skills)
    skill_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return SkillIndex(entry_row, by_skill, skill_ptr, np.diff(table.ptr).astype(np.int64))


def _entries(index: SkillIndex, skills: IntArray) -> IntArray:
    """Requirement entries listing any of ``skills``."""
    if skills.size == 0:
        return np.zeros(0, np.int64)
    starts = index.skill_ptr[skills]
    return index.by_skill[ranges(starts, index.skill_ptr[skills + 1] - starts)]


def _rows_of(index: SkillIndex, entries: IntArray, n_rows: int) -> BoolArray:
    hit = np.zeros(n_rows, np.bool_)
    hit[index.entry_row[entries]] = True
    return hit


def _person_side(state: EngineState, person: int) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """(level per skill, the skills held, those marked "grow", the target-role gap skills)."""
    lo, hi = int(state.levels.indptr[person]), int(state.levels.indptr[person + 1])
    skills = state.levels.indices[lo:hi].astype(np.int64)
    level = np.zeros(state.n_skills, np.int64)
    level[skills] = state.levels.data[lo:hi]
    grow = skills[state.appetite.data[lo:hi] == GROW]
    gap = np.asarray(sorted(target_gap_skills(state, person)), np.int64)
    return level, skills, grow, gap


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


def _shadow_hidden(
    state: EngineState, person: int, who: Person, facts: Facts, level: IntArray
) -> tuple[IntArray, IntArray]:
    """(own role, exceeded role): opportunity indices of shadowing offers to learn."""
    idx = facts.groups.learn_shadow
    if idx.size == 0:
        return idx, idx
    roles_of = facts.role[idx]
    own = roles_of == who.role if who.role >= 0 else np.zeros(idx.shape[0], np.bool_)
    roles = np.unique(roles_of)
    over = exceeded_roles(state, person, roles, level)
    if who.role >= 0:
        family = facts.role_family[roles] == facts.role_family[who.role]
        my_level = who.level or int(state.role_level[who.role])
        over |= family & (state.role_level[roles] < my_level)
    exceeded = np.isin(roles_of, roles[over]) & ~own
    return idx[own], idx[exceeded]


@dataclass(frozen=True)
class _Side:
    """What the rules need about one person: levels per skill, which offers to guide ask a
    level they lack, which offers to be mentored teach something they want, which items close
    a gap to a target role or are of a target role."""

    level: IntArray
    guide_below: BoolArray  # per entry of ``groups.guide``
    wish: BoolArray  # per entry of ``groups.learn_mentor``
    closes_gap: BoolArray
    is_target: BoolArray


def _person_facts(state: EngineState, person: int, facts: Facts) -> _Side:
    n_o = state.n_opps
    groups = facts.groups
    index = facts.index or skill_index(state)
    table = state.opps
    level, _, grow, gap = _person_side(state, person)
    entries, local = groups.guide_entries
    below = level[table.skill[entries]] < table.min_level[entries]
    guide_below = _any_in_group(below, local, groups.guide.shape[0])
    entries, local = groups.mentor_entries
    wanted = np.zeros(state.n_skills, np.bool_)
    wanted[grow] = True
    wanted[gap] = True
    skills = table.skill[entries]
    wished = wanted[skills] & (level[skills] < table.min_level[entries])
    wish = _any_in_group(wished, local, groups.learn_mentor.shape[0])
    closes_gap = _rows_of(index, _entries(index, gap), n_o)
    targets = np.asarray(state.targets_of(person), np.int64)
    is_target = np.zeros(n_o, np.bool_)
    if targets.size:
        is_target = (facts.role >= 0) & np.isin(facts.role, targets)
        closes_gap |= is_target
    return _Side(level, guide_below, wish, closes_gap, is_target)


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
    groups = facts.groups
    side = _person_facts(state, person, facts)
    level, is_target = side.level, side.is_target

    r, g = scores.readiness, scores.growth
    tilt = MUTUAL_BASE + MUTUAL_TILT * g
    value = r * tilt
    value[groups.learn] = g[groups.learn] * tilt[groups.learn]
    rule = np.zeros(n_o, np.int8)  # RULE["placed"]

    def hide(idx: IntArray, name: str) -> None:
        rule[idx[rule[idx] == 0]] = RULE[name]

    opened = facts.role[groups.openings]
    if who.role >= 0:
        hide(groups.openings[opened == who.role], "same_role")
    if who.level > 0 and groups.openings.size:
        track = facts.role_track[opened]
        current_track = int(facts.role_track[who.role]) if who.role >= 0 else -1
        switch = (
            (who.preferred_track >= 0)
            & (track == who.preferred_track)
            & (current_track != who.preferred_track)
        )
        lower = state.role_level[opened] < who.level
        hide(groups.openings[lower & ~switch & ~is_target[groups.openings]], "step_back")
    own, exceeded = _shadow_hidden(state, person, who, facts, level)
    hide(own, "shadow_own")
    hide(exceeded, "shadow_exceeded")
    # Exact, not a readiness figure compared with 1: one level short must never pass.
    hide(groups.guide[side.guide_below], "guide_below")
    hide(groups.learn_mentor[~side.wish], "no_wish")
    shadow = groups.learn_shadow_any
    hide(shadow[(g[shadow] <= 0) & ~is_target[shadow]], "no_wish")
    dropped = value <= 0
    if candidates is not None:
        dropped |= ~candidates
    rule[dropped & (rule == 0)] = RULE["no_value"]

    floor = facts.floor
    if side.closes_gap.any():
        floor = np.where(side.closes_gap, np.minimum(floor, facts.target_floor), floor)
    placed = rule == 0
    near = placed & groups.do & (r < floor)
    learn = groups.learn
    near[learn] |= placed[learn] & (g[learn] < floor[learn])
    rule[near] = RULE["under_floor"]
    placed &= ~near

    verdict = np.full(n_o, HIDDEN, np.int8)
    verdict[placed] = PLACED
    verdict[near] = NEAR
    verdict[(placed | near) & ~scores.ok] = BLOCKED
    value[verdict != PLACED] = 0.0
    return Placement(
        verdict=verdict,
        rule=rule,
        value=value,
        closes_target_gap=side.closes_gap,
        target_role=is_target,
    )


def main_skills(state: EngineState, person: int, opps: list[int]) -> list[int]:
    """Per opportunity, its main skill for the person: the listed skill that grows them most
    (the terms of :func:`trellis.engine.scoring.growth`, by importance), or the most
    important listed skill when none grows them; ties to the lower skill index, -1 when the
    opportunity lists none."""
    if not opps:
        return []
    table = state.opps
    o = np.asarray(opps, np.int64)
    starts = table.ptr[o]
    lens = table.ptr[o + 1] - starts
    entry = ranges(starts, lens)
    local = np.repeat(np.arange(o.shape[0]), lens)
    skill, min_level, weight = table.skill[entry], table.min_level[entry], table.weight[entry]
    level, held, _, gap = _person_side(state, person)
    lo, hi = int(state.levels.indptr[person]), int(state.levels.indptr[person + 1])
    appetite = np.zeros(state.n_skills, np.int64)
    appetite[held] = state.appetite.data[lo:hi]
    in_gap = np.zeros(state.n_skills, np.bool_)
    in_gap[gap] = True
    want, stretch, target = state.growth_shares[person].tolist()
    lv, app = level[skill], appetite[skill]
    h = (
        (app == GROW) * want
        + ((lv >= 1) & (min_level == lv + 1)) * stretch
        + in_gap[skill] * target
    ) * (app != LESS)
    order = np.lexsort((skill, -weight, -(weight * h), local))
    first = np.ones(order.shape[0], np.bool_)
    first[1:] = local[order][1:] != local[order][:-1]
    out = np.full(o.shape[0], -1, np.int64)
    out[local[order][first]] = skill[order][first]
    return [int(x) for x in out.tolist()]


def verdict(
    state: EngineState, person: int, opp: int, facts: Facts, who: Person
) -> tuple[int, str]:
    """The verdict and rule of one pair: the plain definition :func:`place` vectorises (and
    a cheap check of a few pairs, e.g. a digest's short list). Same rules, same order."""
    from trellis.engine.scoring import growth, pair_score

    skills = state.person_skills(person)
    sl = state.opps.row_slice(opp)
    listed = list(
        zip(state.opps.skill[sl].tolist(), state.opps.min_level[sl].tolist(), strict=True)
    )
    level = {s: lv for s, (lv, _) in skills.items()}
    gap = target_gap_skills(state, person, skills)
    role, mode = int(facts.role[opp]), int(facts.mode[opp])
    is_target = role >= 0 and role in state.targets_of(person)
    score = pair_score(state, person, opp)
    g = growth(state, person, opp)
    rule = _first_rule(state, person, opp, facts, who, listed, level, gap, is_target, g)
    value = (g if mode == LEARN else score.readiness) * (MUTUAL_BASE + MUTUAL_TILT * g)
    if rule is None and value <= 0:
        rule = "no_value"
    if rule is not None:
        return HIDDEN, rule
    floor = float(facts.floor[opp])
    if is_target or any(s in gap for s, _ in listed):
        floor = min(floor, float(facts.target_floor[opp]))
    held_back = (mode == DO and score.readiness < floor) or (mode == LEARN and g < floor)
    if score.failed_constraint is not None:
        return BLOCKED, "under_floor" if held_back else "placed"
    return (NEAR, "under_floor") if held_back else (PLACED, "placed")


def _first_rule(
    state: EngineState,
    person: int,
    opp: int,
    facts: Facts,
    who: Person,
    listed: list[tuple[int, int]],
    level: dict[int, int],
    gap: set[int],
    is_target: bool,
    g: float,
) -> str | None:
    role, mode = int(facts.role[opp]), int(facts.mode[opp])
    if facts.opening[opp] and role >= 0:
        if role == who.role:
            return "same_role"
        current_track = int(facts.role_track[who.role]) if who.role >= 0 else -1
        track = int(facts.role_track[role])
        switch = who.preferred_track >= 0 and track == who.preferred_track != current_track
        lower = int(state.role_level[role]) < who.level
        if who.level > 0 and lower and not switch and not is_target:
            return "step_back"
    if facts.shadowing[opp] and mode == LEARN and role >= 0:
        if role == who.role:
            return "shadow_own"
        meets = exceeded_roles(state, person, np.array([role]), _dense(state, level))[0]
        same_family = who.role >= 0 and facts.role_family[role] == facts.role_family[who.role]
        my_level = who.level or (int(state.role_level[who.role]) if who.role >= 0 else 0)
        if meets or (same_family and int(state.role_level[role]) < my_level):
            return "shadow_exceeded"
    if mode == GUIDE and any(level.get(s, 0) < m for s, m in listed):
        return "guide_below"
    if mode == LEARN and not facts.shadowing[opp]:
        grow = {s for s, (_, a) in state.person_skills(person).items() if a == GROW}
        if not any((s in grow or s in gap) and level.get(s, 0) < m for s, m in listed):
            return "no_wish"
    if mode == LEARN and facts.shadowing[opp] and g <= 0 and not is_target:
        return "no_wish"
    return None


def _dense(state: EngineState, level: dict[int, int]) -> IntArray:
    out = np.zeros(state.n_skills, np.int64)
    for s, lv in level.items():
        out[s] = lv
    return out
