"""Permission-aware reads of conversations, follow-ups, the guide and feedback requests.

Every function takes the acting viewer. A refused object raises :class:`Http404`, the
same answer as a missing one. The prep sheet and coverage live in :mod:`trellis.talks.prep`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from trellis.org.access import Viewer
from trellis.org.models import Person
from trellis.talks import access
from trellis.talks.models import (
    ANONYMOUS_THRESHOLD,
    Conversation,
    ConversationItem,
    FeedbackAnswer,
    FeedbackRequest,
    FollowUp,
    PreWork,
    QuestionKind,
    SpurQuestion,
    Status,
)


def partner_get(*, viewer: Viewer, pk: int) -> Person:
    """The person the viewer may log, plan or prepare a conversation with; else 404."""
    person = Person.objects.select_related("role", "unit", "manager").filter(pk=pk).first()
    if person is None or not access.can_talk_with(viewer, person):
        raise Http404
    return person


def conversations_for(
    *, viewer: Viewer, person: Person | None = None, limit: int = 200
) -> QuerySet[Conversation]:
    """Readable conversations, newest first, optionally about one person."""
    qs = (
        Conversation.objects.filter(access.conversations_readable(viewer))
        .select_related("author", "person")
        .annotate(item_count=Count("items"))
    )
    if person is not None:
        qs = qs.filter(person=person)
    return qs.order_by("-when", "-id")[:limit]


def conversation_get(*, viewer: Viewer, pk: int) -> Conversation:
    conversation = (
        Conversation.objects.select_related("author", "person")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ConversationItem.objects.select_related(
                    "role", "skill", "contact", "opportunity"
                ),
            ),
            Prefetch("followups", queryset=FollowUp.objects.select_related("owner")),
        )
        .filter(pk=pk)
        .first()
    )
    if conversation is None or not access.can_read(viewer, conversation):
        raise Http404
    return conversation


def conversation_get_planned(*, viewer: Viewer, pk: int) -> Conversation:
    """A planned conversation the viewer wrote, to mark it held; else 404."""
    conversation = (
        Conversation.objects.select_related("author", "person", "prework").filter(pk=pk).first()
    )
    if (
        conversation is None
        or not access.can_edit(viewer, conversation)
        or conversation.status != Status.PLANNED
    ):
        raise Http404
    return conversation


def prework_get(*, viewer: Viewer, conversation_pk: int) -> PreWork:
    """The viewer's own pre-work for a conversation they are invited to; else 404.

    Nobody else opens this page: the author reads the answers on the prep sheet.
    """
    if viewer.person is None:
        raise Http404
    prework = (
        PreWork.objects.select_related("conversation", "conversation__author")
        .filter(conversation_id=conversation_pk, person=viewer.person)
        .first()
    )
    if prework is None:
        raise Http404
    return prework


def prework_of(*, viewer: Viewer, conversation: Conversation) -> PreWork | None:
    """The pre-work of a conversation, for its author and its subject only."""
    if not (access.can_edit(viewer, conversation) or access.is_subject(viewer, conversation)):
        return None
    return PreWork.objects.filter(conversation=conversation).first()


def item_get(*, viewer: Viewer, pk: int) -> ConversationItem:
    item = (
        ConversationItem.objects.select_related("conversation", "conversation__person")
        .filter(pk=pk)
        .first()
    )
    if item is None or not access.can_read(viewer, item.conversation):
        raise Http404
    return item


def followup_get(*, viewer: Viewer, pk: int) -> FollowUp:
    followup = FollowUp.objects.select_related("conversation", "owner").filter(pk=pk).first()
    if followup is None or not access.can_read(viewer, followup.conversation):
        raise Http404
    return followup


def followups_for_map(*, viewer: Viewer, person: Person, open_only: bool = True) -> list[FollowUp]:
    """Follow-ups owned by ``person`` in conversations the viewer may read.

    This is what the career map shows: to the owner, follow-ups of shared conversations
    about them (or that they authored); to a manager, those of their own notes. One query.
    """
    qs = FollowUp.objects.filter(owner=person).filter(
        conversation__in=Conversation.objects.filter(access.conversations_readable(viewer))
    )
    if open_only:
        qs = qs.filter(done=False)
    return list(qs.select_related("conversation", "conversation__author").order_by("due", "id"))


def followups_owned(*, viewer: Viewer) -> list[FollowUp]:
    if viewer.person is None:
        return []
    return followups_for_map(viewer=viewer, person=viewer.person)


def has_reports(viewer: Viewer) -> bool:
    if viewer.person is None:
        return False
    return Person.objects.filter(manager=viewer.person, is_active=True).exists()


def guide_questions(*, viewer: Viewer, include_retired: bool = False) -> list[SpurQuestion]:
    if not access.can_read_guide(viewer, has_reports=has_reports(viewer)):
        raise Http404
    qs = SpurQuestion.objects.all()
    if not (include_retired and access.can_edit_guide(viewer)):
        qs = qs.filter(active=True)
    return list(qs)


def question_get_editable(*, viewer: Viewer, pk: int) -> SpurQuestion:
    question = SpurQuestion.objects.filter(pk=pk).first()
    if question is None or not access.can_edit_guide(viewer):
        raise Http404
    return question


def question_of_the_day(*, today: dt.date) -> SpurQuestion | None:
    """The same active question all day for everyone, changing every day."""
    ids = list(
        SpurQuestion.objects.filter(active=True)
        .exclude(kind=QuestionKind.OFFER)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if not ids:
        return None
    return SpurQuestion.objects.get(pk=ids[today.toordinal() % len(ids)])


@dataclass(frozen=True)
class FeedbackView:
    request: FeedbackRequest
    answered: list[FeedbackAnswer]
    asked: int
    # False while an anonymous request has fewer than three answers: nothing is shown.
    showable: bool


def feedback_requests_mine(*, viewer: Viewer) -> list[FeedbackRequest]:
    if viewer.person is None:
        return []
    return list(
        FeedbackRequest.objects.filter(requester=viewer.person).annotate(
            asked=Count("answers"),
            answered=Count("answers", filter=Q(answers__answered_at__isnull=False)),
        )
    )


def feedback_asked_of_me(*, viewer: Viewer) -> list[FeedbackAnswer]:
    if viewer.person is None:
        return []
    return list(
        FeedbackAnswer.objects.filter(respondent=viewer.person).select_related(
            "request", "request__requester"
        )
    )


def feedback_get(*, viewer: Viewer, pk: int) -> FeedbackView:
    request = FeedbackRequest.objects.select_related("requester").filter(pk=pk).first()
    if request is None or not access.can_read_feedback(viewer, request):
        raise Http404
    answers = list(request.answers.select_related("respondent"))
    answered = [a for a in answers if a.answered_at is not None]
    showable = not request.anonymous or len(answered) >= ANONYMOUS_THRESHOLD
    return FeedbackView(
        request=request,
        answered=answered if showable else [],
        asked=len(answers),
        showable=showable,
    )


def feedback_answer_get(*, viewer: Viewer, request_pk: int) -> FeedbackAnswer:
    """The viewer's own answer slot in a request they were asked to answer."""
    if viewer.person is None:
        raise Http404
    answer = (
        FeedbackAnswer.objects.select_related("request", "request__requester")
        .filter(request_id=request_pk, respondent=viewer.person)
        .first()
    )
    if answer is None:
        raise Http404
    return answer


def feedback_answer_of_mine(*, viewer: Viewer, pk: int) -> FeedbackAnswer:
    """An answer to the viewer's own request, once it may be shown."""
    answer = FeedbackAnswer.objects.select_related("request").filter(pk=pk).first()
    if answer is None:
        raise Http404
    view = feedback_get(viewer=viewer, pk=answer.request_id)
    if answer not in view.answered:
        raise Http404
    return answer
