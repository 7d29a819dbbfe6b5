"""JSON: an accepted pushed strength or piece of feedback, or a feedback answer, added to the
employee's profile ("known for" or strengths) with the visibility they choose. The same
services as the pages; only the person the item or the request is about may."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from trellis.careers.models import Visibility
from trellis.org.access import viewer_of
from trellis.org.validation import Id, Input, ShortText
from trellis.talks import access, selectors, services
from trellis.talks.api.schemas import bad_request
from trellis.talks.services import TalkError

router = Router(tags=["conversations"])

ProfilePart = Literal["known_for", "strengths"]


class ToProfileIn(Input):
    field: ProfilePart
    visibility: Visibility


class AnswerToProfileIn(ToProfileIn):
    text: ShortText


class ToProfileOut(Schema):
    field: ProfilePart
    visibility: Visibility
    text: str  # the profile field as it now reads


@router.post("/talks/items/{pk}/to-profile", response=ToProfileOut)
def item_to_profile(request: HttpRequest, pk: Id, payload: ToProfileIn) -> ToProfileOut:
    viewer = viewer_of(request)
    item = selectors.item_get(viewer=viewer, pk=pk)
    if not access.is_subject(viewer, item.conversation):
        raise HttpError(404, "Not Found")
    try:
        profile = services.item_to_profile(
            viewer=viewer, item=item, field=payload.field, visibility=payload.visibility
        )
    except TalkError as error:
        raise bad_request(error) from error
    return ToProfileOut(
        field=payload.field,
        visibility=Visibility(profile.visibility_of(payload.field)),
        text=getattr(profile, payload.field),
    )


@router.post("/talks/feedback/answers/{pk}/to-profile", response=ToProfileOut)
def answer_to_profile(request: HttpRequest, pk: Id, payload: AnswerToProfileIn) -> ToProfileOut:
    viewer = viewer_of(request)
    answer = selectors.feedback_answer_of_mine(viewer=viewer, pk=pk)
    try:
        profile = services.feedback_pull(
            viewer=viewer,
            answer=answer,
            text=payload.text,
            field=payload.field,
            visibility=payload.visibility,
        )
    except TalkError as error:
        raise bad_request(error) from error
    return ToProfileOut(
        field=payload.field,
        visibility=Visibility(profile.visibility_of(payload.field)),
        text=getattr(profile, payload.field),
    )
