"""Permission-aware reads for the round pages: matching rounds, pairing rounds, pairs.

Rounds and pairing rounds are for HR partners and admins (``market/access.py``); anyone else
gets the 404 a missing one gets. A person reads only the pairs they are in.
"""

from __future__ import annotations

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


def round_preview(*, viewer: Viewer, prep: Prepared, limit: int = 15) -> dict[str, Any]:
    """Both sides' preferences before a round runs: each person's first choices, and each
    opportunity's count of candidates with the first five in its order."""
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    data, prefs = prep.data, prep.prefs
    pids = [int(data.person_ids[i]) for i in prep.people[:limit].tolist()]
    people = Person.objects.in_bulk(pids)
    opps = Opportunity.objects.in_bulk(data.opp_ids.tolist())
    person_rows = []
    for row, pid in enumerate(pids):
        sl = range(int(prefs.ptr[row]), int(prefs.ptr[row + 1]))
        person_rows.append(
            (
                people[pid],
                [(opps[int(data.opp_ids[prefs.opp[e]])], bool(prefs.interest[e])) for e in sl][:5],
            )
        )
    opp_rows = []
    for o in range(prefs.n_opps):
        entries = [e for e in range(prefs.opp.shape[0]) if prefs.opp[e] == o]
        entries.sort(key=lambda e: int(prefs.opp_rank[e]))
        top = [int(data.person_ids[prep.people[_row_of(prefs, e)]]) for e in entries[:5]]
        opp_rows.append((opps[int(data.opp_ids[o])], len(entries), top))
    names = Person.objects.in_bulk({p for _, _, top in opp_rows for p in top})
    opps_named = [(o, n, [names[p] for p in top]) for o, n, top in opp_rows]
    return {"people": person_rows, "opps": opps_named, "n_people": int(prefs.n_people)}


def _row_of(prefs: Any, entry: int) -> int:
    return int(np.searchsorted(prefs.ptr, entry, side="right") - 1)


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
