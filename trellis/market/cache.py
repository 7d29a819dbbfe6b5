"""The market's current engine state, kept in memory and keyed by a *data version*.

:func:`market_data` is the one way to the current state: every page, command and service
that ranks asks it. Building the state (:func:`trellis.market.fetch.build_market_data`) takes
seconds at 100,000 people, so it is kept between requests and rebuilt only when the data
version changes: one query of counts and maxima over the tables it reads, each answered from
an index or a small table. Any insert, or service-made change to skills, opportunities,
opt-ins, interests, goals or profiles changes the version and the next request rebuilds.
Deletions of people and of their skills only show in row counts, which cost a scan of the
two largest tables (about 0.2 s at 100,000 people on PostgreSQL): those counts are read every
``_SLOW_CHECK_S`` at most, and pages about one person pass ``person_id`` so that the person's
own skills and target roles are compared with the state on every request — someone who
removes a skill sees it gone at once. Changes the version cannot see (a person's role start
date edited in the admin) are picked up after ``_MAX_AGE_S`` at the latest.

When someone else's change makes the state stale, the request that notices it starts one
rebuild in the background (:mod:`trellis.market.refresh`) and is answered from the stale
state (at most a few seconds old at 100,000 people), so nobody waits for a rebuild caused by
another person's edit. A request about a person whose own data the state lacks still
rebuilds at once, so people see their own changes. ``TRELLIS_MARKET_BACKGROUND_REFRESH``
turns the background rebuild off (the tests do, to stay on one database connection).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from trellis.market import refresh, statefile
from trellis.market.fetch import MarketData, build_market_data
from trellis.market.models import Interest, MarketplaceOptIn, Opportunity, OpportunitySkill
from trellis.market.overlay import OwnRows, own_rows, own_signature, person_overlay

_MAX_AGE_S = 600.0
_SLOW_CHECK_S = 30.0

_lock = threading.Lock()
_cache: dict[str, MarketData] = {}
# The slow part of the version and when it was read (monotonic seconds).
_slow: dict[str, Any] = {"at": -_SLOW_CHECK_S, "value": ()}


def market_data(*, force: bool = False, person_id: int | None = None) -> MarketData:
    """The state for the current data version, rebuilt when the data changed.

    With ``person_id``, the state is also rebuilt when it no longer holds that person's
    own skills or target roles (see :func:`person_is_current`). A state made stale only by
    other people's changes is returned while a background rebuild runs (see the module's
    docstring).
    """
    if settings.TRELLIS_MARKET_STATE_FILE and not force:
        # Production: the worker's state file, mapped and shared by every web worker
        # (trellis.market.statefile); a person whose own latest changes it lacks gets their
        # rows made again over it (trellis.market.overlay). Built here only while there is no
        # file yet, or for someone the file does not hold.
        mapped = statefile.state_current()
        if mapped is not None:
            own = own_rows(person_id) if person_id is not None else None
            if person_id is None or own is None or _holds(mapped, person_id, own):
                with _lock:
                    _cache.clear()  # a private build made meanwhile is no longer needed
                    _forget_overlays(but=mapped)
                return mapped
            overlaid = _overlay(mapped, person_id, own)
            if overlaid is not None:
                return overlaid
    version = data_version()
    with _lock:
        cached = _cache.get("all")
    if cached is not None and not force:
        young = time.monotonic() - cached.built_at < _MAX_AGE_S
        mine_ok = person_id is None or person_is_current(cached, person_id)
        if young and mine_ok and cached.version == version:
            return cached
        if young and mine_ok and settings.TRELLIS_MARKET_BACKGROUND_REFRESH:
            # The version is read again by the rebuild: a change made meanwhile shows as a
            # newer version next time and starts another rebuild.
            refresh.start(lambda: _rebuild(data_version()))
            return cached
    return _rebuild(version)


def cache_clear() -> None:
    with _lock:
        _cache.clear()
        _overlays.clear()
        _slow.update(at=-_SLOW_CHECK_S, value=())


def _rebuild(version: tuple[Any, ...]) -> MarketData:
    data = build_market_data()
    data.version = version
    data.built_at = time.monotonic()
    with _lock:
        _cache["all"] = data
    return data


def person_is_current(data: MarketData, person_id: int) -> bool:
    """Whether the state holds the person's current skills and open target roles.

    Two indexed queries on the person's own rows; a person missing from the state (new,
    or not active) counts as current when they have no skills.
    """
    return _holds(data, person_id, own_rows(person_id))


def _holds(data: MarketData, person_id: int, own: OwnRows) -> bool:
    i = data.person_index.get(person_id)
    if i is None:
        return not own.skills
    return int(data.person_sig[i]) == own_signature(data, own)


# The latest overlays of this process (one person's own changes over a mapped version), so
# that the pages of someone who just edited their skills do not make them again each time.
_OVERLAYS_KEPT = 2
_overlays: dict[tuple[Any, ...], MarketData] = {}


def _forget_overlays(*, but: MarketData) -> None:
    """Drop the overlays of any other mapped version (they hold its old file open); under
    ``_lock``."""
    for key in [k for k in _overlays if k[1] != id(but)]:
        del _overlays[key]


def _overlay(mapped: MarketData, person_id: int, own: OwnRows) -> MarketData | None:
    key = (mapped.version, id(mapped), person_id, own_signature(mapped, own))
    with _lock:
        found = _overlays.get(key)
    if found is not None:
        return found
    made = person_overlay(mapped, person_id, own)
    if made is not None:
        with _lock:
            _forget_overlays(but=mapped)
            while len(_overlays) >= _OVERLAYS_KEPT:
                _overlays.pop(next(iter(_overlays)))
            _overlays[key] = made
    return made


# --- the data version -----------------------------------------------------------------------


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


def market_state_write(
    *, root: Path | None = None, max_age: dt.timedelta = statefile.STATE_MAX_AGE
) -> str:
    """The worker's job: write a new version when the data changed (or the current one is
    older than ``max_age``: changes the data version cannot see, such as a role start date
    edited in the admin, are picked up then); returns a one-line summary."""
    version = tuple(str(v) for v in data_version())
    current = statefile.current_manifest(root=root)
    if current is not None and current.get("data_version") == list(version):
        written = dt.datetime.fromisoformat(str(current.get("written_at")))
        if dt.datetime.now(dt.UTC) - written < max_age:
            return "unchanged"
    started = time.perf_counter()
    data = build_market_data()
    data.version = version
    folder = statefile.state_write(data, root=root)
    return (
        f"wrote {folder.name}: {data.state.n_people} people, {data.state.n_opps} opportunities "
        f"in {time.perf_counter() - started:.1f} s"
    )
