"""JSON endpoints for conversations, items, follow-ups, the prep sheet, the guide and feedback.

The same selectors and services as the pages: a refused object answers 404 like a missing
one; schemas list only what a caller may set (never the author, outcome or owner ids
beyond "me" or "them").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from trellis.market import selectors as market_selectors
from trellis.org import selectors as org_selectors
from trellis.org.access import Viewer, viewer_of
from trellis.org.models import Person
from trellis.org.services import audit_record
from trellis.org.validation import (
    ConversationMinutes,
    Flag,
    Id,
    IdIn,
    Input,
    LongText,
    PlanDate,
    PlanDateTime,
    ShortText,
)
from trellis.skills import selectors as skill_selectors
from trellis.talks import access, prep, selectors, services
from trellis.talks.models import (
    TEXT_LIMIT,
    Conversation,
    ConversationItem,
    FollowUp,
    Kind,
    PullCategory,
    PushCategory,
    QuestionKind,
    Spur,
    SpurQuestion,
    Stance,
)
from trellis.talks.services import FollowUpData, ItemData, TalkError

router = Router(tags=["conversations"])


# Inline, not a shared component: the marketplace has a "Kind" of its own.
ConversationKind = Annotated[Kind, WithJsonSchema({"type": "string", "enum": Kind.values})]
# As many items and follow-ups as one conversation can reasonably hold.
MAX_ROWS = 50


class ItemIn(Input):
    direction: Literal["pull", "push"]
    category: PullCategory | PushCategory
    text: Annotated[LongText, Field(min_length=1, max_length=TEXT_LIMIT)]
    role_id: IdIn | None = None
    skill_id: IdIn | None = None
    contact_id: IdIn | None = None
    opportunity_id: IdIn | None = None


class FollowUpIn(Input):
    owner: Literal["me", "them"] = "them"
    text: Annotated[ShortText, Field(min_length=1, max_length=300)]
    due: PlanDate


class ConversationIn(Input):
    person_id: IdIn
    when: PlanDateTime
    kind: ConversationKind = Kind.INFORMAL
    status: Literal["held", "planned"] = "held"
    duration: ConversationMinutes = 30
    summary: LongText = ""
    spur_areas: list[Spur] = Field([], max_length=len(Spur))
    stance: Stance | Literal[""] = ""
    visibility: Literal["shared", "private"] = "shared"
    items: list[ItemIn] = Field([], max_length=MAX_ROWS)
    followups: list[FollowUpIn] = Field([], max_length=MAX_ROWS)


class ItemOut(Schema):
    id: int
    direction: str
    category: str
    text: str
    role_id: int | None
    skill_id: int | None
    contact_id: int | None
    opportunity_id: int | None
    outcome: str


class FollowUpOut(Schema):
    id: int
    conversation_id: int
    owner_id: int
    text: str
    due: dt.date
    done: bool


class ConversationOut(Schema):
    id: int
    author_id: int
    person_id: int
    when: dt.datetime
    kind: str
    status: str
    summary: str
    spur_areas: list[str]
    stance: str
    visibility: str


class ConversationDetail(ConversationOut):
    items: list[ItemOut]
    followups: list[FollowUpOut]


class QuestionOut(Schema):
    id: int
    area: str
    kind: str
    stance: str
    category: str
    text: str
    active: bool


class QuestionIn(Input):
    area: Spur
    kind: QuestionKind = QuestionKind.ASK
    stance: Stance | Literal[""] = ""
    category: PullCategory | Literal[""] = ""
    text: Annotated[ShortText, Field(min_length=1)]


class QuestionPatch(Input):
    text: Annotated[ShortText, Field(min_length=1)] | None = None
    active: Flag | None = None


class HoldIn(Input):
    when: PlanDateTime
    kind: ConversationKind
    summary: LongText = ""
    spur_areas: list[Spur] = Field([], max_length=len(Spur))
    stance: Stance | Literal[""] = ""
    visibility: Literal["shared", "private"] = "shared"
    items: list[ItemIn] = Field([], max_length=MAX_ROWS)
    followups: list[FollowUpIn] = Field([], max_length=MAX_ROWS)


class PreWorkIn(Input):
    learned: LongText = ""
    enjoy: LongText = ""
    next_role: LongText = ""


class PreWorkOut(Schema):
    conversation_id: int
    learned: str
    enjoy: str
    next_role: str
    answered_at: dt.datetime | None


class OpportunityPushOut(Schema):
    id: int
    title: str
    kind: str
    percent: int
    readiness_percent: int
    met: list[str]
    partial: list[str]
    missing: list[str]


class PieceOut(Schema):
    category: str
    state: str
    latest: dt.date | None
    evidence: list[str]


class PrepOut(Schema):
    person_id: int
    known: int
    pieces: list[PieceOut]
    questions: dict[str, list[str]]
    target_role_id: int | None
    readiness_pct: float | None
    learning_steps: list[str]
    people_to_meet: list[int]
    opportunities: list[OpportunityPushOut]
    prework: list[PreWorkOut]
    overdue_checkpoints: list[int]
    followups: list[FollowUpOut]
    conversations: list[int]


class FeedbackIn(Input):
    respondent_ids: list[IdIn] = Field(min_length=1, max_length=20)
    note: ShortText = ""
    anonymous: Flag = False


class AnswerIn(Input):
    known_for: LongText = ""
    relied_on_for: LongText = ""
    could_be_known_for: LongText = ""


class AnswerOut(Schema):
    respondent: str | None
    known_for: str
    relied_on_for: str
    could_be_known_for: str


class FeedbackOut(Schema):
    id: int
    anonymous: bool
    asked: int
    showable: bool
    answers: list[AnswerOut]


def _bad(error: TalkError) -> HttpError:
    return HttpError(400, str(error))


def _detail(c: Conversation) -> ConversationDetail:
    return ConversationDetail(
        **ConversationOut.from_orm(c).dict(),
        items=[ItemOut.from_orm(i) for i in c.items.all()],
        followups=[FollowUpOut.from_orm(f) for f in c.followups.all()],
    )


@router.get("/talks/conversations", response=list[ConversationOut])
def conversation_list(request: HttpRequest, person_id: Id | None = None):
    """Conversations the caller wrote, and shared ones about the caller."""
    viewer = viewer_of(request)
    person = org_selectors.person_find(viewer=viewer, pk=person_id)
    if person_id and person is None:
        return []
    return list(selectors.conversations_for(viewer=viewer, person=person))


def _items(viewer: Viewer, data: list[ItemIn]) -> list[ItemData]:
    return [
        ItemData(
            direction=i.direction,
            category=str(i.category),
            text=i.text,
            role=skill_selectors.role_get(viewer=viewer, pk=i.role_id) if i.role_id else None,
            skill=skill_selectors.skill_get(viewer=viewer, pk=i.skill_id) if i.skill_id else None,
            contact=org_selectors.person_get_active(viewer=viewer, pk=i.contact_id)
            if i.contact_id
            else None,
            opportunity=(
                market_selectors.opportunity_named(pk=i.opportunity_id)
                if i.opportunity_id
                else None
            ),
        )
        for i in data
    ]


def _followups(data: list[FollowUpIn], me: Person, person: Person) -> list[FollowUpData]:
    return [
        FollowUpData(owner=me if f.owner == "me" else person, text=f.text, due=f.due) for f in data
    ]


@router.post("/talks/conversations", response={201: ConversationDetail})
def conversation_create(request: HttpRequest, data: ConversationIn):
    """Log or plan a conversation. Someone out of reach is refused with a 400 and the reason:
    who is in the directory is no secret, only what is written about them."""
    viewer = viewer_of(request)
    target = org_selectors.person_find(viewer=viewer, pk=data.person_id, active=True)
    if target is None or viewer.person is None:
        raise HttpError(404, "Not Found")
    if not access.can_talk_with(viewer, target):
        raise HttpError(400, access.REFUSED_PARTNER)
    person = selectors.partner_get(viewer=viewer, pk=data.person_id)
    me = viewer.person
    items = _items(viewer, data.items)
    fus = _followups(data.followups, me, person)
    try:
        c = services.conversation_log(
            viewer=viewer,
            person=person,
            when=data.when,
            kind=str(data.kind),
            status=data.status,
            duration=data.duration,
            summary=data.summary,
            spur_areas=[str(a) for a in data.spur_areas],
            stance=str(data.stance),
            visibility=data.visibility,
            items=items,
            followups=fus,
        )
    except TalkError as error:
        raise _bad(error) from error
    return Status(201, _detail(selectors.conversation_get(viewer=viewer, pk=c.pk)))


@router.get("/talks/conversations/{pk}", response=ConversationDetail)
def conversation_get(request: HttpRequest, pk: Id):
    return _detail(selectors.conversation_get(viewer=viewer_of(request), pk=pk))


@router.post("/talks/conversations/{pk}/held", response=ConversationDetail)
def conversation_hold(request: HttpRequest, pk: Id, data: HoldIn):
    """Fill in the notes of a planned conversation the caller wrote and mark it held."""
    viewer = viewer_of(request)
    conversation = selectors.conversation_get_planned(viewer=viewer, pk=pk)
    me = viewer.person
    assert me is not None  # only the author gets past the selector
    try:
        services.conversation_hold(
            viewer=viewer,
            conversation=conversation,
            when=data.when,
            kind=str(data.kind),
            summary=data.summary,
            spur_areas=[str(a) for a in data.spur_areas],
            stance=str(data.stance),
            visibility=data.visibility,
            items=_items(viewer, data.items),
            followups=_followups(data.followups, me, conversation.person),
        )
    except TalkError as error:
        raise _bad(error) from error
    return _detail(selectors.conversation_get(viewer=viewer, pk=pk))


@router.get("/talks/conversations/{pk}/prework", response=PreWorkOut)
def prework_get(request: HttpRequest, pk: Id):
    """The caller's own pre-work for a conversation they are invited to."""
    return selectors.prework_get(viewer=viewer_of(request), conversation_pk=pk)


@router.put("/talks/conversations/{pk}/prework", response=PreWorkOut)
def prework_put(request: HttpRequest, pk: Id, data: PreWorkIn):
    viewer = viewer_of(request)
    mine = selectors.prework_get(viewer=viewer, conversation_pk=pk)
    try:
        return services.prework_answer(
            viewer=viewer,
            prework=mine,
            learned=data.learned,
            enjoy=data.enjoy,
            next_role=data.next_role,
        )
    except TalkError as error:
        raise _bad(error) from error


@router.get("/talks/conversations/{pk}/items", response=list[ItemOut])
def conversation_items(request: HttpRequest, pk: Id):
    return list(selectors.conversation_get(viewer=viewer_of(request), pk=pk).items.all())


@router.post("/talks/items/{pk}/{decision}", response=ItemOut)
def item_decide(request: HttpRequest, pk: Id, decision: Literal["accept", "dismiss"]):
    viewer = viewer_of(request)
    item: ConversationItem = selectors.item_get(viewer=viewer, pk=pk)
    if not access.is_subject(viewer, item.conversation):
        raise HttpError(404, "Not Found")
    try:
        return services.item_decide(viewer=viewer, item=item, accept=decision == "accept")
    except TalkError as error:
        raise _bad(error) from error


@router.get("/talks/followups", response=list[FollowUpOut])
def followups_mine(request: HttpRequest):
    """The caller's open follow-ups: what their career map shows."""
    return selectors.followups_owned(viewer=viewer_of(request))


@router.post("/talks/followups/{pk}/done", response=FollowUpOut)
def followup_done(request: HttpRequest, pk: Id, done: bool = True):
    viewer = viewer_of(request)
    followup: FollowUp = selectors.followup_get(viewer=viewer, pk=pk)
    try:
        return services.followup_set_done(viewer=viewer, followup=followup, done=done)
    except TalkError as error:
        raise _bad(error) from error


@router.get("/talks/prep/{person_id}", response=PrepOut)
def prep_sheet(request: HttpRequest, person_id: Id):
    viewer = viewer_of(request)
    person = selectors.partner_get(viewer=viewer, pk=person_id)
    sheet = prep.prep_sheet(viewer=viewer, person=person)
    audit_record(actor=request.user, action="talks.prep.read", target=person)
    return PrepOut(
        person_id=person.pk,
        known=sheet.known,
        pieces=[
            PieceOut(
                category=p.category,
                state=p.state,
                latest=p.latest,
                evidence=[e.text for e in p.evidence],
            )
            for p in sheet.pieces
        ],
        questions={cat: [q.text for q in qs] for cat, qs in sheet.questions.items()},
        target_role_id=sheet.target_role.pk if sheet.target_role else None,
        readiness_pct=sheet.gap.readiness_pct if sheet.gap else None,
        learning_steps=sheet.learning_steps,
        people_to_meet=[c.person.pk for c in sheet.skill_contacts]
        + [p.pk for p in sheet.people_to_meet],
        opportunities=[
            OpportunityPushOut(
                id=o.opportunity.pk,
                title=o.opportunity.title,
                kind=o.opportunity.kind,
                percent=o.percent,
                readiness_percent=o.why.readiness_percent,
                met=[line.skill.name for line in o.why.met],
                partial=[line.skill.name for line in o.why.partial],
                missing=[line.skill.name for line in o.why.missing],
            )
            for o in sheet.opportunities
        ],
        prework=[PreWorkOut.from_orm(p) for p in sheet.prework if p.answered],
        overdue_checkpoints=[cp.pk for cp in sheet.overdue],
        followups=[FollowUpOut.from_orm(f) for f in sheet.followups],
        conversations=[c.pk for c in sheet.conversations],
    )


@router.get("/talks/guide", response=list[QuestionOut])
def guide(request: HttpRequest):
    return selectors.guide_questions(viewer=viewer_of(request), include_retired=True)


@router.post("/talks/guide", response={201: QuestionOut})
def guide_add(request: HttpRequest, data: QuestionIn):
    viewer = viewer_of(request)
    if not access.can_edit_guide(viewer):
        raise HttpError(404, "Not Found")
    try:
        return Status(
            201, services.question_add(viewer=viewer, **{k: str(v) for k, v in data.dict().items()})
        )
    except TalkError as error:
        raise _bad(error) from error


@router.patch("/talks/guide/{pk}", response=QuestionOut)
def guide_update(request: HttpRequest, pk: Id, data: QuestionPatch):
    viewer = viewer_of(request)
    question: SpurQuestion = selectors.question_get_editable(viewer=viewer, pk=pk)
    try:
        return services.question_update(
            viewer=viewer, question=question, text=data.text, active=data.active
        )
    except TalkError as error:
        raise _bad(error) from error


def _feedback_out(view: selectors.FeedbackView) -> FeedbackOut:
    anonymous = view.request.anonymous
    return FeedbackOut(
        id=view.request.pk,
        anonymous=anonymous,
        asked=view.asked,
        showable=view.showable,
        answers=[
            AnswerOut(
                respondent=None if anonymous else a.respondent.full_name,
                known_for=a.known_for,
                relied_on_for=a.relied_on_for,
                could_be_known_for=a.could_be_known_for,
            )
            for a in view.answered
        ],
    )


@router.post("/talks/feedback", response={201: FeedbackOut})
def feedback_create(request: HttpRequest, data: FeedbackIn):
    viewer = viewer_of(request)
    people = org_selectors.people_active(viewer=viewer, ids=data.respondent_ids[:20])
    try:
        created = services.feedback_request_create(
            viewer=viewer, respondents=people, note=data.note, anonymous=data.anonymous
        )
    except TalkError as error:
        raise _bad(error) from error
    return Status(201, _feedback_out(selectors.feedback_get(viewer=viewer, pk=created.pk)))


@router.get("/talks/feedback/{pk}", response=FeedbackOut)
def feedback_get(request: HttpRequest, pk: Id):
    return _feedback_out(selectors.feedback_get(viewer=viewer_of(request), pk=pk))


@router.post("/talks/feedback/{pk}/answer", response={204: None})
def feedback_answer(request: HttpRequest, pk: Id, data: AnswerIn):
    viewer = viewer_of(request)
    answer = selectors.feedback_answer_get(viewer=viewer, request_pk=pk)
    try:
        services.feedback_answer(
            viewer=viewer,
            answer=answer,
            known_for=data.known_for,
            relied_on_for=data.relied_on_for,
            could_be=data.could_be_known_for,
        )
    except TalkError as error:
        raise _bad(error) from error
    return Status(204, None)
