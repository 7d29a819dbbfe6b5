"""JSON endpoints for conversations, their items, follow-ups and the employee's pre-work."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from trellis.market import selectors as market_selectors
from trellis.org import selectors as org_selectors
from trellis.org.access import Viewer, viewer_of
from trellis.org.models import Person
from trellis.org.validation import (
    Id,
)
from trellis.skills import selectors as skill_selectors
from trellis.talks import access, selectors, services
from trellis.talks.api.schemas import (
    ConversationDetail,
    ConversationIn,
    ConversationOut,
    FollowUpIn,
    FollowUpOut,
    HoldIn,
    ItemIn,
    ItemOut,
    PreWorkIn,
    PreWorkOut,
    bad_request,
)
from trellis.talks.models import (
    Conversation,
    ConversationItem,
    FollowUp,
)
from trellis.talks.services import FollowUpData, ItemData, TalkError

router = Router(tags=["conversations"])


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
        raise bad_request(error) from error
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
        raise bad_request(error) from error
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
        raise bad_request(error) from error


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
        raise bad_request(error) from error


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
        raise bad_request(error) from error
