"""HR's rounds as JSON: matching rounds (preview, run, adjust, publish, read), pairing rounds
(run, read) and the talent-exported report, through the same selectors as the HR pages.

Anyone but an HR partner or an admin gets the 404 a missing round gets.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router
from ninja.responses import Status as Reply

from trellis.market import round_selectors, rounds, selectors
from trellis.market.api.schemas import (
    ExportRowOut,
    PairingRoundBrief,
    PairingRoundOut,
    RoundBrief,
    RoundOut,
    RoundPreviewOut,
    RoundPublishedOut,
    TalentExportedOut,
)
from trellis.market.models import PairingKind, PairingRound, Round
from trellis.market.selectors import ExportRow
from trellis.market.services import MarketError
from trellis.org.access import hr_viewer, viewer_of
from trellis.org.schemas import ErrorOut
from trellis.org.validation import Id, IdIn, Input, Name

router = Router()

_ROUNDS_SHOWN = 50


class RoundIn(Input):
    name: Name
    opportunity_ids: list[IdIn] = Field(min_length=1, max_length=500)


class RoundPreviewIn(Input):
    opportunity_ids: list[IdIn] = Field(min_length=1, max_length=500)


class RoundAdjustIn(Input):
    person_id: IdIn
    opportunity_id: IdIn
    action: Literal["lock", "exclude"]


class PairingRunIn(Input):
    kind: PairingKind


def _round_out(r: Round) -> dict[str, Any]:
    return {
        "id": r.pk,
        "name": r.name,
        "status": r.status,
        "superseded_by": r.superseded_by_id,
        "blocking_pairs": r.blocking_pairs,
        "assignments": [
            {
                "person": a.person_id,
                "opportunity": a.opportunity_id,
                "choice": a.choice,
                "locked": a.locked,
            }
            for a in r.assignments.all()
        ],
    }


@router.get("/market/rounds", response=list[RoundBrief])
def round_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The latest matching rounds, newest first."""
    found = round_selectors.rounds_recent(viewer=hr_viewer(request), limit=_ROUNDS_SHOWN)
    return [
        {
            "id": r.pk,
            "name": r.name,
            "status": r.status,
            "created_at": r.created_at,
            "published_at": r.published_at,
            "superseded_by": r.superseded_by_id,
        }
        for r in found
    ]


@router.post("/market/rounds/preview", response={200: RoundPreviewOut, 400: ErrorOut})
def round_preview(request: HttpRequest, payload: RoundPreviewIn) -> Any:
    """Both sides' preferences the round would clear, without running it (nothing is saved)."""
    viewer = hr_viewer(request)
    try:
        prep = rounds.prepare(opportunity_ids=payload.opportunity_ids)
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    preview = round_selectors.round_preview(viewer=viewer, prep=prep)
    return {
        "n_people": preview.n_people,
        "people": [
            {
                "person": person.pk,
                "name": person.full_name,
                "choices": [
                    {"opportunity": o.pk, "title": o.title, "from_interest": interest}
                    for o, interest in choices
                ],
            }
            for person, choices in preview.people
        ],
        "opportunities": [
            {
                "opportunity": o.pk,
                "title": o.title,
                "listed_by": listed,
                "best": [p.pk for p in best],
            }
            for o, listed, best in preview.opps
        ],
    }


@router.post("/market/rounds", response={201: RoundOut, 400: ErrorOut})
def round_create(request: HttpRequest, payload: RoundIn) -> Any:
    viewer = hr_viewer(request)
    try:
        rnd = rounds.round_run(
            viewer=viewer, name=payload.name, opportunity_ids=payload.opportunity_ids
        )
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return Reply(201, _round_out(rnd))


@router.get("/market/rounds/{pk}", response=RoundOut)
def round_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _round_out(selectors.round_get_for_user(viewer=viewer_of(request), pk=pk))


@router.post("/market/rounds/{pk}/adjust", response={201: RoundOut, 400: ErrorOut})
def round_adjust(request: HttpRequest, pk: Id, payload: RoundAdjustIn) -> Any:
    """Lock or exclude a pair: a new round, which supersedes this one (no longer publishable)."""
    viewer = viewer_of(request)
    rnd = selectors.round_get_for_user(viewer=viewer, pk=pk)
    try:
        new = rounds.round_adjust(
            viewer=viewer,
            rnd=rnd,
            pair=(payload.person_id, payload.opportunity_id),
            lock=payload.action == "lock",
        )
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return Reply(201, _round_out(new))


@router.post("/market/rounds/{pk}/publish", response={200: RoundPublishedOut, 400: ErrorOut})
def round_publish(request: HttpRequest, pk: Id) -> Any:
    """Turn the round's assignments into offers; refused for a superseded or published round,
    or when an opportunity has fewer free seats than the round offers."""
    viewer = viewer_of(request)
    rnd = selectors.round_get_for_user(viewer=viewer, pk=pk)
    try:
        offers = rounds.round_publish(viewer=viewer, rnd=rnd)
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    rnd.refresh_from_db()
    return {**_round_out(rnd), "offers": offers}


def _pairing_round_out(pr: PairingRound, *, pairs: bool) -> dict[str, Any]:
    found = list(pr.pairings.select_related("first", "second")) if pairs else []
    out: dict[str, Any] = {
        "id": pr.pk,
        "kind": pr.kind,
        "created_at": pr.created_at,
        "pairs": len(found) if pairs else pr.pairings.count(),
    }
    if pairs:
        out["pairings"] = [
            {
                "first": p.first_id,
                "first_name": p.first.full_name,
                "second": p.second_id,
                "second_name": p.second.full_name,
                "weight": p.weight,
                "reasons": list(p.reasons),
            }
            for p in found
        ]
    return out


@router.get("/market/pairing-rounds", response=list[PairingRoundBrief])
def pairing_round_list(request: HttpRequest) -> list[dict[str, Any]]:
    found = round_selectors.pairing_rounds_recent(viewer=hr_viewer(request))
    return [_pairing_round_out(pr, pairs=False) for pr in found]


@router.post("/market/pairing-rounds", response={201: PairingRoundOut, 400: ErrorOut})
def pairing_round_run(request: HttpRequest, payload: PairingRunIn) -> Any:
    """Pair everyone opted in who asked for a buddy (``buddy``), or mentors with mentees
    (``mentor``); each person paired is told."""
    from trellis.market.pairing import pairing_run  # the engine loads on first use only

    viewer = hr_viewer(request)
    try:
        pr = pairing_run(viewer=viewer, kind=str(payload.kind))
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return Reply(201, _pairing_round_out(pr, pairs=True))


@router.get("/market/pairing-rounds/{pk}", response=PairingRoundOut)
def pairing_round_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    pr = round_selectors.pairing_round_get(viewer=hr_viewer(request), pk=pk)
    return _pairing_round_out(pr, pairs=True)


def _export_row(row: ExportRow) -> ExportRowOut:
    return ExportRowOut(
        manager=row.manager.pk if row.manager else None,
        manager_name=row.manager.full_name if row.manager else None,
        managers=row.managers,
        reports=row.reports,
        applied=len(row.applied),
        offered=len(row.offered),
        moved=len(row.moved),
        moved_share=round(row.moved_share, 4),
        wait_days=round(row.wait_days, 2) if row.wait_days is not None else None,
        waiting=row.waiting,
    )


@router.get("/market/talent-exported", response=TalentExportedOut)
def talent_exported(request: HttpRequest) -> TalentExportedOut:
    """Per manager, their reports' applications, offers and moves, as on the HR page: the
    group of managers with small teams is withheld while it holds fewer than ``min_group``."""
    report = selectors.talent_exported(viewer=hr_viewer(request))
    return TalentExportedOut(
        min_group=report.min_group,
        rows=[_export_row(r) for r in report.rows],
        small=_export_row(report.small) if report.small_shown else None,
    )
