"""Buddy and mentor pairing rounds: fetch → engine pairing → stored pairs with plain reasons.

Buddies are drawn from opted-in people who asked for one; mentors from opted-in people who
offer mentee seats, paired with people who asked for a mentor in a skill (first: see
:data:`trellis.engine.pairing.REQUEST_PRIORITY`) and with opted-in people who want to grow at
least one skill. The engine pairs across teams by what one can teach the other and, for
buddies, by the interests they share (tags from "interests and hobbies" shared with the
marketplace, see :mod:`trellis.market.fetch`); the reasons are stored as plain sentences so
the pair sees why, even after the data changes.

Pairs hold their people: someone in a proposed or accepted pair of a kind is not paired again
in that kind, and a mentor's proposed and accepted mentees fill their seats, until the pair
is declined (:mod:`trellis.market.pairing_answers`). A round locks the opt-ins and open asks
it reads, so two rounds run at once cannot pair the same person twice. Whoever asked and was
left out is told why (:class:`~trellis.market.models.PairingLeftOut`) and stays in for the
next round.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from trellis.careers.notify import notify
from trellis.engine import pairing as engine_pairing
from trellis.market.cache import market_data
from trellis.market.fetch import MarketData
from trellis.market.models import (
    ACTIVE_PAIR,
    LeftOutReason,
    MarketplaceOptIn,
    MentorRequest,
    Pairing,
    PairingKind,
    PairingLeftOut,
    PairingRound,
    RequestStatus,
)
from trellis.market.services import MarketError
from trellis.org.models import Person
from trellis.org.services import audit_record
from trellis.skills.models import Skill

if TYPE_CHECKING:
    from trellis.org.access import Viewer


@dataclass
class _Pair:
    a: int  # person index (mentor for mentors)
    b: int
    weight: float
    reasons: list[str]
    request: MentorRequest | None = None


@dataclass
class _LeftOut:
    person_id: int
    reason: str
    message: str
    request: MentorRequest | None = None


@dataclass
class _Result:
    pairs: list[_Pair] = field(default_factory=list)
    left_out: list[_LeftOut] = field(default_factory=list)


def _indices(data: MarketData, ids: list[int]) -> np.ndarray:
    rows = data.person_index.rows(ids)
    return rows[rows >= 0]


def _names(data: MarketData, idx: list[int]) -> dict[int, Person]:
    return Person.objects.in_bulk([int(data.person_ids[i]) for i in idx])


def _teach_sentences(
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


def _skill_names(data: MarketData, reasons: list[tuple]) -> dict[int, str]:
    ids = {int(data.skill_ids[t.skill]) for r in reasons for t in r}
    return dict(Skill.objects.filter(pk__in=ids).values_list("id", "name"))


def _held(kind: str) -> Counter[int]:
    """Per person, the pairs of this kind that hold them (as mentor: seats taken)."""
    held: Counter[int] = Counter()
    rows = Pairing.objects.filter(round__kind=kind, status__in=ACTIVE_PAIR)
    for first, second in rows.values_list("first_id", "second_id"):
        held[first] += 1
        if kind == PairingKind.BUDDY:
            held[second] += 1
        else:
            held[-second] += 1  # as mentee (negative key: the mentee side)
    return held


_BUDDY_TOLD = {
    LeftOutReason.NO_PARTNER: "Nobody in another team who asked for a buddy could teach you "
    "something you want to grow, learn from you, or shares an interest you share with the "
    "marketplace. You stay on the list for the next round.",
    LeftOutReason.CAPACITY: "Everyone in another team who suited you was paired with someone "
    "this round. You stay on the list for the next round.",
}


def _buddies(data: MarketData, asking: list[int]) -> _Result:
    held = _held(PairingKind.BUDDY)
    people = _indices(data, [p for p in asking if not held[p]])
    if people.shape[0] < 2:
        raise MarketError("At least two people without a buddy must ask for a buddy.")
    found = engine_pairing.pair_buddies(data.state, people=people)
    reasons = [found.reasons(i) for i in range(found.a.shape[0])]
    skill_names = _skill_names(data, [(*r.a_teaches_b, *r.b_teaches_a) for r in reasons])
    by_id = _names(data, [*found.a.tolist(), *found.b.tolist()])
    result = _Result()
    for i, r in enumerate(reasons):
        a, b = int(found.a[i]), int(found.b[i])
        first, second = by_id[int(data.person_ids[a])], by_id[int(data.person_ids[b])]
        text = (
            _teach_sentences(data, first, second, r.a_teaches_b, skill_names)
            + _teach_sentences(data, second, first, r.b_teaches_a, skill_names)
            + _shared_sentence(data, first, second, r.shared_tags)
        )
        result.pairs.append(_Pair(a, b, float(found.weight[i]), text))
    alone, why = engine_pairing.buddies_left_out(found, people)
    for p, code in zip(alone.tolist(), why.tolist(), strict=True):
        reason = _REASON[code]
        result.left_out.append(_LeftOut(int(data.person_ids[p]), reason, _BUDDY_TOLD[reason]))
    return result


_REASON = {
    engine_pairing.NO_PARTNER: LeftOutReason.NO_PARTNER,
    engine_pairing.TAKEN: LeftOutReason.CAPACITY,
}


def _mentor_told(reason: str, skill: str) -> str:
    if reason == LeftOutReason.NO_PARTNER:
        return (
            f"No mentor in another team with free seats knows {skill} above your level. "
            "Your ask stays open for the next round."
        )
    return (
        f"The mentors in other teams who know {skill} had all their seats taken this round. "
        "Your ask stays open for the next round."
    )


def pairing_run(*, viewer: Viewer, kind: str) -> PairingRound:
    if kind not in PairingKind.values:
        raise MarketError("Choose buddies or mentors.")
    with transaction.atomic():
        # Locked in a fixed order: a second round run at the same moment waits here, then
        # sees the pairs this one made.
        opted = list(
            MarketplaceOptIn.objects.select_for_update()
            .filter(opted_in=True)
            .order_by("pk")
            .values_list("person_id", "mentor_capacity", "wants_buddy")
        )
        # Built afresh: the reasons name shared interests, which must come from sections
        # still shared with the marketplace now, not from a bundle that may predate a change.
        data = market_data(force=True)
        if kind == PairingKind.BUDDY:
            result = _buddies(data, [p for p, _, wants in opted if wants])
        else:
            from trellis.market.pairing_mentors import mentor_result

            result = mentor_result(data, opted, _held(PairingKind.MENTOR), _mentor_told)
        return _store(viewer, kind, data, result)


def _store(viewer: Viewer, kind: str, data: MarketData, result: _Result) -> PairingRound:
    pr = PairingRound.objects.create(kind=kind, created_by=viewer.actor)
    by_id = _names(data, [x for p in result.pairs for x in (p.a, p.b)])
    label = "mentor pairing" if kind == PairingKind.MENTOR else "career buddy"
    url = reverse("market:my_pairs")
    for p in result.pairs:
        first, second = by_id[int(data.person_ids[p.a])], by_id[int(data.person_ids[p.b])]
        Pairing.objects.create(
            round=pr,
            first=first,
            second=second,
            weight=p.weight,
            reasons=p.reasons or ["Different teams, complementary profiles"],
            request=p.request,
        )
        if p.request is not None:
            p.request.status = RequestStatus.PAIRED
            p.request.save(update_fields=["status", "updated_at"])
        for person, other in ((first, second), (second, first)):
            notify(
                recipient=person,
                message=f"New {label}: {other.full_name}. Accept or decline it.",
                url=url,
            )
    people = Person.objects.in_bulk([x.person_id for x in result.left_out])
    for x in result.left_out:
        PairingLeftOut.objects.create(
            round=pr, person_id=x.person_id, request=x.request, reason=x.reason, message=x.message
        )
        notify(recipient=people[x.person_id], message=x.message[:300], url=url)
    audit_record(
        actor=viewer.user,
        action="market.pairing.run",
        target=pr,
        detail={"pairs": len(result.pairs), "left_out": len(result.left_out)},
    )
    return pr


def open_requests_locked() -> list[MentorRequest]:
    """Open asks for a mentor by active people, locked for the round (oldest first)."""
    return list(
        MentorRequest.objects.select_for_update(of=("self",))
        .filter(Q(status=RequestStatus.OPEN) & Q(person__is_active=True))
        .select_related("skill", "person")
        .order_by("pk")
    )
