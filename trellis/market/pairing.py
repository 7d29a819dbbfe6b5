"""Buddy and mentor pairing rounds: fetch → engine pairing → stored pairs with plain reasons.

Buddies are drawn from opted-in people who asked for one; mentors from opted-in people who
offer mentee seats, paired with opted-in people who want to grow at least one skill. The
engine pairs across teams by what one can teach the other and, for buddies, by the interests
they share (tags from "interests and hobbies" shared with the marketplace, see
:mod:`trellis.market.fetch`); the reasons are stored as plain sentences so the pair sees why,
even after the data changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from trellis.careers.notify import notify
from trellis.engine import pairing as engine_pairing
from trellis.market.cache import market_data
from trellis.market.fetch import MarketData
from trellis.market.models import MarketplaceOptIn, Pairing, PairingKind, PairingRound
from trellis.market.services import MarketError
from trellis.org.models import Person
from trellis.org.services import audit_record
from trellis.skills.models import Skill

if TYPE_CHECKING:
    from trellis.org.access import Viewer


def _sentences(
    data: MarketData, teacher: Person, learner: Person, skills: tuple, names: dict[int, str]
) -> list[str]:
    return [
        f"{teacher.first_name} can help {learner.first_name} with "
        f"{names.get(int(data.skill_ids[t.skill]), '?')} ({t.teacher_level} vs {t.learner_level})"
        for t in skills[:3]
    ]


def _shared_sentence(data: MarketData, a: Person, b: Person, tags: tuple[int, ...]) -> list[str]:
    names = sorted(data.tag_names[t] for t in tags if 0 <= t < len(data.tag_names))[:3]
    if not names:
        return []
    return [f"{a.first_name} and {b.first_name} both enjoy {', '.join(names)}"]


def _indices(data: MarketData, ids: list[int]) -> np.ndarray:
    return np.array([data.person_index[p] for p in ids if p in data.person_index], np.int64)


_Pair = tuple[int, int, float, tuple, tuple, tuple[int, ...]]


def _buddy_pairs(data: MarketData, opted: QuerySet[MarketplaceOptIn]) -> list[_Pair]:
    """(a, b, weight, what a teaches b, what b teaches a, shared tags) of the buddy pairs."""
    people = _indices(
        data, list(opted.filter(wants_buddy=True).values_list("person_id", flat=True))
    )
    if people.shape[0] < 2:
        raise MarketError("At least two people must ask for a buddy.")
    result = engine_pairing.pair_buddies(data.state, people=people)
    pairs: list[_Pair] = []
    for i in range(result.a.shape[0]):
        r = result.reasons(i)
        pairs.append(
            (
                int(result.a[i]),
                int(result.b[i]),
                float(result.weight[i]),
                r.a_teaches_b,
                r.b_teaches_a,
                r.shared_tags,
            )
        )
    return pairs


def _mentor_pairs(data: MarketData, opted: QuerySet[MarketplaceOptIn]) -> list[_Pair]:
    """(mentor, mentee, weight, what the mentor teaches, (), shared tags) of the mentorships."""
    state = data.state
    mentor_rows = list(
        opted.filter(mentor_capacity__gt=0).values_list("person_id", "mentor_capacity")
    )
    mentors = _indices(data, [m for m, _ in mentor_rows])
    cap = np.array([c for m, c in mentor_rows if m in data.person_index], np.int64)
    mentor_set = set(mentors.tolist())
    everyone = _indices(data, list(opted.values_list("person_id", flat=True))).tolist()
    mentees = np.array([i for i in everyone if i not in mentor_set], np.int64)
    if mentors.shape[0] == 0 or mentees.shape[0] == 0:
        raise MarketError("A mentor round needs mentors with seats and people to mentor.")
    assignment = engine_pairing.assign_mentors(state, mentees, mentors, cap)
    pairs: list[_Pair] = []
    for e, m in enumerate(assignment.mentor_of.tolist()):
        if m >= 0:
            mentor, mentee = int(mentors[m]), int(mentees[e])
            teaches = engine_pairing.mentor_reasons(state, mentor, mentee)
            shared = engine_pairing.pair_reasons(state, mentor, mentee).shared_tags
            pairs.append((mentor, mentee, float(assignment.weight[e]), teaches, (), shared))
    return pairs


@transaction.atomic
def pairing_run(*, viewer: Viewer, kind: str) -> PairingRound:
    if kind not in PairingKind.values:
        raise MarketError("Choose buddies or mentors.")
    # Built afresh: the reasons name shared interests, which must come from sections still
    # shared with the marketplace now, not from a bundle that may predate a change.
    data = market_data(force=True)
    opted = MarketplaceOptIn.objects.filter(opted_in=True)
    pairs = _buddy_pairs(data, opted) if kind == PairingKind.BUDDY else _mentor_pairs(data, opted)
    ids = {int(data.person_ids[x]) for a, b, *_ in pairs for x in (a, b)}
    people_by_id = Person.objects.in_bulk(list(ids))
    skill_ids = {int(data.skill_ids[t.skill]) for *_, ab, ba, _ in pairs for t in (*ab, *ba)}
    names = dict(Skill.objects.filter(pk__in=skill_ids).values_list("id", "name"))
    pr = PairingRound.objects.create(kind=kind, created_by=viewer.actor)
    label = "mentor pairing" if kind == PairingKind.MENTOR else "career buddy"
    for a, b, w, ab, ba, shared in pairs:
        first = people_by_id[int(data.person_ids[a])]
        second = people_by_id[int(data.person_ids[b])]
        reasons = (
            _sentences(data, first, second, ab, names)
            + _sentences(data, second, first, ba, names)
            + _shared_sentence(data, first, second, shared)
        )
        Pairing.objects.create(
            round=pr,
            first=first,
            second=second,
            weight=w,
            reasons=reasons or ["Different teams, complementary profiles"],
        )
        for person, other in ((first, second), (second, first)):
            notify(
                recipient=person,
                message=f"New {label}: {other.full_name}.",
                url=reverse("market:my_pairs"),
            )
    audit_record(
        actor=viewer.user, action="market.pairing.run", target=pr, detail={"pairs": len(pairs)}
    )
    return pr
