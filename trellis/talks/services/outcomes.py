"""What a conversation leaves behind: items the employee accepts into their career (a line
in the profile, an action on the map) and follow-ups marked done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from trellis.careers import services as career_services
from trellis.careers.models import LONG_TEXT, ActionKind, CareerProfile, Goal, Visibility
from trellis.org.services import audit_record
from trellis.talks import access
from trellis.talks.models import (
    ConversationItem,
    Direction,
    FollowUp,
    Outcome,
    PullCategory,
    PushCategory,
)
from trellis.talks.services.conversations import TalkError, append_line

if TYPE_CHECKING:
    from trellis.org.access import Viewer
    from trellis.org.models import Person


# Where an accepted learning wish lands on the map when no goal is named.
LEARNING_GOAL_TITLE = "Learning wishes from career conversations"
# Pull categories that append a line to a profile field when accepted.
PROFILE_FIELD_FOR = {
    PullCategory.INTERESTS: "interests",
    PullCategory.HISTORY: "education_history",
    PullCategory.STRENGTHS: "strengths",
    PullCategory.ENERGY: "motivators",
}


# Where a pushed strength or piece of feedback, or a feedback answer, may be added on the
# profile: the field and the profile section whose visibility the employee chooses with it.
PROFILE_TARGETS = {"known_for": "known_for", "strengths": "strengths"}
# Push items that can reach the profile once accepted.
TO_PROFILE = frozenset({PushCategory.STRENGTHS_SEEN, PushCategory.FEEDBACK})


def profile_add_line(
    *, viewer: Viewer, person: Person, field: str, text: str, visibility: str
) -> CareerProfile:
    """Add ``text`` as a line of the profile's "known for" or strengths (unless it is there
    already) and set that section's visibility, as the employee chose."""
    if field not in PROFILE_TARGETS:
        raise TalkError("Choose “known for” or strengths.")
    if visibility not in Visibility.values:
        raise TalkError("Choose who may see it.")
    text = text.strip()
    if not text:
        raise TalkError("Choose the words to add.")
    profile = career_services.profile_ensure(person=person)
    current = getattr(profile, field)
    if text not in current:
        if len(current) + len(text) + 1 > LONG_TEXT:
            raise TalkError("That part of your profile is full; edit it on your profile.")
        profile = career_services.profile_update(
            actor=viewer.user, person=person, data={field: append_line(current, text)}
        )
    return career_services.profile_set_visibility(
        actor=viewer.user, person=person, visibility={PROFILE_TARGETS[field]: visibility}
    )


@transaction.atomic
def item_to_profile(
    *, viewer: Viewer, item: ConversationItem, field: str, visibility: str
) -> CareerProfile:
    """The employee adds an accepted pushed strength or piece of feedback to their profile's
    "known for" or strengths, with the visibility they choose. Once per item; returns the
    profile as it now is."""
    conversation = item.conversation
    if not (access.is_subject(viewer, conversation) and access.can_read(viewer, conversation)):
        raise TalkError("Only the person the conversation is about can add it to their profile.")
    if item.direction != Direction.PUSH or item.category not in TO_PROFILE:
        raise TalkError("Only strengths observed and feedback can be added to the profile.")
    if item.outcome != Outcome.ACCEPTED:
        raise TalkError("Accept the item first.")
    if item.profile_field:
        raise TalkError("This item is already on your profile.")
    profile = profile_add_line(
        viewer=viewer,
        person=conversation.person,
        field=field,
        text=item.text,
        visibility=visibility,
    )
    item.profile_field = field
    item.save(update_fields=["profile_field"])
    audit_record(
        actor=viewer.user,
        action="talks.item.to_profile",
        target=item,
        detail={"field": field, "visibility": visibility},
    )
    return profile


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
                actor=viewer.user, person=person, data={name: append_line(current, text)}
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
