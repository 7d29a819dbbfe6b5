"""Proposals from the bottom up in the API: the same reads and writes as the pages.

A refused proposal answers 404 like a missing one; a refused action 400 with the reason and
the field at fault (``field``, blank when the action as a whole is refused).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status as Reply

from trellis.market import proposals
from trellis.market.models import Proposal
from trellis.market.models_proposals import PROPOSAL_TEXT
from trellis.market.proposals import ProposalData, ProposalError
from trellis.org import selectors as org_selectors
from trellis.org.access import Viewer, viewer_of
from trellis.org.schemas import PersonRef
from trellis.org.validation import (
    ExtraSeats,
    HoursPerWeek,
    Id,
    IdIn,
    Input,
    LongText,
    Name,
    ShortText,
)

router = Router(tags=["market"])

MAX_SKILLS = 30
ProposalText = Annotated[LongText, Field(min_length=1, max_length=PROPOSAL_TEXT)]


class SkillRef(Schema):
    id: int
    name: str


class ProposalOut(Schema):
    id: int
    title: str
    status: str
    proposer: PersonRef
    sponsor: PersonRef
    problem: str
    solution: str
    skills_needed: list[SkillRef]
    skills_built: list[SkillRef]
    hours_per_week: int
    extra_seats: int
    response: str
    opportunity_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ProposalListOut(Schema):
    mine: list[ProposalOut]
    to_sponsor: list[ProposalOut]


class Refusal(Schema):
    detail: str
    # The input at fault; blank when the action as a whole is refused (or the body unreadable).
    field: str = ""


class ProposalIn(Input):
    sponsor_id: IdIn
    title: Name
    problem: ProposalText
    solution: ProposalText
    skills_needed: list[IdIn] = Field(min_length=1, max_length=MAX_SKILLS)
    skills_built: list[IdIn] = Field([], max_length=MAX_SKILLS)
    hours_per_week: HoursPerWeek = 2
    extra_seats: ExtraSeats = 0


class DecisionIn(Input):
    decision: Literal["approve", "changes", "decline"]
    response: ShortText = ""


def _out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        id=p.pk,
        title=p.title,
        status=p.status,
        proposer=PersonRef(id=p.proposer.pk, name=p.proposer.full_name),
        sponsor=PersonRef(id=p.sponsor.pk, name=p.sponsor.full_name),
        problem=p.problem,
        solution=p.solution,
        skills_needed=[SkillRef(id=s.pk, name=s.name) for s in p.skills_needed.all()],
        skills_built=[SkillRef(id=s.pk, name=s.name) for s in p.skills_built.all()],
        hours_per_week=p.hours_per_week,
        extra_seats=p.extra_seats,
        response=p.response,
        opportunity_id=p.opportunity_id,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def _refused(error: ProposalError) -> Reply:
    return Reply(400, Refusal(detail=str(error), field=error.field))


def _data(viewer: Viewer, payload: ProposalIn) -> ProposalData:
    sponsor = org_selectors.person_find(viewer=viewer, pk=payload.sponsor_id, active=True)
    if sponsor is None:
        raise ProposalError("Unknown person.", "sponsor_id")
    return ProposalData(
        sponsor=sponsor,
        title=payload.title,
        problem=payload.problem,
        solution=payload.solution,
        skills_needed=proposals.skills_named(ids=payload.skills_needed),
        skills_built=proposals.skills_named(ids=payload.skills_built),
        hours_per_week=payload.hours_per_week,
        extra_seats=payload.extra_seats,
    )


@router.get("/market/proposals", response=ProposalListOut)
def proposal_list(request: HttpRequest) -> ProposalListOut:
    """The caller's proposals and those waiting for them as a sponsor."""
    lists = proposals.proposals_of(viewer=viewer_of(request))
    return ProposalListOut(
        mine=[_out(p) for p in lists.mine], to_sponsor=[_out(p) for p in lists.to_sponsor]
    )


@router.post("/market/proposals", response={201: ProposalOut, 400: Refusal})
def proposal_create(request: HttpRequest, payload: ProposalIn) -> Reply:
    viewer = viewer_of(request)
    try:
        proposal = proposals.proposal_submit(viewer=viewer, data=_data(viewer, payload))
    except ProposalError as error:
        return _refused(error)
    return Reply(201, _out(proposals.proposal_get_for_user(viewer=viewer, pk=proposal.pk)))


@router.get("/market/proposals/{pk}", response=ProposalOut)
def proposal_get(request: HttpRequest, pk: Id) -> ProposalOut:
    return _out(proposals.proposal_get_for_user(viewer=viewer_of(request), pk=pk))


@router.put("/market/proposals/{pk}", response={200: ProposalOut, 400: Refusal})
def proposal_revise(request: HttpRequest, pk: Id, payload: ProposalIn) -> Reply:
    """The proposer's new version (while it waits or changes are asked): it waits again."""
    viewer = viewer_of(request)
    proposal = proposals.proposal_get_to_edit(viewer=viewer, pk=pk)
    try:
        proposals.proposal_revise(viewer=viewer, proposal=proposal, data=_data(viewer, payload))
    except ProposalError as error:
        return _refused(error)
    return Reply(200, _out(proposals.proposal_get_for_user(viewer=viewer, pk=pk)))


@router.post("/market/proposals/{pk}/withdraw", response={200: ProposalOut, 400: Refusal})
def proposal_withdraw(request: HttpRequest, pk: Id) -> Reply:
    viewer = viewer_of(request)
    proposal = proposals.proposal_get_to_edit(viewer=viewer, pk=pk)
    try:
        proposals.proposal_withdraw(viewer=viewer, proposal=proposal)
    except ProposalError as error:
        return _refused(error)
    return Reply(200, _out(proposals.proposal_get_for_user(viewer=viewer, pk=pk)))


@router.post("/market/proposals/{pk}/decide", response={200: ProposalOut, 400: Refusal})
def proposal_decide(request: HttpRequest, pk: Id, payload: DecisionIn) -> Reply:
    """The sponsor's answer: approve (it becomes a project the sponsor owns), ask for changes
    or decline; the last two need a ``response``."""
    viewer = viewer_of(request)
    proposal = proposals.proposal_get_for_user(viewer=viewer, pk=pk)
    try:
        proposals.proposal_decide(
            viewer=viewer, proposal=proposal, decision=payload.decision, response=payload.response
        )
    except ProposalError as error:
        return _refused(error)
    return Reply(200, _out(proposals.proposal_get_for_user(viewer=viewer, pk=pk)))
