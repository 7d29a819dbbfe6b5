"""Writes to career conversations. Each is atomic, keyword-only, audited, returns the object.

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

from trellis.careers import services as career_services
from trellis.careers.models import ActionKind, CareerProfile, Goal
from trellis.careers.notify import notify
from trellis.market import access as market_access
from trellis.org.services import audit_record
from trellis.talks import access
from trellis.talks.models import (
    ANONYMOUS_THRESHOLD,
    PLANNED_KINDS,
    Conversation,
    ConversationItem,
    CoverageGoal,
    Direction,
    FeedbackAnswer,
    FeedbackRequest,
    FollowUp,
    Kind,
    Outcome,
    PreWork,
    PullCategory,
    PushCategory,
    QuestionKind,
    Spur,
    SpurQuestion,
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
# Where an accepted learning wish lands on the map when no goal is named.
LEARNING_GOAL_TITLE = "Learning wishes from career conversations"
# Pull categories that append a line to a profile field when accepted.
PROFILE_FIELD_FOR = {
    PullCategory.INTERESTS: "interests",
    PullCategory.HISTORY: "education_history",
    PullCategory.STRENGTHS: "strengths",
    PullCategory.ENERGY: "motivators",
}


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


def _append_line(text: str, line: str) -> str:
    return f"{text.rstrip()}\n{line}".strip() if text.strip() else line


def _learning_goal(viewer: Viewer, person: Person) -> Goal:
    goal = Goal.objects.filter(person=person, title=LEARNING_GOAL_TITLE).first()
    if goal is None:
        goal = career_services.goal_create(
            actor=viewer.user, person=person, title=LEARNING_GOAL_TITLE
        )
    return goal


def _accept_into_career(viewer: Viewer, item: ConversationItem, person: Person) -> None:
    """Apply an accepted item through the careers services (profile or map)."""
    text = item.text.strip()
    if item.direction == Direction.PULL and item.category in PROFILE_FIELD_FOR:
        name = PROFILE_FIELD_FOR[PullCategory(item.category)]
        profile = CareerProfile.objects.filter(person=person).first()
        current = getattr(profile, name) if profile is not None else ""
        if text not in current:
            career_services.profile_update(
                actor=viewer.user, person=person, data={name: _append_line(current, text)}
            )
    elif item.direction == Direction.PULL and item.category == PullCategory.VALUES:
        profile = career_services.profile_ensure(person=person)
        joined = ", ".join(p for p in (profile.values_own.strip(), text) if p)
        if len(joined) > 500:
            raise TalkError("Your values in your own words are full; edit them on your profile.")
        career_services.profile_update(
            actor=viewer.user, person=person, data={"values_own": joined}
        )
    elif item.category in (PullCategory.GOALS, PushCategory.GOALS_PROPOSED, PushCategory.PATHS):
        career_services.goal_create(
            actor=viewer.user,
            person=person,
            title=text[:200],
            description=text if len(text) > 200 else "",
            target_role=item.role,
        )
    elif item.category in (
        PullCategory.LEARNING,
        PushCategory.LEARNING_OFFER,
        PushCategory.GAPS,
        PushCategory.SKILLS,
    ):
        career_services.action_create(
            actor=viewer.user,
            goal=_learning_goal(viewer, person),
            kind=ActionKind.LEARN,
            title=text[:200],
            skill=item.skill,
        )
    elif item.category == PushCategory.PEOPLE:
        career_services.action_create(
            actor=viewer.user,
            goal=_learning_goal(viewer, person),
            kind=ActionKind.CONNECT,
            title=text[:200],
            support_from=item.contact.full_name if item.contact is not None else "",
        )
    # Other push items (feedback, strengths observed, ...) are simply acknowledged.


@transaction.atomic
def item_decide(*, viewer: Viewer, item: ConversationItem, accept: bool) -> ConversationItem:
    """The employee accepts an item into their profile or map, or dismisses it."""
    conversation = item.conversation
    if not (access.is_subject(viewer, conversation) and access.can_read(viewer, conversation)):
        raise TalkError("Only the person the conversation is about can accept or dismiss it.")
    if item.outcome:
        raise TalkError(f"This item was already {item.get_outcome_display().lower()}.")
    if accept:
        _accept_into_career(viewer, item, conversation.person)
    item.outcome = Outcome.ACCEPTED if accept else Outcome.DISMISSED
    item.outcome_at = timezone.now()
    item.save(update_fields=["outcome", "outcome_at"])
    audit_record(
        actor=viewer.user,
        action="talks.item.accept" if accept else "talks.item.dismiss",
        target=item,
        detail={"category": item.category},
    )
    return item


@transaction.atomic
def followup_set_done(*, viewer: Viewer, followup: FollowUp, done: bool) -> FollowUp:
    me = viewer.person
    conversation = followup.conversation
    if me is None or not access.can_read(viewer, conversation):
        raise TalkError("You cannot change this follow-up.")
    if me.pk not in (followup.owner_id, conversation.author_id):
        raise TalkError("Only its owner or the author of the notes can tick a follow-up.")
    followup.done = done
    followup.done_at = timezone.now() if done else None
    followup.save(update_fields=["done", "done_at"])
    audit_record(
        actor=viewer.user, action="talks.followup.done", target=followup, detail={"done": done}
    )
    return followup


def _check_guide_editor(viewer: Viewer) -> None:
    if not access.can_edit_guide(viewer):
        raise TalkError("Only HR partners edit the SPUR guide.")


def _check_question(*, area: str, stance: str, kind: str, category: str, text: str) -> None:
    if area not in Spur.values:
        raise TalkError(f"Unknown SPUR area: {area}.")
    if stance and stance not in Stance.values:
        raise TalkError(f"Unknown stance: {stance}.")
    if kind not in QuestionKind.values:
        raise TalkError(f"Unknown kind of guidance: {kind}.")
    if category and category not in PullCategory.values:
        raise TalkError(f"Unknown pull category: {category}.")
    if not text.strip():
        raise TalkError("Write the question or the guidance.")


@transaction.atomic
def question_add(
    *, viewer: Viewer, area: str, text: str, stance: str = "", kind: str = "ask", category: str = ""
) -> SpurQuestion:
    _check_guide_editor(viewer)
    _check_question(area=area, stance=stance, kind=kind, category=category, text=text)
    question = SpurQuestion.objects.create(
        area=area, stance=stance, kind=kind, category=category, text=text.strip()
    )
    audit_record(actor=viewer.user, action="talks.guide.add", target=question)
    return question


@transaction.atomic
def question_update(
    *,
    viewer: Viewer,
    question: SpurQuestion,
    text: str | None = None,
    active: bool | None = None,
) -> SpurQuestion:
    """Reword or retire (``active=False``) a question; retired ones stay for history."""
    _check_guide_editor(viewer)
    changed = []
    if text is not None:
        if not text.strip():
            raise TalkError("Write the question or the guidance.")
        question.text = text.strip()
        changed.append("text")
    if active is not None:
        question.active = active
        changed.append("active")
    question.save()
    audit_record(
        actor=viewer.user, action="talks.guide.update", target=question, detail={"fields": changed}
    )
    return question


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
def feedback_pull(*, viewer: Viewer, answer: FeedbackAnswer, text: str) -> CareerProfile:
    """The requester adds a line they recognise from an answer to "what I am known for"."""
    me = viewer.person
    if me is None or answer.request.requester_id != me.pk or answer.answered_at is None:
        raise TalkError("Only the requester can add an answer to their profile.")
    text = text.strip()
    if not text:
        raise TalkError("Choose the words to add.")
    profile = career_services.profile_ensure(person=me)
    return career_services.profile_update(
        actor=viewer.user, person=me, data={"known_for": _append_line(profile.known_for, text)}
    )


@transaction.atomic
def coverage_goal_set(*, viewer: Viewer, unplanned_per_month: int) -> CoverageGoal:
    if viewer.person is None:
        raise TalkError("Your login is not linked to a person yet.")
    if not 0 <= unplanned_per_month <= 60:
        raise TalkError("Choose between 0 and 60 conversations a month.")
    goal, _ = CoverageGoal.objects.update_or_create(
        manager=viewer.person, defaults={"unplanned_per_month": unplanned_per_month}
    )
    audit_record(actor=viewer.user, action="talks.coverage_goal.set", target=goal)
    return goal
