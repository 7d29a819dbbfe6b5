"""Writes to career data. Each is atomic, keyword-only, audited, and returns the object.

Permission is checked by the caller through :mod:`trellis.careers.access`; these functions
enforce the invariants of the data itself. Audit events name what changed, never the text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from trellis.careers.models import (
    PROFILE_SECTIONS,
    SECTION_BY_KEY,
    VALUE_LABELS,
    Accomplishment,
    Action,
    CareerProfile,
    CheckIn,
    CheckInScore,
    Checkpoint,
    DevTimeEntry,
    Goal,
    MapComment,
    Muscle,
    PersonSkillHistory,
    Visibility,
)
from trellis.careers.notify import notify
from trellis.org.services import audit_record
from trellis.skills.models import MAX_LEVEL, Appetite, PersonSkill, Skill, SkillSource

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from trellis.org.models import Person

    Actor = User | AnonymousUser


class CareerError(Exception):
    """A broken invariant of career data; the message is shown to the user as is."""


PROFILE_FIELDS = frozenset(f for s in PROFILE_SECTIONS for f in s.fields)
ONBOARDING_STEPS = 6


def profile_ensure(*, person: Person) -> CareerProfile:
    profile, _ = CareerProfile.objects.get_or_create(person=person)
    return profile


@transaction.atomic
def profile_update(*, actor: Actor, person: Person, data: dict[str, Any]) -> CareerProfile:
    """Set profile fields; only fields of profile sections are accepted."""
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise CareerError(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    if "values_chosen" in data:
        bad = [v for v in data["values_chosen"] if v not in VALUE_LABELS]
        if bad:
            raise CareerError(f"Unknown values: {', '.join(bad)}.")
    profile = profile_ensure(person=person)
    changed = sorted(name for name, value in data.items() if getattr(profile, name) != value)
    for name, value in data.items():
        setattr(profile, name, value)
    if changed:
        profile.save()
        audit_record(
            actor=actor, action="careers.profile.update", target=profile, detail={"fields": changed}
        )
    return profile


@transaction.atomic
def profile_set_visibility(
    *, actor: Actor, person: Person, visibility: dict[str, str]
) -> CareerProfile:
    for key, level in visibility.items():
        if key not in SECTION_BY_KEY:
            raise CareerError(f"Unknown section: {key}.")
        if level not in Visibility.values:
            raise CareerError(f"Unknown visibility for {key}: {level}.")
    profile = profile_ensure(person=person)
    changes = {
        key: level for key, level in visibility.items() if profile.visibility_of(key) != level
    }
    if changes:
        profile.visibility = {**profile.visibility, **changes}
        profile.save(update_fields=["visibility", "updated_at"])
        audit_record(
            actor=actor, action="careers.visibility.update", target=profile, detail=changes
        )
    return profile


@transaction.atomic
def profile_onboarding_advance(*, person: Person, step: int, done: bool = False) -> CareerProfile:
    profile = profile_ensure(person=person)
    profile.onboarding_step = max(profile.onboarding_step, min(step, ONBOARDING_STEPS))
    profile.onboarding_done = profile.onboarding_done or done
    profile.save(update_fields=["onboarding_step", "onboarding_done", "updated_at"])
    return profile


@transaction.atomic
def person_skill_set(
    *,
    actor: Actor,
    person: Person,
    skill: Skill,
    level: int,
    appetite: str = Appetite.KEEP,
    source: str = SkillSource.SELF,
) -> PersonSkill:
    """Add or change a person's skill and append the change to its history."""
    if not 0 <= level <= MAX_LEVEL:
        raise CareerError(f"Level must be between 0 and {MAX_LEVEL}.")
    if appetite not in Appetite.values:
        raise CareerError(f"Unknown appetite: {appetite}.")
    held, created = PersonSkill.objects.select_for_update().get_or_create(
        person=person,
        skill=skill,
        defaults={"level": level, "appetite": appetite, "source": source},
    )
    if not created:
        if (held.level, held.appetite, held.source) == (level, appetite, source):
            return held
        held.level, held.appetite, held.source = level, appetite, source
        held.save()
    PersonSkillHistory.objects.create(
        person=person,
        skill=skill,
        level=level,
        source=source,
        appetite=appetite,
        changed_by=actor if actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="careers.skill.set",
        target=held,
        detail={"skill": skill.pk, "level": level, "source": source},
    )
    return held


def person_skill_confirm(*, actor: Actor, person: Person, skill: Skill, level: int) -> PersonSkill:
    """A manager confirms (or corrects) a level: the source becomes "manager"."""
    held = PersonSkill.objects.filter(person=person, skill=skill).first()
    if held is None:
        raise CareerError("Only a skill the person has added can be confirmed.")
    return person_skill_set(
        actor=actor,
        person=person,
        skill=skill,
        level=level,
        appetite=held.appetite,
        source=SkillSource.MANAGER,
    )


@transaction.atomic
def person_skill_remove(*, actor: Actor, person: Person, skill: Skill) -> None:
    deleted, _ = PersonSkill.objects.filter(person=person, skill=skill).delete()
    if deleted:
        audit_record(
            actor=actor, action="careers.skill.remove", target=person, detail={"skill": skill.pk}
        )


@transaction.atomic
def goal_create(*, actor: Actor, person: Person, **fields: Any) -> Goal:
    goal = Goal.objects.create(person=person, **fields)
    audit_record(actor=actor, action="careers.goal.create", target=goal)
    return goal


@transaction.atomic
def goal_update(*, actor: Actor, goal: Goal, **fields: Any) -> Goal:
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.save()
    audit_record(
        actor=actor, action="careers.goal.update", target=goal, detail={"fields": sorted(fields)}
    )
    return goal


@transaction.atomic
def goal_delete(*, actor: Actor, goal: Goal) -> None:
    audit_record(actor=actor, action="careers.goal.delete", target=goal)
    goal.delete()


@transaction.atomic
def action_create(*, actor: Actor, goal: Goal, **fields: Any) -> Action:
    action = Action.objects.create(goal=goal, **fields)
    audit_record(actor=actor, action="careers.action.create", target=action)
    return action


@transaction.atomic
def action_update(*, actor: Actor, action: Action, **fields: Any) -> Action:
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    audit_record(
        actor=actor,
        action="careers.action.update",
        target=action,
        detail={"fields": sorted(fields)},
    )
    return action


@transaction.atomic
def checkpoint_create(*, actor: Actor, action: Action, title: str, due: dt.date) -> Checkpoint:
    checkpoint = Checkpoint.objects.create(action=action, title=title, due=due)
    audit_record(actor=actor, action="careers.checkpoint.create", target=checkpoint)
    return checkpoint


@transaction.atomic
def checkpoint_set_done(*, actor: Actor, checkpoint: Checkpoint, done: bool) -> Checkpoint:
    checkpoint.done = done
    checkpoint.done_at = timezone.now() if done else None
    checkpoint.save(update_fields=["done", "done_at"])
    audit_record(
        actor=actor, action="careers.checkpoint.done", target=checkpoint, detail={"done": done}
    )
    return checkpoint


@transaction.atomic
def map_share(*, actor: Actor, person: Person) -> CareerProfile:
    """Share the map with the manager: the map becomes visible to them and they are told."""
    profile = profile_ensure(person=person)
    if profile.visibility_of("map") == Visibility.PRIVATE:
        profile = profile_set_visibility(
            actor=actor, person=person, visibility={"map": Visibility.MANAGER}
        )
    profile.map_shared_at = timezone.now()
    profile.save(update_fields=["map_shared_at", "updated_at"])
    audit_record(actor=actor, action="careers.map.share", target=profile)
    manager = person.manager
    if manager is not None:
        notify(
            recipient=manager,
            message=f"{person.full_name} shared their career map with you for comments.",
            url=f"/career/{person.pk}/map/",
        )
    return profile


@transaction.atomic
def comment_add(
    *, actor: Actor, author: Person, goal: Goal, action: Action | None, body: str
) -> MapComment:
    """Add to the thread on a goal or action and tell the other side of the conversation."""
    body = body.strip()
    if not body:
        raise CareerError("Write a comment before sending it.")
    if action is not None and action.goal_id != goal.pk:
        raise CareerError("That action belongs to another goal.")
    comment = MapComment.objects.create(goal=goal, action=action, author=author, body=body)
    audit_record(actor=actor, action="careers.comment.add", target=comment)
    owner = goal.person
    on = f"“{action.title}”" if action is not None else f"“{goal.title}”"
    if author.pk != owner.pk:
        notify(
            recipient=owner,
            message=f"{author.full_name} commented on {on} in your career map.",
            url=f"/career/{owner.pk}/map/#goal-{goal.pk}",
        )
    elif (manager := owner.manager) is not None:
        notify(
            recipient=manager,
            message=f"{owner.full_name} replied on {on} in their career map.",
            url=f"/career/{owner.pk}/map/#goal-{goal.pk}",
        )
    return comment


@transaction.atomic
def devtime_log(
    *,
    actor: Actor,
    person: Person,
    date: dt.date,
    hours: Decimal,
    activity: str,
    action: Action | None = None,
) -> DevTimeEntry:
    if not Decimal(0) < hours <= Decimal(24):
        raise CareerError("Hours must be more than 0 and at most 24.")
    if action is not None and action.goal.person_id != person.pk:
        raise CareerError("That action is not in your map.")
    entry = DevTimeEntry.objects.create(
        person=person, date=date, hours=hours, activity=activity, action=action
    )
    audit_record(actor=actor, action="careers.devtime.log", target=entry)
    return entry


@transaction.atomic
def checkin_record(*, actor: Actor, person: Person, scores: dict[str, tuple[int, str]]) -> CheckIn:
    """Record a Career OS check-in: a 1–5 score and a note for each of the eight muscles."""
    missing = set(Muscle.values) - set(scores)
    if missing:
        labels = ", ".join(Muscle(m).label for m in Muscle.values if m in missing)
        raise CareerError(f"Rate every muscle; missing: {labels}.")
    for muscle, (score, _) in scores.items():
        if muscle not in Muscle.values:
            raise CareerError(f"Unknown muscle: {muscle}.")
        if not 1 <= score <= 5:
            raise CareerError(f"{Muscle(muscle).label}: the score must be between 1 and 5.")
    checkin = CheckIn.objects.create(person=person)
    CheckInScore.objects.bulk_create(
        CheckInScore(checkin=checkin, muscle=m, score=s, note=n) for m, (s, n) in scores.items()
    )
    audit_record(actor=actor, action="careers.checkin.record", target=checkin)
    return checkin


def _lift_for_lessons(fields: dict[str, Any]) -> None:
    # Lessons are shared with people beyond the manager, so sharing them widens visibility.
    if fields.get("share_lessons") and fields.get("visibility") in (
        Visibility.PRIVATE,
        Visibility.MANAGER,
        None,
    ):
        fields["visibility"] = Visibility.MARKETPLACE


@transaction.atomic
def accomplishment_create(*, actor: Actor, person: Person, **fields: Any) -> Accomplishment:
    _lift_for_lessons(fields)
    item = Accomplishment.objects.create(person=person, **fields)
    audit_record(actor=actor, action="careers.accomplishment.create", target=item)
    return item


@transaction.atomic
def accomplishment_update(*, actor: Actor, item: Accomplishment, **fields: Any) -> Accomplishment:
    merged = {"visibility": item.visibility, **fields}
    _lift_for_lessons(merged)
    for name, value in merged.items():
        setattr(item, name, value)
    item.save()
    audit_record(
        actor=actor,
        action="careers.accomplishment.update",
        target=item,
        detail={"fields": sorted(merged)},
    )
    return item


@transaction.atomic
def accomplishment_delete(*, actor: Actor, item: Accomplishment) -> None:
    audit_record(actor=actor, action="careers.accomplishment.delete", target=item)
    item.delete()
