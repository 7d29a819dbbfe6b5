"""The completeness "puzzle": which pull categories a viewer knows about a person.

Pure functions over plain values, so the prep sheet, the coverage page, the API and the
tests share one rule:

* A piece (one pull category) is **known** when its newest piece of evidence is at most
  six months old (182 days) on ``today``.
* It is **stale** when evidence exists but the newest is older than that.
* It is **missing** when there is no evidence at all.

Evidence comes from the profile sections the viewer may read (dated by the profile's last
change, the only date a profile keeps), the map (goals and learning actions), skills the
person wants to grow, and pull items of conversations the viewer may read. It never
includes sections the viewer may not read: a private section counts as missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from trellis.talks.models import PullCategory

STALE_AFTER = dt.timedelta(days=182)


class State:
    KNOWN = "known"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class Evidence:
    category: str
    source: str  # "profile", "map", "skills" or "conversation"
    text: str
    on: dt.date


@dataclass(frozen=True)
class Piece:
    category: str
    label: str
    state: str
    latest: dt.date | None
    evidence: list[Evidence] = field(default_factory=list)


def state_of(latest: dt.date | None, today: dt.date) -> str:
    if latest is None:
        return State.MISSING
    return State.KNOWN if today - latest <= STALE_AFTER else State.STALE


def puzzle(evidence: Iterable[Evidence], *, today: dt.date, keep: int = 3) -> list[Piece]:
    """One piece per pull category, in the category order, newest evidence first.

    ``keep`` bounds the evidence kept per piece (what the prep sheet shows), not the
    dates used for the state: every piece of evidence counts for ``latest``.
    """
    by_category: dict[str, list[Evidence]] = {c: [] for c in PullCategory.values}
    for item in evidence:
        if item.category in by_category:
            by_category[item.category].append(item)
    pieces = []
    for category, label in PullCategory.choices:
        items = sorted(by_category[category], key=lambda e: e.on, reverse=True)
        latest = items[0].on if items else None
        pieces.append(
            Piece(
                category=category,
                label=label,
                state=state_of(latest, today),
                latest=latest,
                evidence=items[:keep],
            )
        )
    return pieces


def known_count(pieces: Iterable[Piece]) -> int:
    return sum(1 for p in pieces if p.state == State.KNOWN)
