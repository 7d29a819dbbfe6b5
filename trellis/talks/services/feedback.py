"""Feedback requests: asking colleagues what you are known for, their answers, and taking an
answer into your profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trellis.careers import services as career_services
from trellis.careers.models import CareerProfile
from trellis.careers.notify import notify
from trellis.org.services import audit_record
from trellis.talks.models import (
    ANONYMOUS_THRESHOLD,
    FeedbackAnswer,
    FeedbackRequest,
)
from trellis.talks.services.conversations import TalkError
from trellis.talks.services.outcomes import PROFILE_TARGETS, profile_add_line

if TYPE_CHECKING:
    from trellis.org.access import Viewer
    from trellis.org.models import Person


@transaction.atomic
def feedback_request_create(
    *, viewer: Viewer, respondents: Sequence[Person], note: str = "", anonymous: bool = False
) -> FeedbackRequest:
    me = viewer.person
    if me is None:
        raise TalkError("Your login is not linked to a person yet.")
    others = {p.pk: p for p in respondents if p.pk != me.pk and p.is_active}
    if not others:
        raise TalkError("Choose at least one colleague to ask.")
    if anonymous and len(others) < ANONYMOUS_THRESHOLD:
        raise TalkError(
            f"Anonymous answers are shown once {ANONYMOUS_THRESHOLD} people have answered: "
            f"ask at least {ANONYMOUS_THRESHOLD} colleagues."
        )
    request = FeedbackRequest.objects.create(requester=me, note=note.strip(), anonymous=anonymous)
    FeedbackAnswer.objects.bulk_create(
        FeedbackAnswer(request=request, respondent=p) for p in others.values()
    )
    audit_record(
        actor=viewer.user,
        action="talks.feedback.request",
        target=request,
        detail={"asked": len(others), "anonymous": anonymous},
    )
    for person in others.values():
        notify(
            recipient=person,
            message=f"{me.full_name} asks what they are known for. Your answer helps them grow.",
            url=reverse("talks:feedback_answer", args=[request.pk]),
        )
    return request


@transaction.atomic
def feedback_answer(
    *, viewer: Viewer, answer: FeedbackAnswer, known_for: str, relied_on_for: str, could_be: str
) -> FeedbackAnswer:
    if viewer.person is None or answer.respondent_id != viewer.person.pk:
        raise TalkError("Only the colleague asked can answer.")
    if not (known_for.strip() or relied_on_for.strip() or could_be.strip()):
        raise TalkError("Answer at least one of the three questions.")
    answer.known_for = known_for.strip()
    answer.relied_on_for = relied_on_for.strip()
    answer.could_be_known_for = could_be.strip()
    answer.answered_at = timezone.now()
    answer.save()
    audit_record(actor=viewer.user, action="talks.feedback.answer", target=answer)
    return answer


@transaction.atomic
def feedback_pull(
    *,
    viewer: Viewer,
    answer: FeedbackAnswer,
    text: str,
    field: str = "known_for",
    visibility: str | None = None,
) -> CareerProfile:
    """The requester adds a line they recognise from an answer to "what I am known for" or
    their strengths, choosing who may see that section (unchanged when not given)."""
    me = viewer.person
    if me is None or answer.request.requester_id != me.pk or answer.answered_at is None:
        raise TalkError("Only the requester can add an answer to their profile.")
    if visibility is None:
        profile = career_services.profile_ensure(person=me)
        visibility = profile.visibility_of(PROFILE_TARGETS.get(field, "known_for"))
    return profile_add_line(
        viewer=viewer, person=me, field=field, text=text, visibility=str(visibility)
    )
