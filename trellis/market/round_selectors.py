"""Permission-aware reads for the round pages: matching rounds, pairing rounds, pairs.

Rounds and pairing rounds are for HR partners and admins (``market/access.py``); anyone else
gets the 404 a missing one gets. A person reads only the pairs they are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.market.models import Opportunity, OpportunityStatus, Pairing, PairingRound, Round
from trellis.org.models import Person

if TYPE_CHECKING:
    from trellis.market.rounds import Prepared
    from trellis.org.access import Viewer


def rounds_recent(*, viewer: Viewer, limit: int = 50) -> QuerySet[Round]:
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    return Round.objects.all()[:limit]


def round_candidates(*, viewer: Viewer, kind: str, limit: int = 500) -> QuerySet[Opportunity]:
    """The open opportunities a new round may clear, of one kind or all."""
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    opps = Opportunity.objects.filter(status=OpportunityStatus.OPEN).select_related("unit")
    if kind:
        opps = opps.filter(kind=kind)
    return opps[:limit]


@dataclass(frozen=True)
class RoundPreview:
    """Both sides' preferences before a round runs: the first people's lists (opportunity,
    whether they expressed interest), and per opportunity how many listed it and its best."""

    n_people: int
    people: list[tuple[Person, list[tuple[Opportunity, bool]]]]
    opps: list[tuple[Opportunity, int, list[Person]]]


def round_preview(
    *, viewer: Viewer, prep: Prepared, limit: int = 15, shown: int = 5
) -> RoundPreview:
    """The preferences a prepared round would clear (:func:`trellis.market.rounds.prepare`):
    three queries, none per row."""
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    data, prefs = prep.data, prep.prefs
    opps = Opportunity.objects.in_bulk(data.opp_ids.tolist())
    opp_of = lambda e: opps[int(data.opp_ids[prefs.opp[e]])]  # noqa: E731
    pids = [int(data.person_ids[i]) for i in prep.people[:limit].tolist()]
    people = Person.objects.in_bulk(pids)
    ptr = prefs.ptr.tolist()
    lists = [
        (
            people[pid],
            [(opp_of(e), bool(prefs.interest[e])) for e in range(ptr[row], ptr[row + 1])][:shown],
        )
        for row, pid in enumerate(pids)
    ]
    # Entries by opportunity, each opportunity's best first (ties in entry order).
    n = prefs.opp.shape[0]
    order = np.lexsort((np.arange(n), prefs.opp_rank, prefs.opp)).tolist()
    row_of = prefs.person_of.tolist()
    by_opp: dict[int, list[int]] = {o: [] for o in range(prefs.n_opps)}
    for e in order:
        by_opp[int(prefs.opp[e])].append(e)
    top = {
        o: [int(data.person_ids[prep.people[row_of[e]]]) for e in entries[:shown]]
        for o, entries in by_opp.items()
    }
    names = Person.objects.in_bulk({p for best in top.values() for p in best})
    return RoundPreview(
        n_people=int(prefs.n_people),
        people=lists,
        opps=[
            (opps[int(data.opp_ids[o])], len(by_opp[o]), [names[p] for p in top[o]])
            for o in range(prefs.n_opps)
        ],
    )


def round_misses(*, viewer: Viewer, rnd: Round, limit: int = 50) -> list[tuple[Any, Any]]:
    """People the round left unmatched, each with the opportunities they missed and why."""
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    unmatched = rnd.summary.get("unmatched", {})
    ids = [int(p) for p in list(unmatched)[:limit]]
    people = Person.objects.in_bulk(ids)
    opps = Opportunity.objects.in_bulk({m[0] for p in ids for m in unmatched[str(p)]})
    return [
        (people[p], [(opps[m[0]], m[1], m[2]) for m in unmatched[str(p)] if m[0] in opps])
        for p in ids
        if p in people
    ]


def pairing_rounds_recent(*, viewer: Viewer, limit: int = 30) -> QuerySet[PairingRound]:
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    return PairingRound.objects.all()[:limit]


def pairing_round_get(*, viewer: Viewer, pk: int) -> PairingRound:
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    found = PairingRound.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such page.")
    return found


def pairings_of(*, viewer: Viewer) -> QuerySet[Pairing]:
    """The viewer's own buddies and mentors; a user without a person has none to read."""
    if viewer.person is None:
        raise Http404("No such page.")
    me = viewer.person
    return Pairing.objects.filter(Q(first=me) | Q(second=me)).select_related(
        "first", "second", "round"
    )
