"""A person's own latest changes over the worker's mapped state, without rebuilding it.

The worker writes the market state for everyone about once a minute; a person who has just
changed their own skills or target roles must see it at once on their own pages. Rather than
building the whole state again in the web worker (seconds and hundreds of MiB at 100,000
people), :func:`person_overlay` makes that person's rows again over the mapped state
(:func:`trellis.engine.overlay.with_person`): their scores and explanations are a full build's,
while everyone else's rows and the opportunities stay shared with the mapped file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from trellis.engine.data import KEEP
from trellis.engine.overlay import PersonUpdate, with_person
from trellis.market.fetch import APPETITE, MarketData, person_signature


@dataclass(frozen=True)
class OwnRows:
    """A person's own rows as the database holds them now."""

    skills: list[tuple[int, int, str]]  # (skill id, level, appetite)
    target_roles: list[int]  # role ids of open goals


def own_rows(person_id: int) -> OwnRows:
    """Two indexed queries on the person's own rows."""
    from trellis.careers.models import Goal, Status
    from trellis.skills.models import PersonSkill

    skills = list(
        PersonSkill.objects.filter(person_id=person_id).values_list("skill_id", "level", "appetite")
    )
    roles = Goal.objects.filter(
        person_id=person_id,
        target_role__isnull=False,
        status__in=[Status.PLANNED, Status.ACTIVE],
    ).values_list("target_role_id", flat=True)
    return OwnRows(skills=skills, target_roles=[int(r) for r in roles if r is not None])


def own_signature(data: MarketData, own: OwnRows) -> int:
    """:func:`~trellis.market.fetch.person_signature` of these rows, as a build of ``data``
    would record it (target roles the state knows)."""
    return person_signature(own.skills, (r for r in own.target_roles if r in data.role_index))


def person_overlay(data: MarketData, person_id: int, own: OwnRows) -> MarketData | None:
    """``data`` with the person's rows made from ``own``; None when the state does not hold
    the person (someone new: only a build adds a row). Skills the state does not know (held
    by nobody and asked for by no opportunity or role) are left out: they change no score."""
    i = data.person_index.get(person_id)
    if i is None:
        return None
    ids = np.array([s for s, _, _ in own.skills], np.int64)
    known = data.skill_ids
    at = np.minimum(np.searchsorted(known, ids), max(known.shape[0] - 1, 0))
    found = known[at] == ids if known.shape[0] else np.zeros(ids.shape[0], np.bool_)
    level = np.array([lv for _, lv, _ in own.skills], np.int64)
    appetite = np.array([APPETITE.get(a, KEEP) for _, _, a in own.skills], np.int64)
    roles = data.role_index.rows(sorted(set(own.target_roles)))
    update = PersonUpdate(
        skill=at[found], level=level[found], appetite=appetite[found], target_role=roles[roles >= 0]
    )
    signatures = np.array(data.person_sig, dtype=np.int64)
    signatures[i] = own_signature(data, own)
    return dataclasses.replace(
        data, state=with_person(data.state, i, update), person_sig=signatures
    )
