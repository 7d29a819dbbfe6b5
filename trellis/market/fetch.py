"""The engine boundary: a few ``values_list`` queries into plain arrays, cached in-process.

:func:`market_data` returns a :class:`MarketData` bundle — the engine state plus the maps from
database ids to engine indices — for every active person and every open opportunity. Building
it at 100,000 people takes seconds, so the bundle is kept in memory keyed by a *data version*:
one query of counts and maxima over the tables it reads, each answered from an index or a
small table. Any insert, or service-made change to skills, opportunities, opt-ins, interests,
goals or profiles changes the version and the next request rebuilds. Deletions of people and
of their skills only show in row counts, which cost a scan of the two largest tables (about
0.2 s at 100,000 people on PostgreSQL): those counts are read every ``_SLOW_CHECK_S`` at most,
and pages about one person pass ``person_id`` so that the person's own skills and target roles
are compared with the bundle on every request — someone who removes a skill sees it gone at
once. Changes the version cannot see (a person's role start date edited in the admin) are
picked up after ``_MAX_AGE_S`` at the latest.

When someone else's change makes the bundle stale, the request that notices it starts one
rebuild on a background thread and is answered from the stale bundle (at most a few seconds
old at 100,000 people), so nobody waits for a rebuild caused by another person's edit. A
request about a person whose own data the bundle lacks still rebuilds at once, so people see
their own changes. ``TRELLIS_MARKET_BACKGROUND_REFRESH`` turns the background rebuild off
(the tests do, to stay on one database connection).

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
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone

from trellis.engine import (
    GROW,
    KEEP,
    LESS,
    Connection,
    EngineState,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
    build_state,
)
from trellis.engine import people_to_talk_to as engine_people_to_talk_to
from trellis.engine.coach import DO, GUIDE, LEARN
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

_MAX_AGE_S = 600.0
_SLOW_CHECK_S = 30.0
_APPETITE = {"grow": GROW, "keep": KEEP, "less": LESS}
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
    # bundle still holds one person's current data (see :func:`person_is_current`).
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
    person_index: dict[int, int] = field(default_factory=dict)
    opp_index: dict[int, int] = field(default_factory=dict)
    role_index: dict[int, int] = field(default_factory=dict)


_lock = threading.Lock()
_cache: dict[str, MarketData] = {}
_refresh: dict[str, threading.Thread | None] = {"thread": None}
# The slow part of the version and when it was read (monotonic seconds).
_slow: dict[str, Any] = {"at": -_SLOW_CHECK_S, "value": ()}


def cache_clear() -> None:
    with _lock:
        _cache.clear()
        _slow.update(at=-_SLOW_CHECK_S, value=())


def _tables() -> list[tuple[str, str]]:
    """(table, expression) pairs of the data version read on every request.

    Each is a primary-key or indexed maximum, or a count over a table that grows with the
    opportunities rather than with the people.
    """
    from trellis.careers.models import CareerProfile, Goal, PersonSkillHistory
    from trellis.org.models import Person
    from trellis.skills.models import PersonSkill, RoleRequirement

    t = lambda m: m._meta.db_table  # noqa: E731
    return [
        (t(Person), "MAX(id)"),
        (t(PersonSkill), "MAX(id)"),
        (t(PersonSkillHistory), "MAX(id)"),
        (t(RoleRequirement), "COUNT(*)"),
        (t(RoleRequirement), "MAX(id)"),
        (t(Goal), "MAX(id)"),
        (t(CareerProfile), "MAX(updated_at)"),
        (t(Opportunity), "COUNT(*)"),
        (t(Opportunity), "MAX(updated_at)"),
        # Requirements are replaced as a whole (delete, then insert) when edited.
        (t(OpportunitySkill), "MAX(id)"),
        (t(MarketplaceOptIn), "MAX(updated_at)"),
        (t(Interest), "MAX(updated_at)"),
    ]


def _slow_tables() -> list[tuple[str, str]]:
    """Row counts of tables that grow with the people: the only trace of a deletion there
    (interests only go with their person or opportunity), but each is a scan."""
    from trellis.careers.models import Goal
    from trellis.org.models import Person
    from trellis.skills.models import PersonSkill

    return [(m._meta.db_table, "COUNT(*)") for m in (Person, PersonSkill, Goal, Interest)]


def _select(pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    # Table names and expressions come from our own models, never from input.
    parts = ", ".join(f"(SELECT {expr} FROM {table})" for table, expr in pairs)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return tuple(str(v) for v in row)


def data_version() -> tuple[Any, ...]:
    """Counts and maxima that change whenever the engine's inputs change.

    One query per call; the row counts of :func:`_slow_tables` join it at most every
    ``_SLOW_CHECK_S`` seconds and are reused in between.
    """
    now = time.monotonic()
    with _lock:
        slow_due = now - _slow["at"] >= _SLOW_CHECK_S
    if slow_due:
        row = _select(_tables() + _slow_tables())
        n_slow = len(_slow_tables())
        fast, slow = row[:-n_slow], row[-n_slow:]
        with _lock:
            _slow.update(at=now, value=slow)
    else:
        fast = _select(_tables())
        with _lock:
            slow = _slow["value"]
    return (*fast, *slow)


def _signature(skill_ids: Iterable[int], levels: Iterable[int], appetites: Iterable[int]) -> int:
    return sum(
        (s * 31 + lv) * 7 + a + 3 for s, lv, a in zip(skill_ids, levels, appetites, strict=True)
    )


def _role_signature(role_ids: Iterable[int]) -> int:
    return sum(r * 1_000_003 for r in set(role_ids))


def person_is_current(data: MarketData, person_id: int) -> bool:
    """Whether the bundle holds the person's current skills and open target roles.

    Two indexed queries on the person's own rows; a person missing from the bundle (new,
    or not active) counts as current when they have no skills.
    """
    from trellis.careers.models import Goal, Status
    from trellis.skills.models import PersonSkill

    rows = list(
        PersonSkill.objects.filter(person_id=person_id).values_list("skill_id", "level", "appetite")
    )
    roles = Goal.objects.filter(
        person_id=person_id, target_role__isnull=False, status__in=[Status.PLANNED, Status.ACTIVE]
    ).values_list("target_role_id", flat=True)
    sig = _signature(
        (r[0] for r in rows), (r[1] for r in rows), (_APPETITE.get(r[2], KEEP) for r in rows)
    ) + _role_signature(r for r in roles if r in data.role_index)
    i = data.person_index.get(person_id)
    if i is None:
        return not rows
    return int(data.person_sig[i]) == sig


def market_data(*, force: bool = False, person_id: int | None = None) -> MarketData:
    """The cached bundle for the current data version, rebuilt when the data changed.

    With ``person_id``, the bundle is also rebuilt when it no longer holds that person's
    own skills or target roles (see :func:`person_is_current`). A bundle made stale only by
    other people's changes is returned while a background rebuild runs (see the module's
    docstring).
    """
    if settings.TRELLIS_MARKET_STATE_FILE and not force:
        # Production: the worker's state file, mapped and shared by every web worker
        # (trellis.market.statefile); built here only while there is none yet, or when it
        # lacks this person's own latest changes.
        from trellis.market.statefile import state_current

        mapped = state_current()
        if mapped is not None and (person_id is None or person_is_current(mapped, person_id)):
            with _lock:
                _cache.clear()  # a private build made meanwhile is no longer needed
            return mapped
    version = data_version()
    with _lock:
        cached = _cache.get("all")
    if cached is not None and not force:
        young = time.monotonic() - cached.built_at < _MAX_AGE_S
        mine_ok = person_id is None or person_is_current(cached, person_id)
        if young and mine_ok and cached.version == version:
            return cached
        if young and mine_ok and settings.TRELLIS_MARKET_BACKGROUND_REFRESH:
            _refresh_in_background()
            return cached
    return _rebuild(version)


def _rebuild(version: tuple[Any, ...]) -> MarketData:
    data = build_market_data()
    data.version = version
    data.built_at = time.monotonic()
    with _lock:
        _cache["all"] = data
    return data


def _refresh_in_background() -> None:
    """Start one rebuild on its own thread, unless one is running already."""
    with _lock:
        running = _refresh["thread"]
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=_refresh_run, name="market-refresh", daemon=True)
        _refresh["thread"] = thread
    thread.start()


def _refresh_run() -> None:
    try:
        # The version is read before the build: a change made meanwhile shows as a newer
        # version next time and starts another rebuild.
        _rebuild(data_version())
    finally:
        connection.close()  # this thread's own database connection


def refresh_wait(timeout: float | None = None) -> None:
    """Wait for a background rebuild to finish (for commands and tests)."""
    thread = _refresh["thread"]
    if thread is not None:
        thread.join(timeout)


def _arr(values: Iterable[Any], dtype: Any) -> np.ndarray:
    return np.fromiter(values, dtype=dtype)


def _months_between(start: dt.date | None, today: dt.date) -> float:
    if start is None:
        return float("inf")
    return (
        (today.year - start.year) * 12 + (today.month - start.month) + (today.day - start.day) / 31
    )


def build_market_data(*, opportunity_ids: list[int] | None = None) -> MarketData:
    """Load every active person and the open (or the given) opportunities into the engine.

    Eleven queries, none per row. ``opportunity_ids`` limits the opportunities (a round over
    this quarter's gigs); without it every open opportunity is loaded.
    """
    from trellis.careers.models import CareerProfile, Goal, Status
    from trellis.org.models import Person
    from trellis.skills.models import PersonSkill, Role, RoleRequirement, Track

    today = timezone.localdate()
    people = list(
        Person.objects.filter(is_active=True)
        .order_by("id")
        .values_list("id", "unit_id", "location", "role_start_date", "level", "role_id")
    )
    person_ids = _arr((p[0] for p in people), np.int64)
    n_p = person_ids.shape[0]
    p_index = {int(pid): i for i, pid in enumerate(person_ids.tolist())}
    person_unit = _arr((p[1] or 0 for p in people), np.int64)
    person_level = _arr((p[4] or 0 for p in people), np.int64)
    person_role = _arr((p[5] or 0 for p in people), np.int64)
    months = _arr((_months_between(p[3], today) for p in people), np.float64)

    opps_qs = Opportunity.objects.order_by("id")
    if opportunity_ids is None:
        opps_qs = opps_qs.filter(status=OpportunityStatus.OPEN)
    else:
        opps_qs = opps_qs.filter(id__in=opportunity_ids)
    opps = list(
        opps_qs.values_list(
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
    )
    opp_ids = _arr((o[0] for o in opps), np.int64)
    o_index = {int(oid): i for i, oid in enumerate(opp_ids.tolist())}
    n_o = opp_ids.shape[0]

    ps = np.array(
        PersonSkill.objects.order_by("id").values_list("person_id", "skill_id", "level"), np.int64
    ).reshape(-1, 3)
    ps_app = list(PersonSkill.objects.order_by("id").values_list("appetite", flat=True))
    # Two queries rather than one of mixed types: the integer block goes straight into NumPy.
    os_qs = OpportunitySkill.objects.filter(
        opportunity_id__in=opps_qs.values("id"), min_level__gt=0
    )
    osk = np.array(
        os_qs.order_by().values_list(
            "opportunity_id", "skill_id", "min_level", "weight", "required"
        ),
        np.int64,
    ).reshape(-1, 5)
    roles = list(Role.objects.order_by("id").values_list("id", "level", "family_id", "track"))
    role_ids = _arr((r[0] for r in roles), np.int64)
    r_index = {int(rid): i for i, rid in enumerate(role_ids.tolist())}
    rr = np.array(
        RoleRequirement.objects.filter(min_level__gt=0)
        .order_by()
        .values_list("role_id", "skill_id", "min_level", "importance", "is_required"),
        np.int64,
    ).reshape(-1, 5)

    skill_ids = np.unique(np.concatenate([ps[:, 1], osk[:, 1], rr[:, 1]]))
    s_pos = {int(s): i for i, s in enumerate(skill_ids.tolist())}
    to_skill = np.vectorize(s_pos.__getitem__, otypes=[np.int64])

    # People's skills: keep rows of active people only.
    p_row = np.array([p_index.get(int(x), -1) for x in ps[:, 0].tolist()], np.int64)
    app = np.array([_APPETITE.get(a, KEEP) for a in ps_app], np.int64)
    keep = p_row >= 0
    p_row, ps, app = p_row[keep], ps[keep], app[keep]

    o_row = np.array([o_index[int(x)] for x in osk[:, 0].tolist()], np.int64)
    rr_row = np.array([r_index[int(x)] for x in rr[:, 0].tolist()], np.int64)

    targets = [
        (p_index[pid], r_index[rid])
        for pid, rid in Goal.objects.filter(
            target_role__isnull=False, status__in=[Status.PLANNED, Status.ACTIVE]
        ).values_list("person_id", "target_role_id")
        if pid in p_index and rid in r_index
    ]
    targets = sorted(set(targets))
    # The same checksum as person_is_current, summed per person without a Python loop
    # (float sums stay exact: each term is far below 2**53 / the rows of one person).
    sig_terms = (ps[:, 1] * 31 + ps[:, 2]) * 7 + app + 3
    person_sig = np.rint(np.bincount(p_row, weights=sig_terms, minlength=n_p)).astype(np.int64)
    if targets:
        t_person = np.array([t[0] for t in targets], np.int64)
        t_role = role_ids[np.array([t[1] for t in targets], np.int64)]
        person_sig += np.rint(
            np.bincount(t_person, weights=t_role * 1_000_003, minlength=n_p)
        ).astype(np.int64)
    tag_person, tag_index, tag_names = _interest_tags(p_index)

    hours = np.full(n_p, np.inf)
    for pid, h in CareerProfile.objects.filter(project_hours__gt=0).values_list(
        "person_id", "project_hours"
    ):
        if pid in p_index:
            hours[p_index[pid]] = h
    opted = np.zeros(n_p, np.bool_)
    for pid in MarketplaceOptIn.objects.filter(opted_in=True).values_list("person_id", flat=True):
        if pid in p_index:
            opted[p_index[pid]] = True
    live = [
        (p_index[pid], o_index[oid])
        for pid, oid in Interest.objects.exclude(status__in=FINAL_STATUSES).values_list(
            "person_id", "opportunity_id"
        )
        if pid in p_index and oid in o_index
    ]

    # Locations as small integers shared by both sides; blank is "unknown" / "anywhere".
    places: dict[str, int] = {}
    loc = lambda s: -1 if not s else places.setdefault(s.strip().lower(), len(places))  # noqa: E731
    person_loc = _arr((loc(p[2]) for p in people), np.int64)
    opp_loc = _arr((loc(o[4]) for o in opps), np.int64)
    units: dict[int, int] = {}
    unit_idx = _arr((units.setdefault(int(u), len(units)) for u in person_unit.tolist()), np.int64)
    opp_hours = _arr((o[3] for o in opps), np.float64)
    part_time = _arr((o[1] in PART_TIME_KINDS for o in opps), np.bool_)
    # A closing date in the past closes the opportunity for matching (capacity 0).
    capacity = _arr((0 if (o[9] is not None and o[9] < today) else o[7] for o in opps), np.int64)

    state = build_state(
        n_skills=max(skill_ids.shape[0], 1),
        people=PeopleInput(
            n_people=n_p,
            skill_person=p_row,
            skill=to_skill(ps[:, 1]) if ps.shape[0] else np.zeros(0, np.int64),
            level=ps[:, 2],
            appetite=app,
            unit=unit_idx,
            hours_available=hours,
            location=person_loc,
            months_in_role=months,
            opted_in=opted,
            target_person=[t[0] for t in targets],
            target_role=[t[1] for t in targets],
            tag_person=tag_person,
            tag=tag_index,
            current_role=_arr((r_index.get(int(r), -1) for r in person_role.tolist()), np.int64),
        ),
        opportunities=OpportunitiesInput(
            requirements=Requirements(
                n_rows=n_o,
                row=o_row,
                skill=to_skill(osk[:, 1]) if osk.shape[0] else np.zeros(0, np.int64),
                min_level=osk[:, 2],
                weight=osk[:, 3],
                required=osk[:, 4].astype(np.bool_),
            ),
            capacity=capacity,
            hours_needed=np.where(part_time, opp_hours, 0.0),
            location=opp_loc,
            remote_allowed=_arr((o[5] for o in opps), np.bool_),
            min_months_in_role=_arr((o[6] for o in opps), np.float64),
        ),
        roles=RolesInput(
            requirements=Requirements(
                n_rows=role_ids.shape[0],
                row=rr_row,
                skill=to_skill(rr[:, 1]) if rr.shape[0] else np.zeros(0, np.int64),
                min_level=rr[:, 2],
                weight=rr[:, 3],
                required=rr[:, 4].astype(np.bool_),
            ),
            level=_arr((r[1] for r in roles), np.int64),
        ),
        interest_person=[i[0] for i in live],
        interest_opp=[i[1] for i in live],
    )
    return MarketData(
        state=state,
        person_ids=person_ids,
        opp_ids=opp_ids,
        skill_ids=skill_ids,
        role_ids=role_ids,
        person_unit=person_unit,
        person_level=person_level,
        person_role=person_role,
        person_sig=person_sig,
        tag_names=tag_names,
        opp_kind=np.array([o[1] for o in opps], dtype=object),
        opp_unit=_arr((o[2] for o in opps), np.int64),
        opp_owner=_arr((o[8] for o in opps), np.int64),
        opp_hours=opp_hours,
        opp_remote=_arr((o[5] for o in opps), np.bool_),
        opp_role=_arr((r_index.get(o[10], -1) if o[10] else -1 for o in opps), np.int64),
        opp_mode=_arr((_mode(o[1], o[11]) for o in opps), np.int64),
        role_family=_arr((r[2] for r in roles), np.int64),
        role_track=_arr((int(r[3] == Track.MANAGEMENT) for r in roles), np.int64),
        person_index=p_index,
        opp_index=o_index,
        role_index=r_index,
    )


def _mode(kind: str, direction: str) -> int:
    """Who the person taking an opportunity is, for the coach's rules."""
    if kind not in DIRECTED_KINDS:
        return DO
    return GUIDE if direction == Direction.GUIDE else LEARN


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
    marketplace (or everyone); an unshared section feeds nothing."""
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


# --- people to talk to ---------------------------------------------------------------------


def people_to_talk_to(
    data: MarketData, person: int, *, skills: list[int], roles: list[int], k: int = 8
) -> list[Connection]:
    """The engine's people to talk to for ``person`` (engine index) about ``skills`` (engine
    skill indices) and ``roles`` (engine role indices), among people who may be named.

    Named: people in the bundle (active, so listed in the directory) who opted in to the
    marketplace — their skill levels and roles are otherwise details the directory does not
    show. Order and score are the engine's: other units first, then by how much of the skills
    they hold and whether they hold a target role (:mod:`trellis.engine.connections`).
    """
    if not skills and not roles:
        return []
    return engine_people_to_talk_to(
        data.state, person, skills, target_roles=roles, k=k, allowed=data.state.opted_in
    )
