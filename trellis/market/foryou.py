"""What "For you" lists, in what order, and the rule that placed or held back each item.

The engine's scores say how ready a person is and how much an opportunity would grow them;
:mod:`trellis.engine.coach` turns them into a coach's verdict per opportunity (never shown,
held back as a near miss, placed, or blocked by a hard constraint). This module feeds it the
settings and what the person said, and orders the placed items:

* **Floors** (``TRELLIS_FORYOU_FLOOR_ROLE``, ``TRELLIS_FORYOU_FLOOR_GROWTH``, percent): open
  roles need real readiness (50 % by default); projects, gigs and stretch assignments exist
  for growth and ask less (20 %), and so does an open role that closes a gap to one of the
  person's target roles. Offers to learn (be mentored, shadow) ask no readiness but the
  growth floor on their growth; offers to guide (mentor others, be shadowed) ask every level
  in full. What is under its floor is listed apart as a near miss, never as filler.
* **What the person said**: skills marked "grow" and gaps to target roles are the engine's
  growth; on top, a placed item gains ``EXTRA_PER_REASON`` (at most ``EXTRA_MAX``) for each of
  the person's values its kind serves (:data:`VALUE_FITS`: opportunities state no values of
  their own, their kind does) and for each phrase of their interests or motivators found in
  its title or description. Only the profile sections the audience may read are used.
* **Variety**: a greedy re-rank keeps at most ``MAX_SAME_SKILL`` items whose main skill is
  the same, and ``MAX_SAME_UNIT`` from the same owning unit, in the first ``VARIETY_WINDOW``
  items; what it moves down follows, in value order. The main skill is the listed skill that
  grows the person most (the most important listed skill when none grows them).

Every placed or held-back item carries the sentence that names its rule (:func:`sentence`),
e.g. "Held back: readiness 12% is under the 50% floor for open roles." or "Shown because it
closes a gap to your target role: ...", and the further reasons for its rank
(:func:`extras`).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import numpy as np
from django.conf import settings

from trellis.engine import coach
from trellis.engine.explain import Explanation
from trellis.engine.topk import select_top
from trellis.market.fetch import MarketData, interest_tags
from trellis.market.models import Kind, Opportunity

if TYPE_CHECKING:
    from trellis.careers.models import CareerProfile
    from trellis.engine.scoring import ScoreVectors
    from trellis.org.models import Person

EXTRA_PER_REASON: Final = 0.05
EXTRA_MAX: Final = 0.1
VARIETY_WINDOW: Final = 10
MAX_SAME_SKILL: Final = 2
MAX_SAME_UNIT: Final = 3
# Candidates the variety re-rank (and the interests) look at beyond the k asked for.
_POOL_EXTRA: Final = 30

_KINDS: Final = tuple(Kind)
_KIND_CODE: Final = {k.value: i for i, k in enumerate(_KINDS)}
_PLURAL: Final = {
    Kind.ROLE: "open roles",
    Kind.PROJECT: "projects",
    Kind.GIG: "gigs",
    Kind.STRETCH: "stretch assignments",
    Kind.SHADOWING: "job shadowing",
    Kind.MENTORSHIP: "mentorships",
}
# Which (kind, side) each value a person can choose speaks for.
VALUE_FITS: Final[dict[str, frozenset[tuple[str, int]]]] = {
    "growth": frozenset(
        {(Kind.STRETCH, coach.DO), (Kind.MENTORSHIP, coach.LEARN), (Kind.SHADOWING, coach.LEARN)}
    ),
    "service": frozenset({(Kind.MENTORSHIP, coach.GUIDE), (Kind.SHADOWING, coach.GUIDE)}),
    "variety": frozenset({(Kind.GIG, coach.DO), (Kind.PROJECT, coach.DO)}),
    "teamwork": frozenset({(Kind.PROJECT, coach.DO)}),
    "impact": frozenset({(Kind.PROJECT, coach.DO), (Kind.STRETCH, coach.DO)}),
}


def floors() -> tuple[float, float]:
    """(open roles, growth kinds) readiness floors as fractions."""
    return (
        settings.TRELLIS_FORYOU_FLOOR_ROLE / 100.0,
        settings.TRELLIS_FORYOU_FLOOR_GROWTH / 100.0,
    )


@dataclass(frozen=True)
class _Bundle:
    facts: coach.Facts
    kind_code: np.ndarray
    key: tuple[float, float]


# One bundle per market data version, held with a weak reference to the version so that an
# old version's arrays are freed with it.
_bundles: dict[int, tuple[weakref.ref[MarketData], _Bundle]] = {}


def facts_of(data: MarketData) -> _Bundle:
    """The coach's per-opportunity facts for a data version (computed once per version)."""
    role_floor, growth_floor = floors()
    key = (role_floor, growth_floor)
    held = _bundles.get(id(data))
    if held is not None and held[0]() is data and held[1].key == key:
        return held[1]
    kind_code = np.array([_KIND_CODE.get(k, -1) for k in data.opp_kind.tolist()], np.int64)
    n_o = kind_code.shape[0]
    opening = kind_code == _KIND_CODE[Kind.ROLE]
    mode = data.opp_mode if data.opp_mode.shape[0] == n_o else np.zeros(n_o, np.int64)
    role = data.opp_role if data.opp_role.shape[0] == n_o else np.full(n_o, -1, np.int64)
    bundle = _Bundle(
        facts=coach.Facts(
            mode=mode,
            opening=opening,
            shadowing=kind_code == _KIND_CODE[Kind.SHADOWING],
            role=role,
            floor=np.where(opening, role_floor, growth_floor),
            target_floor=np.full(n_o, growth_floor),
            role_family=data.role_family,
            role_track=data.role_track,
            requirement_ptr=data.state.opps.ptr,
            index=coach.skill_index(data.state),
        ),
        kind_code=kind_code,
        key=key,
    )
    # Drop the entries of versions no longer alive, then remember this one.
    for stale in [i for i, (ref, _) in _bundles.items() if ref() is None]:
        del _bundles[stale]
    _bundles[id(data)] = (weakref.ref(data), bundle)
    return bundle


def who_of(data: MarketData, person: int, *, preferred_track: int = -1) -> coach.Person:
    """The coach's view of the person at engine index ``person``: role, level, track wish.

    The level is the person's own, or their role's when they have none."""
    role = data.role_index.get(int(data.person_role[person]), -1)
    level = int(data.person_level[person]) or (int(data.state.role_level[role]) if role >= 0 else 0)
    return coach.Person(role=role, level=level, preferred_track=preferred_track)


def coach_allows(data: MarketData, person: int, opps: list[int]) -> list[int]:
    """The opportunities among ``opps`` For you would list for the person (engine indices,
    order kept): a check pair by pair, for short lists such as a digest's. What the person
    said in their profile is not read, so step-backs are left out."""
    facts = facts_of(data).facts
    who = who_of(data, person)
    return [o for o in opps if coach.verdict(data.state, person, o, facts, who)[0] == coach.PLACED]


@dataclass(frozen=True)
class Said:
    """What the person said that For you may use (sections the audience may read only)."""

    preferred_track: int = -1  # 0 individual, 1 management, -1 either or not readable
    values: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()  # interests and motivators, short phrases in lower case


def said_by(person: Person, *, audience: str = "self") -> Said:
    """What the person's profile says, as far as ``audience`` may read it.

    ``self`` reads everything (the person's own page); ``manager`` what the person shares
    with their manager, and so on (:func:`trellis.careers.access.levels_for_audience`).
    """
    from trellis.careers.access import levels_for_audience, visible_sections
    from trellis.careers.models import CareerProfile, TrackPreference, Visibility

    profile: CareerProfile | None = (
        CareerProfile.objects.filter(person=person)
        .only("track_preference", "values_chosen", "interests", "motivators", "visibility")
        .first()
    )
    if profile is None:
        return Said()
    levels = frozenset(Visibility.values) if audience == "self" else levels_for_audience(audience)
    shown = visible_sections(profile, levels)
    track = -1
    if "mobility" in shown and profile.track_preference != TrackPreference.EITHER:
        track = int(profile.track_preference == TrackPreference.MANAGEMENT)
    values = tuple(profile.values_chosen) if "values" in shown else ()
    phrases: list[str] = []
    if "interests" in shown:
        phrases += interest_tags(profile.interests)
    if "motivators" in shown:
        phrases += interest_tags(profile.motivators)
    return Said(preferred_track=track, values=values, phrases=tuple(dict.fromkeys(phrases)))


@dataclass(frozen=True)
class Reason:
    """What placed or held back one item, for its sentence (see :func:`sentence`)."""

    kind: str
    mode: int
    rule: str
    readiness: float
    growth: float
    floor: float  # the floor that applied
    normal_floor: float  # the kind's floor when the item closes no gap to a target role
    closes_target_gap: bool
    target_role: bool
    values: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    moved_for_variety: bool = False


@dataclass
class Picked:
    """For-you's choice: opportunity indices of each list, with their explanations and the
    reason for each."""

    items: list[int] = field(default_factory=list)
    near_misses: list[int] = field(default_factory=list)
    blocked: list[int] = field(default_factory=list)
    explanations: dict[int, Explanation] = field(default_factory=dict)
    reasons: dict[int, Reason] = field(default_factory=dict)
    value: dict[int, float] = field(default_factory=dict)


def _percent(x: float) -> str:
    return f"{round(x * 100)}%"


def _value_extras(bundle: _Bundle, said: Said, n_o: int) -> np.ndarray:
    """Per opportunity, how many of the person's values its kind serves."""
    count = np.zeros(n_o, np.int64)
    for value in said.values:
        for kind, mode in VALUE_FITS.get(value, frozenset()):
            count += (bundle.kind_code == _KIND_CODE[kind]) & (bundle.facts.mode == mode)
    return count


def _values_served(said: Said, kind: str, mode: int) -> tuple[str, ...]:
    from trellis.careers.models import VALUE_LABELS

    return tuple(
        VALUE_LABELS.get(v, v) for v in said.values if (kind, mode) in VALUE_FITS.get(v, ())
    )


def _phrase_hits(said: Said, ids: list[int]) -> dict[int, list[str]]:
    """Opportunity id -> the person's phrases found (as whole words) in its title or text."""
    if not said.phrases or not ids:
        return {}
    patterns = [(p, re.compile(rf"\b{re.escape(p)}\b")) for p in said.phrases]
    hits: dict[int, list[str]] = {}
    for oid, title, text in Opportunity.objects.filter(pk__in=ids).values_list(
        "id", "title", "description"
    ):
        haystack = f"{title}\n{text}".lower()
        found = [p for p, rx in patterns if rx.search(haystack)]
        if found:
            hits[oid] = found
    return hits


def place(
    data: MarketData,
    person: int,
    scores: ScoreVectors,
    who: coach.Person,
    said: Said,
    candidates: np.ndarray,
) -> tuple[coach.Placement, np.ndarray]:
    """The coach's placement with the values' extra added (see the module docstring)."""
    bundle = facts_of(data)
    placement = coach.place(data.state, person, scores, bundle.facts, who, candidates=candidates)
    value = placement.value
    if said.values:
        fits = _value_extras(bundle, said, data.state.n_opps)
        value = value + np.where(
            placement.verdict == coach.PLACED, np.minimum(fits * EXTRA_PER_REASON, EXTRA_MAX), 0.0
        )
    return placement, value


def vary(
    order: list[int], main_skill: dict[int, int], unit: dict[int, int]
) -> tuple[list[int], set[int]]:
    """Greedy re-rank for variety (see the module docstring); ``order`` is best first.

    Returns the new order and the items moved down (skipped while the window had room).
    """
    window: list[int] = []
    later: list[int] = []
    moved: set[int] = set()
    skills: dict[int, int] = {}
    units: dict[int, int] = {}
    for o in order:
        s, u = main_skill[o], unit[o]
        if len(window) < VARIETY_WINDOW and (
            (s < 0 or skills.get(s, 0) < MAX_SAME_SKILL) and units.get(u, 0) < MAX_SAME_UNIT
        ):
            window.append(o)
            if s >= 0:
                skills[s] = skills.get(s, 0) + 1
            units[u] = units.get(u, 0) + 1
        else:
            if len(window) < VARIETY_WINDOW:
                moved.add(o)
            later.append(o)
    return window + later, moved


def _reason(
    bundle: _Bundle,
    placement: coach.Placement,
    scores: ScoreVectors,
    o: int,
    **extra: object,
) -> Reason:
    f = bundle.facts
    closes = bool(placement.closes_target_gap[o])
    floor = float(min(f.floor[o], f.target_floor[o]) if closes else f.floor[o])
    return Reason(
        kind=_KINDS[int(bundle.kind_code[o])].value if bundle.kind_code[o] >= 0 else "",
        mode=int(f.mode[o]),
        rule=coach.RULES[int(placement.rule[o])],
        readiness=float(scores.readiness[o]),
        growth=float(scores.growth[o]),
        floor=floor,
        normal_floor=float(f.floor[o]),
        closes_target_gap=closes,
        target_role=bool(placement.target_role[o]),
        **extra,  # type: ignore[arg-type]
    )


def pick(
    data: MarketData,
    person: int,
    scores: ScoreVectors,
    placement: coach.Placement,
    value: np.ndarray,
    said: Said,
    *,
    k: int,
    near: int,
) -> Picked:
    """The placed items in order (extras, then variety), the near misses closest to their
    floor first, and the best items blocked by a hard constraint.

    Interests and motivators are looked for in the best ``k + 30`` items by value only (one
    query for their text), so the cost does not grow with the market.
    """
    from trellis.engine.explain import explain_many

    bundle = facts_of(data)
    pool = select_top(value, k + _POOL_EXTRA).tolist()
    ids = [int(data.opp_ids[o]) for o in pool]
    hits = _phrase_hits(said, ids)
    served = {
        o: _values_served(said, _KINDS[int(bundle.kind_code[o])], int(bundle.facts.mode[o]))
        if said.values
        else ()
        for o in pool
    }
    final: dict[int, float] = {}
    for o, oid in zip(pool, ids, strict=True):
        # The values' extra is in ``value`` already; phrases fill what is left of the cap.
        room = max(0.0, EXTRA_MAX - min(len(served[o]) * EXTRA_PER_REASON, EXTRA_MAX))
        final[o] = float(value[o]) + min(len(hits.get(oid, ())) * EXTRA_PER_REASON, room)
    ordered = sorted(pool, key=lambda o: (-round(final[o], 9), o))
    main = dict(zip(ordered, coach.main_skills(data.state, person, ordered), strict=True))
    unit = {o: int(data.opp_unit[o]) for o in ordered}
    varied, moved = vary(ordered, main, unit)
    varied = varied[:k]
    exps = dict(zip(varied, explain_many(data.state, person, varied), strict=True))
    out = Picked(items=varied, value={o: final[o] for o in varied})
    for o in varied:
        out.reasons[o] = _reason(
            bundle,
            placement,
            scores,
            o,
            values=served[o],
            phrases=tuple(hits.get(int(data.opp_ids[o]), ())),
            moved_for_variety=o in moved,
        )
        out.explanations[o] = exps[o]
    if near > 0:
        held = placement.verdict == coach.NEAR
        out.near_misses = select_top(np.where(held, scores.readiness, 0.0), near).tolist()
        blocked = placement.verdict == coach.BLOCKED
        out.blocked = select_top(np.where(blocked, scores.readiness, 0.0), near).tolist()
    rest = out.near_misses + out.blocked
    for o, ex in zip(rest, explain_many(data.state, person, rest), strict=True):
        out.explanations[o] = ex
        out.reasons[o] = _reason(bundle, placement, scores, o)
    return out


def sentence(reason: Reason, ex: Explanation, name_of: dict[int, str], role: str = "") -> str:
    """The rule that placed or held back an item, in the person's words."""
    kinds = _PLURAL.get(reason.kind, "this kind")  # type: ignore[call-overload]
    if reason.rule == "under_floor" and reason.mode == coach.LEARN:
        return (
            f"Held back: growth {_percent(reason.growth)} is under the "
            f"{_percent(reason.floor)} floor for {kinds} (readiness is not asked of a learner)."
        )
    if reason.rule == "under_floor":
        return (
            f"Held back: readiness {_percent(reason.readiness)} is under the "
            f"{_percent(reason.floor)} floor for {kinds}."
        )
    if reason.rule != "placed":
        return ""
    if reason.mode == coach.GUIDE:
        side = "mentor others" if reason.kind == Kind.MENTORSHIP else "be shadowed"
        return (
            f"Shown because you are at or above the asked level in every skill it lists, "
            f"so you could {side}."
        )
    wanted = [
        name_of[g.skill]
        for g in ex.growth_skills
        if ("wants_to_grow" in g.reasons or "target_gap" in g.reasons) and g.level < g.min_level
    ]
    if reason.mode == coach.LEARN:
        if reason.target_role and role:
            return f"Shown because {role} is one of your target roles."
        grown = wanted or [name_of[g.skill] for g in ex.growth_skills]
        return f"Shown because you want to grow {_join(grown)}."
    ready = f"readiness {_percent(reason.readiness)}"
    if reason.closes_target_gap:
        because = (
            f"{role} is one of your target roles"
            if reason.target_role and role
            else "it closes a gap to your target role"
        )
        if reason.readiness < reason.normal_floor:
            return (
                f"Shown because {because}: {ready} is under the "
                f"{_percent(reason.normal_floor)} floor for {kinds} but reaches the "
                f"{_percent(reason.floor)} floor that applies then."
            )
        return f"Shown because {because}; {ready} reaches the {_percent(reason.floor)} floor."
    text = f"Shown because {ready} reaches the {_percent(reason.floor)} floor for {kinds}."
    if wanted:
        text += f" It grows {_join(wanted)}, which you want to grow."
    return text


def extras(reason: Reason) -> list[str]:
    """The further reasons an item ranks where it does (values, interests, variety)."""
    out = []
    if reason.values:
        out.append(f"Fits what you value: {', '.join(reason.values)}.")
    if reason.phrases:
        out.append(f"Matches what you said you are into: {_join(list(reason.phrases))}.")
    if reason.moved_for_variety:
        out.append(
            "Moved down for variety: your first ten already hold enough items on its main "
            "skill or from its team."
        )
    return out


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
