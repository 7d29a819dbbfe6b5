"""Pairing in the API: one's pairs and asks for a mentor, and answering a pair.

Another person's pair or ask answers 404 like a missing one; a refused action 400 with the
reason and the field at fault (``field``, blank when the action as a whole is refused).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status as Reply

from trellis.market import pairing_answers, selectors
from trellis.market.models import MentorRequest, Pairing, PairingLeftOut
from trellis.market.models_pairing import GOAL_TEXT
from trellis.market.proposals import ProposalError
from trellis.market.proposals_api import Refusal, SkillRef
from trellis.org.access import viewer_of
from trellis.org.schemas import PersonRef
from trellis.org.validation import Id, IdIn, Input, MentorHours, ShortText

router = Router(tags=["market"])

Goal = Annotated[ShortText, Field(min_length=1, max_length=GOAL_TEXT)]


class AnsweredPairOut(Schema):
    id: int
    kind: str
    round_id: int
    first: PersonRef
    second: PersonRef
    status: str
    first_accepted: bool
    second_accepted: bool
    reasons: list[str]
    declined_by: PersonRef | None
    decline_reason: str


class MentorRequestOut(Schema):
    id: int
    skill: SkillRef
    goal: str
    hours_per_month: int
    status: str
    created_at: dt.datetime


class LeftOutOut(Schema):
    round_id: int
    person: PersonRef
    reason: str
    message: str
    request_id: int | None


class PairsOut(Schema):
    pairs: list[AnsweredPairOut]
    requests: list[MentorRequestOut]
    left_out: list[LeftOutOut]


class MentorRequestIn(Input):
    skill_id: IdIn
    goal: Goal
    hours_per_month: MentorHours = 2


class PairAnswerIn(Input):
    answer: Literal["accept", "decline"]
    reason: ShortText = ""


def _pair(p: Pairing) -> AnsweredPairOut:
    by = p.declined_by
    return AnsweredPairOut(
        id=p.pk,
        kind=p.round.kind,
        round_id=p.round_id,
        first=PersonRef(id=p.first.pk, name=p.first.full_name),
        second=PersonRef(id=p.second.pk, name=p.second.full_name),
        status=p.status,
        first_accepted=p.first_accepted,
        second_accepted=p.second_accepted,
        reasons=[str(r) for r in p.reasons],
        declined_by=PersonRef(id=by.pk, name=by.full_name) if by else None,
        decline_reason=p.decline_reason,
    )


def _ask(r: MentorRequest) -> MentorRequestOut:
    return MentorRequestOut(
        id=r.pk,
        skill=SkillRef(id=r.skill.pk, name=r.skill.name),
        goal=r.goal,
        hours_per_month=r.hours_per_month,
        status=r.status,
        created_at=r.created_at,
    )


def _left(x: PairingLeftOut) -> LeftOutOut:
    return LeftOutOut(
        round_id=x.round_id,
        person=PersonRef(id=x.person.pk, name=x.person.full_name),
        reason=x.reason,
        message=x.message,
        request_id=x.request_id,
    )


@router.get("/market/pairs", response=PairsOut)
def pairs_mine(request: HttpRequest) -> PairsOut:
    """The caller's pairs, asks for a mentor, and the latest times a round left them out."""
    page = pairing_answers.pairs_page(viewer=viewer_of(request))
    return PairsOut(
        pairs=[_pair(p) for p in page.pairs],
        requests=[_ask(r) for r in page.requests],
        left_out=[_left(x) for x in page.left_out],
    )


@router.post("/market/pairs/asks", response={201: MentorRequestOut, 400: Refusal})
def ask_create(request: HttpRequest, payload: MentorRequestIn) -> Reply:
    """Ask for a mentor in a skill: the ask enters every mentor round until paired."""
    viewer = viewer_of(request)
    pairing_answers.pairs_page(viewer=viewer)  # 404 for a user without a person
    skill = selectors.skills_by_id(ids=[payload.skill_id]).get(payload.skill_id)
    if skill is None:
        return Reply(400, Refusal(detail="Unknown skill.", field="skill_id"))
    try:
        ask = pairing_answers.mentor_request_create(
            viewer=viewer, skill=skill, goal=payload.goal, hours_per_month=payload.hours_per_month
        )
    except ProposalError as error:
        return Reply(400, Refusal(detail=str(error), field=error.field))
    return Reply(201, _ask(ask))


@router.post("/market/pairs/asks/{pk}/withdraw", response={200: MentorRequestOut, 400: Refusal})
def ask_withdraw(request: HttpRequest, pk: Id) -> Reply:
    viewer = viewer_of(request)
    ask = pairing_answers.request_get_own(viewer=viewer, pk=pk)
    try:
        ask = pairing_answers.mentor_request_withdraw(viewer=viewer, ask=ask)
    except ProposalError as error:
        return Reply(400, Refusal(detail=str(error), field=error.field))
    return Reply(200, _ask(ask))


@router.post("/market/pairs/{pk}/answer", response={200: AnsweredPairOut, 400: Refusal})
def pair_answer(request: HttpRequest, pk: Id, payload: PairAnswerIn) -> Reply:
    """Accept or decline one's pair; declining needs a ``reason`` and frees both."""
    viewer = viewer_of(request)
    pairing = pairing_answers.pairing_get_for_party(viewer=viewer, pk=pk)
    try:
        pairing = pairing_answers.pairing_answer(
            viewer=viewer,
            pairing=pairing,
            accept=payload.answer == "accept",
            reason=payload.reason,
        )
    except ProposalError as error:
        return Reply(400, Refusal(detail=str(error), field=error.field))
    return Reply(200, _pair(pairing_answers.pairing_get_for_party(viewer=viewer, pk=pk)))
