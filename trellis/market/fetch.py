"""The engine boundary: a few ``values_list`` queries into plain arrays.

:func:`build_market_data` returns a :class:`MarketData` bundle — the engine state plus the maps
from database ids to engine indices — for every active person and every open opportunity. One
builder per table loads its rows; none queries per row. Keeping the bundle between requests
is :mod:`trellis.market.cache`'s job, rebuilding it on a thread :mod:`trellis.market.refresh`'s.

What is fed to the engine, and why:

* requirements with minimum level 0 are left out: they are met by everyone and would only
  dilute readiness;
* hours are a constraint only for part-time kinds (a project's four hours a week must fit the
  person's spare hours; an open role replaces the current job); a profile's 0 hours means
  "not said" and constrains nothing;
* target roles come from the person's open goals; interests from live (non-final) interests;
* interest tags (for buddy pairing) come from the profile's "interests and hobbies", split at
  commas, semicolons and line ends, and only where the person shares that section with the
  marketplace: a pair is told which interests they share.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from trellis.engine import (
    GROW,
    KEEP,
    LESS,
    EngineState,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
    build_state,
)
from trellis.engine.coach import DO, GUIDE, LEARN
from trellis.market.ids import IdIndex
from trellis.market.models import (
    DIRECTED_KINDS,
    FINAL_STATUSES,
    PART_TIME_KINDS,
    Direction,
    Interest,
    MarketplaceOptIn,
    Opportunity,
    OpportunitySkill,
    OpportunityStatus,
)

APPETITE = {"grow": GROW, "keep": KEEP, "less": LESS}
# Interest tags: "climbing, chess; jazz" -> three tags; longer phrases are sentences, not tags.
_TAG_SPLIT = re.compile(r"[,;\n]+")
_TAG_MAX_LEN = 40


@dataclass
class MarketData:
    """The engine state and the id ↔ index maps of one data version."""

    state: EngineState
    person_ids: np.ndarray
    opp_ids: np.ndarray
    skill_ids: np.ndarray
    role_ids: np.ndarray
    person_unit: np.ndarray  # unit id per person index (0 when none)
    person_level: np.ndarray  # job level per person index (0 when none)
    person_role: np.ndarray  # role id per person index (0 when none)
    # A checksum of each person's skill rows and open target roles, to tell whether the
    # bundle still holds one person's current data (see :func:`person_signature`).
    person_sig: np.ndarray
    opp_kind: np.ndarray  # kind code per opportunity index
    opp_unit: np.ndarray
    opp_owner: np.ndarray
    opp_hours: np.ndarray
    opp_remote: np.ndarray
    tag_names: list[str] = field(default_factory=list)  # interest tag per engine tag index
    # For the coach's rules of "For you" (trellis.engine.coach): per opportunity the role it
    # opens or is shadowing of (engine role index, -1 for none) and who the taker is (DO,
    # LEARN, GUIDE); per role its job family id and track (0 individual, 1 management).
    opp_role: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    opp_mode: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    role_family: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    role_track: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    version: tuple[Any, ...] = ()
    built_at: float = 0.0
    # id -> row, over the id arrays above (shared when mapped: trellis.market.ids)
    person_index: IdIndex = field(default_factory=lambda: IdIndex(np.zeros(0, np.int64)))
    opp_index: IdIndex = field(default_factory=lambda: IdIndex(np.zeros(0, np.int64)))
    role_index: IdIndex = field(default_factory=lambda: IdIndex(np.zeros(0, np.int64)))


# --- the checksum of one person's rows ------------------------------------------------------


def person_signature(
    skill_rows: Iterable[tuple[int, int, str]], target_role_ids: Iterable[int]
) -> int:
    """The checksum :attr:`MarketData.person_sig` holds for a person with these skill rows
    ``(skill id, level, appetite)`` and open target roles (ids of roles in the bundle)."""
    skills = sum((s * 31 + lv) * 7 + APPETITE.get(a, KEEP) + 3 for s, lv, a in skill_rows)
    return skills + sum(r * 1_000_003 for r in set(target_role_ids))


def _signatures(
    n_people: int, skills: _PersonSkills, targets: list[tuple[int, int]], role_ids: np.ndarray
) -> np.ndarray:
    """:func:`person_signature` of every person, summed without a Python loop (float sums
    stay exact: each term is far below 2**53 / the rows of one person)."""
    terms = (skills.rows[:, 1] * 31 + skills.rows[:, 2]) * 7 + skills.appetite + 3
    sig = np.rint(np.bincount(skills.person, weights=terms, minlength=n_people)).astype(np.int64)
    if targets:
        t_person = np.array([t[0] for t in targets], np.int64)
        t_role = role_ids[np.array([t[1] for t in targets], np.int64)]
        sig += np.rint(
            np.bincount(t_person, weights=t_role * 1_000_003, minlength=n_people)
        ).astype(np.int64)
    return sig


# --- one builder per table ------------------------------------------------------------------


def _arr(values: Iterable[Any], dtype: Any) -> np.ndarray:
    return np.fromiter(values, dtype=dtype)


def _index(ids: np.ndarray) -> dict[int, int]:
    return {int(x): i for i, x in enumerate(ids.tolist())}


def _months_between(start: dt.date | None, today: dt.date) -> float:
    if start is None:
        return float("inf")
    return (
        (today.year - start.year) * 12 + (today.month - start.month) + (today.day - start.day) / 31
    )


@dataclass
class _People:
    rows: list[tuple[Any, ...]]  # id, unit, location, role start, level, role
    ids: np.ndarray
    index: dict[int, int]
    unit: np.ndarray
    level: np.ndarray
    role: np.ndarray
    months: np.ndarray


def _people(today: dt.date) -> _People:
    """Active people: one query."""
    from trellis.org.models import Person

    rows = list(
        Person.objects.filter(is_active=True)
        .order_by("id")
        .values_list("id", "unit_id", "location", "role_start_date", "level", "role_id")
    )
    ids = _arr((p[0] for p in rows), np.int64)
    return _People(
        rows=rows,
        ids=ids,
        index=_index(ids),
        unit=_arr((p[1] or 0 for p in rows), np.int64),
        level=_arr((p[4] or 0 for p in rows), np.int64),
        role=_arr((p[5] or 0 for p in rows), np.int64),
        months=_arr((_months_between(p[3], today) for p in rows), np.float64),
    )


_OPP_FIELDS = (
    "id",
    "kind",
    "unit_id",
    "hours_per_week",
    "location",
    "remote",
    "min_months_in_role",
    "capacity",
    "owner_id",
    "closes_on",
    "role_id",
    "direction",
)


@dataclass
class _Opportunities:
    query: QuerySet[Opportunity]
    rows: list[tuple[Any, ...]]  # the fields of _OPP_FIELDS
    ids: np.ndarray
    index: dict[int, int]


def _opportunities(opportunity_ids: list[int] | None) -> _Opportunities:
    """Open opportunities (or the given ones): one query."""
    query = Opportunity.objects.order_by("id")
    if opportunity_ids is None:
        query = query.filter(status=OpportunityStatus.OPEN)
    else:
        query = query.filter(id__in=opportunity_ids)
    rows = list(query.values_list(*_OPP_FIELDS))
    ids = _arr((o[0] for o in rows), np.int64)
    return _Opportunities(query=query, rows=rows, ids=ids, index=_index(ids))


@dataclass
class _PersonSkills:
    rows: np.ndarray  # person id, skill id, level
    appetite: np.ndarray  # engine appetite code per row
    person: np.ndarray  # person index per row (after :meth:`keep_active`: all >= 0)

    def keep_active(self) -> _PersonSkills:
        keep = self.person >= 0
        return _PersonSkills(self.rows[keep], self.appetite[keep], self.person[keep])


def _person_skills(p_index: dict[int, int]) -> _PersonSkills:
    """Every person's skill rows: two queries, the integer block straight into NumPy."""
    from trellis.skills.models import PersonSkill

    rows = np.array(
        PersonSkill.objects.order_by("id").values_list("person_id", "skill_id", "level"), np.int64
    ).reshape(-1, 3)
    appetites = PersonSkill.objects.order_by("id").values_list("appetite", flat=True)
    return _PersonSkills(
        rows=rows,
        appetite=np.array([APPETITE.get(a, KEEP) for a in appetites], np.int64),
        person=np.array([p_index.get(int(x), -1) for x in rows[:, 0].tolist()], np.int64),
    )


def _opportunity_skills(opps: _Opportunities) -> tuple[np.ndarray, np.ndarray]:
    """(rows of opportunity id, skill id, min level, weight, required; opportunity index per
    row) of the loaded opportunities' requirements: one query."""
    query = OpportunitySkill.objects.filter(
        opportunity_id__in=opps.query.values("id"), min_level__gt=0
    )
    rows = np.array(
        query.order_by().values_list(
            "opportunity_id", "skill_id", "min_level", "weight", "required"
        ),
        np.int64,
    ).reshape(-1, 5)
    return rows, np.array([opps.index[int(x)] for x in rows[:, 0].tolist()], np.int64)


@dataclass
class _Roles:
    rows: list[tuple[Any, ...]]  # id, level, family, track
    ids: np.ndarray
    index: dict[int, int]
    requirements: np.ndarray  # role id, skill id, min level, importance, required
    requirement_row: np.ndarray  # role index per requirement


def _roles() -> _Roles:
    """Roles and their requirements: two queries."""
    from trellis.skills.models import Role, RoleRequirement

    rows = list(Role.objects.order_by("id").values_list("id", "level", "family_id", "track"))
    ids = _arr((r[0] for r in rows), np.int64)
    index = _index(ids)
    reqs = np.array(
        RoleRequirement.objects.filter(min_level__gt=0)
        .order_by()
        .values_list("role_id", "skill_id", "min_level", "importance", "is_required"),
        np.int64,
    ).reshape(-1, 5)
    row = np.array([index[int(x)] for x in reqs[:, 0].tolist()], np.int64)
    return _Roles(rows=rows, ids=ids, index=index, requirements=reqs, requirement_row=row)


def _targets(p_index: dict[int, int], r_index: dict[int, int]) -> list[tuple[int, int]]:
    """(person index, role index) of open goals with a target role: one query."""
    from trellis.careers.models import Goal, Status

    rows = Goal.objects.filter(
        target_role__isnull=False, status__in=[Status.PLANNED, Status.ACTIVE]
    ).values_list("person_id", "target_role_id")
    return sorted({(p_index[p], r_index[r]) for p, r in rows if p in p_index and r in r_index})


def _hours(p_index: dict[int, int]) -> np.ndarray:
    """Spare hours a week per person (unlimited where the profile says none): one query."""
    from trellis.careers.models import CareerProfile

    hours = np.full(len(p_index), np.inf)
    rows = CareerProfile.objects.filter(project_hours__gt=0).values_list(
        "person_id", "project_hours"
    )
    for pid, h in rows:
        if pid in p_index:
            hours[p_index[pid]] = h
    return hours


def _opted_in(p_index: dict[int, int]) -> np.ndarray:
    """Whether each person opted in to the marketplace: one query."""
    opted = np.zeros(len(p_index), np.bool_)
    for pid in MarketplaceOptIn.objects.filter(opted_in=True).values_list("person_id", flat=True):
        if pid in p_index:
            opted[p_index[pid]] = True
    return opted


def _live_interests(p_index: dict[int, int], o_index: dict[int, int]) -> list[tuple[int, int]]:
    """(person index, opportunity index) of interests not in a final status: one query."""
    rows = Interest.objects.exclude(status__in=FINAL_STATUSES).values_list(
        "person_id", "opportunity_id"
    )
    return [(p_index[p], o_index[o]) for p, o in rows if p in p_index and o in o_index]


def interest_tags(text: str) -> list[str]:
    """The tags in a profile's "interests and hobbies": short phrases, lower case, unique."""
    seen: dict[str, None] = {}
    for part in _TAG_SPLIT.split(text):
        tag = " ".join(part.split()).strip(" .").lower()
        if tag and len(tag) <= _TAG_MAX_LEN:
            seen.setdefault(tag, None)
    return list(seen)


def _interest_tags(p_index: dict[int, int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(person index, tag index) pairs and the tag names, from interests shared with the
    marketplace (or everyone); an unshared section feeds nothing. One query."""
    from trellis.careers.access import levels_for_audience
    from trellis.careers.models import SECTION_BY_KEY, CareerProfile

    shared = levels_for_audience("marketplace")
    default = str(SECTION_BY_KEY["interests"].default)
    names: dict[str, int] = {}
    persons: list[int] = []
    tags: list[int] = []
    rows = (
        CareerProfile.objects.exclude(interests="")
        .order_by("person_id")
        .values_list("person_id", "interests", "visibility")
    )
    for pid, text, visibility in rows:
        i = p_index.get(pid)
        level = (visibility or {}).get("interests", default)
        if i is None or level not in shared:
            continue
        for tag in interest_tags(text):
            persons.append(i)
            tags.append(names.setdefault(tag, len(names)))
    return np.array(persons, np.int64), np.array(tags, np.int64), list(names)


# --- assembly -------------------------------------------------------------------------------


def _mode(kind: str, direction: str) -> int:
    """Who the person taking an opportunity is, for the coach's rules."""
    if kind not in DIRECTED_KINDS:
        return DO
    return GUIDE if direction == Direction.GUIDE else LEARN


def _requirements(
    n_rows: int, row: np.ndarray, rows: np.ndarray, to_skill: Callable[[np.ndarray], np.ndarray]
) -> Requirements:
    """Engine requirements from rows of (owner id, skill id, min level, weight, required)."""
    return Requirements(
        n_rows=n_rows,
        row=row,
        skill=to_skill(rows[:, 1]) if rows.shape[0] else np.zeros(0, np.int64),
        min_level=rows[:, 2],
        weight=rows[:, 3],
        required=rows[:, 4].astype(np.bool_),
    )


def _people_input(
    people: _People,
    skills: _PersonSkills,
    to_skill: Callable[[np.ndarray], np.ndarray],
    targets: list[tuple[int, int]],
    role_index: dict[int, int],
    loc: Callable[[str], int],
) -> tuple[PeopleInput, list[str]]:
    """The engine's people and the names of their interest tags: three queries (tags, hours
    and opt-ins)."""
    tag_person, tag_index, tag_names = _interest_tags(people.index)
    hours, opted = _hours(people.index), _opted_in(people.index)
    units: dict[int, int] = {}
    unit = _arr((units.setdefault(int(u), len(units)) for u in people.unit.tolist()), np.int64)
    people_input = PeopleInput(
        n_people=people.ids.shape[0],
        skill_person=skills.person,
        skill=to_skill(skills.rows[:, 1]) if skills.rows.shape[0] else np.zeros(0, np.int64),
        level=skills.rows[:, 2],
        appetite=skills.appetite,
        unit=unit,
        hours_available=hours,
        location=_arr((loc(p[2]) for p in people.rows), np.int64),
        months_in_role=people.months,
        opted_in=opted,
        target_person=[t[0] for t in targets],
        target_role=[t[1] for t in targets],
        tag_person=tag_person,
        tag=tag_index,
        current_role=_arr((role_index.get(int(r), -1) for r in people.role.tolist()), np.int64),
    )
    return people_input, tag_names


def _opportunities_input(
    opps: _Opportunities, reqs: Requirements, loc: Callable[[str], int], today: dt.date
) -> OpportunitiesInput:
    rows = opps.rows
    part_time = _arr((o[1] in PART_TIME_KINDS for o in rows), np.bool_)
    # A closing date in the past closes the opportunity for matching (capacity 0).
    capacity = _arr((0 if (o[9] is not None and o[9] < today) else o[7] for o in rows), np.int64)
    return OpportunitiesInput(
        requirements=reqs,
        capacity=capacity,
        hours_needed=np.where(part_time, _arr((o[3] for o in rows), np.float64), 0.0),
        location=_arr((loc(o[4]) for o in rows), np.int64),
        remote_allowed=_arr((o[5] for o in rows), np.bool_),
        min_months_in_role=_arr((o[6] for o in rows), np.float64),
    )


def build_market_data(*, opportunity_ids: list[int] | None = None) -> MarketData:
    """Load every active person and the open (or the given) opportunities into the engine.

    Twelve queries, none per row. ``opportunity_ids`` limits the opportunities (a round over
    this quarter's gigs); without it every open opportunity is loaded.
    """
    from trellis.skills.models import Track

    today = timezone.localdate()
    people = _people(today)
    opps = _opportunities(opportunity_ids)
    all_skills = _person_skills(people.index)
    osk, o_row = _opportunity_skills(opps)
    roles = _roles()
    skill_ids = np.unique(
        np.concatenate([all_skills.rows[:, 1], osk[:, 1], roles.requirements[:, 1]])
    )
    to_skill = np.vectorize(_index(skill_ids).__getitem__, otypes=[np.int64])
    skills = all_skills.keep_active()
    targets = _targets(people.index, roles.index)
    # Locations as small integers shared by both sides; blank is "unknown" / "anywhere".
    places: dict[str, int] = {}
    loc = lambda s: -1 if not s else places.setdefault(s.strip().lower(), len(places))  # noqa: E731
    people_input, tag_names = _people_input(people, skills, to_skill, targets, roles.index, loc)
    live = _live_interests(people.index, opps.index)
    state = build_state(
        n_skills=max(skill_ids.shape[0], 1),
        people=people_input,
        opportunities=_opportunities_input(
            opps, _requirements(opps.ids.shape[0], o_row, osk, to_skill), loc, today
        ),
        roles=RolesInput(
            requirements=_requirements(
                roles.ids.shape[0], roles.requirement_row, roles.requirements, to_skill
            ),
            level=_arr((r[1] for r in roles.rows), np.int64),
        ),
        interest_person=[i[0] for i in live],
        interest_opp=[i[1] for i in live],
    )
    rows = opps.rows
    return MarketData(
        state=state,
        person_ids=people.ids,
        opp_ids=opps.ids,
        skill_ids=skill_ids,
        role_ids=roles.ids,
        person_unit=people.unit,
        person_level=people.level,
        person_role=people.role,
        person_sig=_signatures(people.ids.shape[0], skills, targets, roles.ids),
        tag_names=tag_names,
        opp_kind=np.array([o[1] for o in rows], dtype=object),
        opp_unit=_arr((o[2] for o in rows), np.int64),
        opp_owner=_arr((o[8] for o in rows), np.int64),
        opp_hours=_arr((o[3] for o in rows), np.float64),
        opp_remote=_arr((o[5] for o in rows), np.bool_),
        opp_role=_arr((roles.index.get(o[10], -1) if o[10] else -1 for o in rows), np.int64),
        opp_mode=_arr((_mode(o[1], o[11]) for o in rows), np.int64),
        role_family=_arr((r[2] for r in roles.rows), np.int64),
        role_track=_arr((int(r[3] == Track.MANAGEMENT) for r in roles.rows), np.int64),
        person_index=IdIndex(people.ids),
        opp_index=IdIndex(opps.ids),
        role_index=IdIndex(roles.ids),
    )
