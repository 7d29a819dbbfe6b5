"""Logging, holding and deleting career conversations, and the employee's pre-work.

These services take the acting :class:`Viewer` and check the rules of
:mod:`trellis.talks.access` themselves, because "with whom may I talk" is an invariant of
the conversation, not of a page. Audit events name what changed, never the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trellis.careers.notify import notify
from trellis.market import access as market_access
from trellis.org.services import audit_record
from trellis.talks import access
from trellis.talks.models import (
    PLANNED_KINDS,
    Conversation,
    ConversationItem,
    Direction,
    FollowUp,
    Kind,
    PreWork,
    PullCategory,
    PushCategory,
    Spur,
    Stance,
    Status,
    TalkVisibility,
)

if TYPE_CHECKING:
    from trellis.market.models import Opportunity
    from trellis.org.access import Viewer
    from trellis.org.models import Person
    from trellis.skills.models import Role, Skill


class TalkError(Exception):
    """A broken rule of conversations; the message is shown to the user as is."""


EMPTY_CONVERSATION = (
    "Write a short summary or add at least one item: an empty conversation is not saved."
)


@dataclass(frozen=True)
class ItemData:
    direction: str
    category: str
    text: str
    role: Role | None = None
    skill: Skill | None = None
    contact: Person | None = None
    opportunity: Opportunity | None = None


@dataclass(frozen=True)
class FollowUpData:
    owner: Person
    text: str
    due: dt.date


def _check_item(item: ItemData) -> None:
    if item.direction == Direction.PULL and item.category not in PullCategory.values:
        raise TalkError(f"Unknown pull category: {item.category}.")
    if item.direction == Direction.PUSH and item.category not in PushCategory.values:
        raise TalkError(f"Unknown push category: {item.category}.")
    if item.direction not in Direction.values:
        raise TalkError(f"Unknown direction: {item.direction}.")
    if not item.text.strip():
        raise TalkError("Every item needs a few words.")


def _check_followup(fu: FollowUpData, *, author: Person, person: Person, visibility: str) -> None:
    if not fu.text.strip():
        raise TalkError("Every follow-up needs a few words.")
    if fu.owner.pk not in (author.pk, person.pk):
        raise TalkError("A follow-up belongs to you or to the person you talked with.")
    if visibility == TalkVisibility.PRIVATE and fu.owner.pk != author.pk:
        raise TalkError(
            f"A private note's follow-ups can only be yours; share the conversation to give "
            f"one to {person.full_name}."
        )


def _check_fields(
    *,
    kind: str,
    status: str,
    visibility: str,
    stance: str,
    spur_areas: Sequence[str],
    duration: int,
) -> None:
    if kind not in Kind.values:
        raise TalkError(f"Unknown kind of conversation: {kind}.")
    if status not in Status.values:
        raise TalkError(f"Unknown status: {status}.")
    if visibility not in TalkVisibility.values:
        raise TalkError(f"Unknown visibility: {visibility}.")
    if stance and stance not in Stance.values:
        raise TalkError(f"Unknown stance: {stance}.")
    bad = [a for a in spur_areas if a not in Spur.values]
    if bad:
        raise TalkError(f"Unknown SPUR areas: {', '.join(bad)}.")
    if not 5 <= duration <= 480:
        raise TalkError("A conversation lasts between 5 minutes and 8 hours.")


def _check_opportunity(viewer: Viewer, item: ItemData) -> None:
    if item.opportunity is not None and not market_access.can_read(viewer, item.opportunity):
        raise TalkError("Link an opportunity that is published in the marketplace.")


def _add_items_and_followups(
    conversation: Conversation, items: Sequence[ItemData], followups: Sequence[FollowUpData]
) -> None:
    ConversationItem.objects.bulk_create(
        ConversationItem(
            conversation=conversation,
            direction=i.direction,
            category=i.category,
            text=i.text.strip(),
            role=i.role,
            skill=i.skill,
            contact=i.contact,
            opportunity=i.opportunity,
        )
        for i in items
    )
    FollowUp.objects.bulk_create(
        FollowUp(conversation=conversation, owner=f.owner, text=f.text.strip(), due=f.due)
        for f in followups
    )


def _share_notes(conversation: Conversation) -> None:
    notify(
        recipient=conversation.person,
        message=f"{conversation.author.full_name} shared notes from your career conversation.",
        url=reverse("talks:detail", args=[conversation.pk]),
    )


@transaction.atomic
def conversation_log(
    *,
    viewer: Viewer,
    person: Person,
    when: dt.datetime,
    kind: str = Kind.INFORMAL,
    summary: str = "",
    spur_areas: Sequence[str] = (),
    stance: str = "",
    visibility: str = TalkVisibility.SHARED,
    items: Sequence[ItemData] = (),
    followups: Sequence[FollowUpData] = (),
    status: str = Status.HELD,
    duration: int = 30,
) -> Conversation:
    """Record a held conversation (or plan one) with its items and follow-ups.

    Planning a shared conversation asks the employee for their pre-work (in the app and by
    e-mail); a private plan stays the author's own note and contacts nobody.
    """
    author = viewer.person
    if author is None or not access.can_talk_with(viewer, person):
        raise TalkError(access.REFUSED_PARTNER)
    _check_fields(
        kind=kind,
        status=status,
        visibility=visibility,
        stance=stance,
        spur_areas=spur_areas,
        duration=duration,
    )
    summary = summary.strip()
    if status == Status.HELD and not summary and not items:
        raise TalkError(EMPTY_CONVERSATION)
    for item in items:
        _check_item(item)
        _check_opportunity(viewer, item)
    for fu in followups:
        _check_followup(fu, author=author, person=person, visibility=visibility)
    conversation = Conversation.objects.create(
        author=author,
        person=person,
        when=when,
        kind=kind,
        status=status,
        planned=status == Status.PLANNED or kind in PLANNED_KINDS,
        duration=duration,
        summary=summary,
        spur_areas=list(dict.fromkeys(spur_areas)),
        stance=stance,
        visibility=visibility,
    )
    _add_items_and_followups(conversation, items, followups)
    audit_record(
        actor=viewer.user,
        action="talks.conversation.plan" if status == Status.PLANNED else "talks.conversation.log",
        target=conversation,
        detail={
            "person": person.pk,
            "visibility": visibility,
            "items": len(items),
            "followups": len(followups),
        },
    )
    if visibility == TalkVisibility.SHARED:
        if status == Status.PLANNED:
            _ask_for_prework(conversation)
        else:
            _share_notes(conversation)
    return conversation


# The same words as the pre-work page (forms.PreWorkForm).
PREWORK_QUESTIONS = (
    "What have you learned lately — at work or outside it?",
    "What do you enjoy most in your work, and what would you happily do more of?",
    "Which role could come next for you, even if it is only a hunch?",
)


def _ask_for_prework(conversation: Conversation) -> PreWork:
    prework = PreWork.objects.create(conversation=conversation, person=conversation.person)
    author = conversation.author.full_name
    on = timezone.localtime(conversation.when)
    day = f"{on:%A} {on.day} {on:%B %Y at %H:%M}"
    questions = "\n".join(f"- {q}" for q in PREWORK_QUESTIONS)
    notify(
        recipient=conversation.person,
        message=(
            f"{author} planned a career conversation with you on {on.day} {on:%b %Y}. "
            "Bring a rough plan: what you have learned, what you enjoy, the next role you "
            "might want."
        ),
        url=reverse("talks:prework", args=[conversation.pk]),
        subject=f"a career conversation with {author} on {on.day} {on:%b}",
        body=(
            f"Hello {conversation.person.first_name},\n\n"
            f"{author} has planned a {conversation.get_kind_display()} career conversation "
            f"with you on {day}.\n\n"
            "To make the most of it, take ten minutes beforehand to jot down a rough plan. "
            "Three questions are enough:\n\n"
            f"{questions}\n\n"
            f"Your answers are shown to {author} only, on the sheet they prepare from. "
            "Write them in Trellis:"
        ),
    )
    return prework


@transaction.atomic
def prework_answer(
    *, viewer: Viewer, prework: PreWork, learned: str, enjoy: str, next_role: str
) -> PreWork:
    """The employee writes (or rewrites) their plan until the conversation is held."""
    if viewer.person is None or prework.person_id != viewer.person.pk:
        raise TalkError("Only the person invited can write this plan.")
    if prework.conversation.status != Status.PLANNED:
        raise TalkError("This conversation has been held; your plan is kept as it was.")
    learned, enjoy, next_role = learned.strip(), enjoy.strip(), next_role.strip()
    if not (learned or enjoy or next_role):
        raise TalkError("Answer at least one of the three questions.")
    first_time = prework.answered_at is None
    prework.learned, prework.enjoy, prework.next_role = learned, enjoy, next_role
    prework.answered_at = timezone.now()
    prework.save(update_fields=["learned", "enjoy", "next_role", "answered_at"])
    audit_record(actor=viewer.user, action="talks.prework.answer", target=prework)
    if first_time:
        notify(
            recipient=prework.conversation.author,
            message=f"{viewer.person.full_name} wrote a plan for your career conversation.",
            url=reverse("talks:prep", args=[prework.person_id]),
        )
    return prework


@transaction.atomic
def conversation_hold(
    *,
    viewer: Viewer,
    conversation: Conversation,
    when: dt.datetime,
    kind: str,
    summary: str = "",
    spur_areas: Sequence[str] = (),
    stance: str = "",
    visibility: str = TalkVisibility.SHARED,
    items: Sequence[ItemData] = (),
    followups: Sequence[FollowUpData] = (),
) -> Conversation:
    """Mark a planned conversation held, with its notes; it still counts as planned."""
    author = viewer.person
    if author is None or not access.can_edit(viewer, conversation):
        raise TalkError("Only the author can fill in these notes.")
    if conversation.status != Status.PLANNED:
        raise TalkError("This conversation is already marked as held.")
    if not access.can_talk_with(viewer, conversation.person):
        raise TalkError(access.REFUSED_PARTNER)
    _check_fields(
        kind=kind,
        status=Status.HELD,
        visibility=visibility,
        stance=stance,
        spur_areas=spur_areas,
        duration=conversation.duration,
    )
    summary = summary.strip()
    if not summary and not items:
        raise TalkError(EMPTY_CONVERSATION)
    for item in items:
        _check_item(item)
        _check_opportunity(viewer, item)
    for fu in followups:
        _check_followup(fu, author=author, person=conversation.person, visibility=visibility)
    conversation.when = when
    conversation.kind = kind
    conversation.status = Status.HELD
    conversation.summary = summary
    conversation.spur_areas = list(dict.fromkeys(spur_areas))
    conversation.stance = stance
    conversation.visibility = visibility
    conversation.save(
        update_fields=[
            "when",
            "kind",
            "status",
            "summary",
            "spur_areas",
            "stance",
            "visibility",
        ]
    )
    _add_items_and_followups(conversation, items, followups)
    audit_record(
        actor=viewer.user,
        action="talks.conversation.hold",
        target=conversation,
        detail={
            "person": conversation.person_id,
            "visibility": visibility,
            "items": len(items),
            "followups": len(followups),
        },
    )
    if visibility == TalkVisibility.SHARED:
        _share_notes(conversation)
    return conversation


@transaction.atomic
def conversation_delete(*, viewer: Viewer, conversation: Conversation) -> None:
    if not access.can_edit(viewer, conversation):
        raise TalkError("Only the author can delete these notes.")
    audit_record(actor=viewer.user, action="talks.conversation.delete", target=conversation)
    conversation.delete()


def append_line(text: str, line: str) -> str:
    return f"{text.rstrip()}\n{line}".strip() if text.strip() else line
