"""Matching rounds: fetch → engine → persist, stored with their inputs so they can be replayed.

A round takes a set of open opportunities and opted-in people, builds both sides' preferences
(each person's top list by mutual value with explicit interests first; each opportunity's
order by readiness), applies HR's adjustments (a *locked* pair is assigned before the round
and takes a seat; an *excluded* pair is removed from the lists) and clears it by deferred
acceptance. The cleared preference arrays are stored, so :func:`round_replay` reproduces the
assignment exactly whatever happened to the data since.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trellis.careers.notify import notify
from trellis.engine.rounds import (
    Preferences,
    RoundResult,
    build_preferences,
    make_preferences,
    run_round,
)
from trellis.engine.topk import all_top_opportunities
from trellis.market.fetch import MarketData, build_market_data
from trellis.market.models import (
    FINAL_STATUSES,
    SEAT_STATUSES,
    Interest,
    InterestEvent,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    Round,
    RoundAssignment,
    RoundStatus,
)
from trellis.market.services import MarketError, opportunities_lock, seats_held
from trellis.org.longwork import Tick, no_tick
from trellis.org.services import audit_record

if TYPE_CHECKING:
    from trellis.org.access import Viewer

LIST_LENGTH = 20
# Who proposes in deferred acceptance: people get their best stable result, or opportunities do.
PROPOSING = ("people", "opportunities")
_PREF_FIELDS = ("ptr", "opp", "opp_rank", "person_score", "opp_score", "capacity", "interest")


@dataclass
class Prepared:
    data: MarketData
    people: np.ndarray  # engine indices of the round's people, in round order
    prefs: Preferences
    locks: list[tuple[int, int]]  # (person id, opportunity id)
    held: dict[int, int] = field(default_factory=dict)  # seats already held, per opportunity
    excludes: list[tuple[int, int]] = field(default_factory=list)  # pairs HR took out


def _known(rows: np.ndarray) -> np.ndarray:
    """The rows of an :meth:`~trellis.market.ids.IdIndex.rows` answer that were found."""
    return rows[rows >= 0]


def prepare(
    *,
    opportunity_ids: list[int],
    person_ids: list[int] | None = None,
    locks: list[tuple[int, int]] = (),  # type: ignore[assignment]
    excludes: list[tuple[int, int]] = (),  # type: ignore[assignment]
    list_length: int = LIST_LENGTH,
) -> Prepared:
    """Both sides' preferences for a round over these opportunities (all opted-in people).

    Each opportunity clears only its free seats: its capacity less the offers and accepted
    places it already holds, less its locked pairs. A person is never listed for an
    opportunity they already hold a seat of, or declined, or withdrew from.
    """
    open_ids = list(
        Opportunity.objects.filter(
            id__in=opportunity_ids, status=OpportunityStatus.OPEN
        ).values_list("id", flat=True)
    )
    if not open_ids:
        raise MarketError("Choose at least one open opportunity.")
    data = build_market_data(opportunity_ids=open_ids)
    state = data.state
    locked_people = {p for p, _ in locks}
    candidates = (
        np.flatnonzero(state.opted_in)
        if person_ids is None
        else _known(data.person_index.rows(person_ids))
    )
    people = np.array(
        [
            i
            for i in candidates.tolist()
            if state.opted_in[i] and int(data.person_ids[i]) not in locked_people
        ],
        np.int64,
    )
    lists = all_top_opportunities(state, list_length, people=people, require_opt_in=True)
    prefs = build_preferences(state, lists, people=people)
    held = seats_held(open_ids)
    for oid, n in held.items():
        row = data.opp_index[oid]
        prefs.capacity[row] = max(0, int(prefs.capacity[row]) - n)
    for _, oid in locks:
        o = data.opp_index.get(oid)
        if o is None:
            raise MarketError("A locked pair names an opportunity outside the round.")
        if prefs.capacity[o] < 1:
            raise MarketError("No seat is left on this opportunity for the locked pair.")
        prefs.capacity[o] -= 1
    closed = set(excludes) | _answered_pairs(data, people, open_ids)
    if closed:
        prefs = _without(prefs, data, people, closed)
    return Prepared(
        data=data, people=people, prefs=prefs, locks=list(locks), held=held, excludes=list(excludes)
    )


def _answered_pairs(
    data: MarketData, people: np.ndarray, opp_ids: list[int]
) -> set[tuple[int, int]]:
    """(person, opportunity) pairs the round must not offer again: a seat is already held
    (offered or accepted) or the person declined or withdrew."""
    ids = set(data.person_ids[people].tolist())
    pairs = Interest.objects.filter(
        opportunity_id__in=opp_ids, status__in=SEAT_STATUSES | FINAL_STATUSES
    ).values_list("person_id", "opportunity_id")
    return {(p, o) for p, o in pairs if p in ids}


def _without(
    prefs: Preferences, data: MarketData, people: np.ndarray, pairs: set[tuple[int, int]]
) -> Preferences:
    """The preferences less these (person id, opportunity id) pairs, order kept."""
    person_ids = data.person_ids[people][prefs.person_of]
    opp_ids = data.opp_ids[prefs.opp]
    span = int(opp_ids.max()) + 1 if opp_ids.size else 1
    keys = person_ids * span + opp_ids
    # Only pairs that can be in the lists: any other id (even one past int64) drops nothing.
    dropped = np.array(
        [p * span + o for p, o in pairs if 0 <= o < span and p in data.person_index], np.int64
    )
    keep = ~np.isin(keys, dropped)
    if keep.all():
        return prefs
    kept_per_person = np.bincount(prefs.person_of[keep], minlength=prefs.n_people)
    cuts = np.cumsum(kept_per_person)[:-1]

    def split(values: np.ndarray) -> list[list[Any]]:
        return [part.tolist() for part in np.split(values[keep], cuts)]

    return make_preferences(
        split(prefs.opp),
        split(prefs.opp_score),
        prefs.capacity,
        person_scores=split(prefs.person_score),
        interest=split(prefs.interest),
    )


def _pack(prefs: Preferences) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{name: getattr(prefs, name) for name in _PREF_FIELDS})
    return buffer.getvalue()


def _unpack(blob: bytes, n_people: int, n_opps: int) -> Preferences:
    arrays = np.load(io.BytesIO(blob))
    return Preferences(n_people=n_people, n_opps=n_opps, **{n: arrays[n] for n in _PREF_FIELDS})


def round_run(
    *,
    viewer: Viewer,
    name: str,
    opportunity_ids: list[int],
    person_ids: list[int] | None = None,
    locks: list[tuple[int, int]] = (),  # type: ignore[assignment]
    excludes: list[tuple[int, int]] = (),  # type: ignore[assignment]
    proposing: str = "people",
    list_length: int = LIST_LENGTH,
    tick: Tick = no_tick,
) -> Round:
    """Prepare, clear and store a round with its assignments and near-misses.

    ``proposing`` is the side that proposes ("people": the result every person likes best
    among stable ones; "opportunities": the one owners like best); ``list_length`` caps each
    person's list. Both are stored with the inputs, so a replay clears the same way.
    ``tick(done, total, step)`` hears of its three steps (the command line's bar, the page's).

    Reading and clearing happen outside any transaction (they only read, and a round is a
    proposal until it is published, when the seats are checked again under lock), so the
    progress written between them is seen by other connections; storing is one transaction.
    """
    if proposing not in PROPOSING:
        raise MarketError("The proposing side is people or opportunities.")
    if not 1 <= list_length <= 200:
        raise MarketError("A list length is between 1 and 200.")
    tick(0, 3, "Reading the market")
    prep = prepare(
        opportunity_ids=opportunity_ids,
        person_ids=person_ids,
        locks=locks,
        excludes=excludes,
        list_length=list_length,
    )
    tick(1, 3, "Matching")
    result = run_round(prep.prefs, proposing=proposing)  # type: ignore[arg-type]
    tick(2, 3, "Storing the round")
    with transaction.atomic():
        rnd = _store_round(viewer, name, prep, result, proposing=proposing, list_length=list_length)
    tick(3, 3, "Storing the round")
    return rnd


def _store_round(
    viewer: Viewer,
    name: str,
    prep: Prepared,
    result: RoundResult,
    *,
    proposing: str,
    list_length: int,
) -> Round:
    data = prep.data
    excludes = prep.excludes
    rnd = Round.objects.create(
        name=name[:200] or "Matching round",
        created_by=viewer.actor,
        inputs={
            "opportunities": data.opp_ids.tolist(),
            "people": data.person_ids[prep.people].tolist(),
            "locks": [list(p) for p in prep.locks],
            "excludes": [list(p) for p in excludes],
            "proposing": proposing,
            "list_length": list_length,
            # Seats already offered or accepted when the round ran, left out of its capacity.
            "seats_held": {str(o): n for o, n in sorted(prep.held.items())},
        },
        preferences=_pack(prep.prefs),
        blocking_pairs=int(result.blocking_pairs),
        summary=_summary(prep, result),
    )
    _store_assignments(rnd, prep, result)
    audit_record(
        actor=viewer.user,
        action="market.round.run",
        target=rnd,
        detail={"people": int(prep.people.shape[0]), "opportunities": int(data.state.n_opps)},
    )
    return rnd


def _summary(prep: Prepared, result: RoundResult) -> dict[str, Any]:
    data, prefs = prep.data, prep.prefs
    unmatched: dict[str, list[list[float]]] = {}
    for row in np.flatnonzero(result.assignment < 0).tolist():
        misses = result.near_misses(row)
        if misses:
            unmatched[str(int(data.person_ids[prep.people[row]]))] = [
                [int(data.opp_ids[m.opportunity]), round(m.score, 4), round(m.cutoff, 4)]
                for m in misses
                if np.isfinite(m.cutoff)
            ]
    return {
        "matched": int((result.assignment >= 0).sum()) + len(prep.locks),
        "people": int(prefs.n_people) + len(prep.locks),
        "unmatched": unmatched,
        "proposals": int(result.proposals),
    }


def _store_assignments(rnd: Round, prep: Prepared, result: RoundResult) -> None:
    data, prefs = prep.data, prep.prefs
    rows = np.flatnonzero(result.assignment >= 0)
    entries = (prefs.ptr[rows] + result.choice[rows]).astype(np.int64)
    objs = [
        RoundAssignment(
            round=rnd,
            person_id=int(data.person_ids[prep.people[r]]),
            opportunity_id=int(data.opp_ids[result.assignment[r]]),
            choice=int(result.choice[r]),
            readiness=float(prefs.opp_score[e]),
            mutual_value=float(prefs.person_score[e]),
            from_interest=bool(prefs.interest[e]),
        )
        for r, e in zip(rows.tolist(), entries.tolist(), strict=True)
    ]
    objs += [
        RoundAssignment(round=rnd, person_id=p, opportunity_id=o, choice=-1, locked=True)
        for p, o in prep.locks
    ]
    RoundAssignment.objects.bulk_create(objs, batch_size=2000)


def round_replay(rnd: Round) -> dict[int, int]:
    """Clear the stored preferences again: {person id: opportunity id} (locks included)."""
    people = rnd.inputs["people"]
    opps = rnd.inputs["opportunities"]
    prefs = _unpack(bytes(rnd.preferences), len(people), len(opps))
    result = run_round(prefs, proposing=rnd.inputs.get("proposing", "people"))
    out = {
        people[r]: opps[int(result.assignment[r])]
        for r in np.flatnonzero(result.assignment >= 0).tolist()
    }
    out.update({int(p): int(o) for p, o in rnd.inputs.get("locks", [])})
    return out


def stored_preferences(rnd: Round) -> Preferences:
    return _unpack(
        bytes(rnd.preferences), len(rnd.inputs["people"]), len(rnd.inputs["opportunities"])
    )


def _check_unpublished(rnd: Round, doing: str) -> None:
    """Only a round that was run and neither published nor adjusted may be ``doing``."""
    if rnd.status == RoundStatus.PUBLISHED:
        raise MarketError(
            "This round is already published."
            if doing == "published"
            else f"This round is already published; it cannot be {doing}."
        )
    if rnd.status == RoundStatus.SUPERSEDED:
        newer = rnd.superseded_by.name if rnd.superseded_by is not None else "a newer round"
        raise MarketError(
            f"This round was adjusted and is superseded by “{newer}”; it cannot be {doing}. "
            "Use the adjusted round."
        )


@transaction.atomic
def round_adjust(*, viewer: Viewer, rnd: Round, pair: tuple[int, int], lock: bool) -> Round:
    """Lock (or exclude) a pair and clear the round again as a new round that supersedes it.

    The old round is marked superseded in the same transaction, under its row lock, so it can
    never be published next to its adjusted copy (both would offer the same seats).
    """
    rnd = (
        Round.objects.select_for_update(of=("self",)).select_related("superseded_by").get(pk=rnd.pk)
    )
    _check_unpublished(rnd, "adjusted")
    locks = [(int(p), int(o)) for p, o in rnd.inputs.get("locks", [])]
    excludes = [(int(p), int(o)) for p, o in rnd.inputs.get("excludes", [])]
    (locks if lock else excludes).append(pair)
    new = round_run(
        viewer=viewer,
        name=f"{rnd.name} (adjusted)",
        opportunity_ids=rnd.inputs["opportunities"],
        person_ids=rnd.inputs["people"] + [p for p, _ in rnd.inputs.get("locks", [])],
        locks=locks,
        excludes=excludes,
        proposing=rnd.inputs.get("proposing", "people"),
        list_length=rnd.inputs.get("list_length", LIST_LENGTH),
    )
    rnd.status = RoundStatus.SUPERSEDED
    rnd.superseded_by = new
    rnd.save(update_fields=["status", "superseded_by"])
    audit_record(
        actor=viewer.user,
        action="market.round.adjust",
        target=rnd,
        detail={"superseded_by": new.pk, "pair": list(pair), "lock": lock},
    )
    return new


def _check_seats(to_offer: list[RoundAssignment], opps: dict[int, Opportunity]) -> None:
    """Refuse the whole publication if an offer would find no free seat or a closed door."""
    wanted: dict[int, int] = {}
    for a in to_offer:
        wanted[a.opportunity_id] = wanted.get(a.opportunity_id, 0) + 1
    held = seats_held(wanted)
    for oid, n in sorted(wanted.items()):
        opp = opps[oid]
        if opp.status != OpportunityStatus.OPEN:
            raise MarketError(f"“{opp.title}” is no longer open; run the round again.")
        free = max(0, opp.capacity - held.get(oid, 0))
        if n > free:
            raise MarketError(
                f"“{opp.title}” has {free} of {opp.capacity} seats free, but this round "
                f"offers {n}: offers were made since it ran. Run the round again."
            )


@transaction.atomic
def round_publish(*, viewer: Viewer, rnd: Round) -> int:
    """Turn every assignment into an offer (creating the interest if needed); notify each.

    The round's row and its opportunities' rows are locked (the opportunities in id order,
    like every seat-handing write) before the seats are counted, so two publications or an
    offer made at the same time cannot hand out more seats than an opportunity has: offers
    and accepted places stay within its capacity, or the publication is refused as a whole.
    """
    rnd = (
        Round.objects.select_for_update(of=("self",)).select_related("superseded_by").get(pk=rnd.pk)
    )
    _check_unpublished(rnd, "published")
    assignments = list(rnd.assignments.select_related("person"))
    opps = opportunities_lock(a.opportunity_id for a in assignments)
    existing = {
        (i.person_id, i.opportunity_id): i
        for i in Interest.objects.filter(
            person_id__in=[a.person_id for a in assignments],
            opportunity_id__in=opps,
        )
    }
    to_offer = [
        a
        for a in assignments
        if (i := existing.get((a.person_id, a.opportunity_id))) is None
        or i.status not in FINAL_STATUSES | SEAT_STATUSES
    ]
    _check_seats(to_offer, opps)
    for a in to_offer:
        _offer(
            viewer, rnd, a, opps[a.opportunity_id], existing.get((a.person_id, a.opportunity_id))
        )
    rnd.status = RoundStatus.PUBLISHED
    rnd.published_at = timezone.now()
    rnd.save(update_fields=["status", "published_at"])
    audit_record(
        actor=viewer.user,
        action="market.round.publish",
        target=rnd,
        detail={"offers": len(to_offer)},
    )
    return len(to_offer)


def _offer(
    viewer: Viewer, rnd: Round, a: RoundAssignment, opp: Opportunity, interest: Interest | None
) -> None:
    frm = interest.status if interest is not None else ""
    if interest is None:
        interest = Interest.objects.create(
            person=a.person, opportunity=opp, status=InterestStatus.OFFERED
        )
    else:
        interest.status = InterestStatus.OFFERED
        interest.save(update_fields=["status", "updated_at"])
    InterestEvent.objects.create(
        interest=interest, actor=viewer.actor, from_status=frm, to_status=InterestStatus.OFFERED
    )
    notify(
        recipient=a.person,
        message=f"The matching round “{rnd.name}” offers you “{opp.title}”.",
        url=reverse("market:interest", args=[interest.pk]),
    )
