"""Permission-aware reads of career data; every one takes the acting viewer.

A refused person or object raises :class:`Http404`, the same answer as a missing one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from trellis.careers import access
from trellis.careers.models import (
    Accomplishment,
    Action,
    CareerProfile,
    CheckIn,
    CheckInScore,
    Checkpoint,
    DevelopmentPolicy,
    DevTimeEntry,
    Goal,
    MapComment,
    Notification,
    PersonSkillHistory,
)
from trellis.org.access import Viewer, can_see_details
from trellis.org.models import Person
from trellis.org.services import audit_record
from trellis.skills.models import PersonSkill, Role
from trellis.skills.moves import suggested_targets

DEFAULT_DEV_HOURS = Decimal("8")


@dataclass(frozen=True)
class CareerView:
    """A person's career as one viewer may see it."""

    person: Person
    profile: CareerProfile  # unsaved, with defaults, when the person has none yet
    levels: frozenset[str]
    sections: frozenset[str]
    is_owner: bool
    is_manager: bool
    can_comment: bool = False
    can_see_skills: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    def sees(self, key: str) -> bool:
        return key in self.sections


def career_get(*, viewer: Viewer, pk: int) -> CareerView:
    """The career of person ``pk`` as the viewer may see it; 404 when refused or missing."""
    if not viewer.is_authenticated:
        raise Http404
    person = (
        Person.objects.select_related("manager", "role", "unit", "career_profile")
        .filter(pk=pk, is_active=True)
        .first()
    )
    if person is None:
        raise Http404
    return _career_view(viewer, person)


def career_read(
    *,
    viewer: Viewer,
    pk: int,
    page: str,
    via: str,
    request_id: str = "",
    section: str = "",
    skills: bool = False,
) -> CareerView:
    """:func:`career_get`, recording the read when the career is someone else's (DESIGN §9).

    The pages and the API both read through here, so that the same read leaves the same
    event: ``careers.read`` with the page it stands for and the door it came through
    (``via``: "web" or "api"). ``section`` (a section key) and ``skills`` name what is shown:
    a viewer who may open the career but not read that gets a 404, and a refused read is
    never recorded.
    """
    career = career_get(viewer=viewer, pk=pk)
    if (section and not career.sees(section)) or (skills and not career.can_see_skills):
        raise Http404
    if not career.is_owner:
        audit_record(
            actor=viewer.actor,
            action="careers.read",
            target=career.person,
            detail={"page": page, "via": via},
            request_id=request_id,
        )
    return career


def career_get_own(*, viewer: Viewer) -> CareerView:
    if viewer.person is None:
        raise Http404
    return career_get(viewer=viewer, pk=viewer.person.pk)


def _career_view(viewer: Viewer, person: Person) -> CareerView:
    profile = getattr(person, "career_profile", None)
    if not access.can_open_career(viewer, person, profile):
        raise Http404
    if profile is None:
        profile = CareerProfile(person=person)
    levels = access.readable_levels(viewer, person)
    return CareerView(
        person=person,
        profile=profile,
        levels=levels,
        sections=access.visible_sections(profile, levels),
        is_owner=access.is_owner(viewer, person),
        is_manager=access.is_manager_of(viewer, person),
        can_comment=access.can_comment(viewer, person, profile),
        can_see_skills=can_see_details(viewer, person),
    )


def career_get_editable(*, viewer: Viewer, pk: int) -> CareerView:
    """Only the owner may change career data: anyone else gets a 404."""
    career = career_get(viewer=viewer, pk=pk)
    if not career.is_owner:
        raise Http404
    return career


def goals_for(*, career: CareerView) -> list[Goal]:
    """The map with its actions, checkpoints and comment threads, in a fixed number of
    queries; empty when the map is not visible to the viewer."""
    if not career.sees("map"):
        return []
    comments = MapComment.objects.select_related("author")
    return list(
        Goal.objects.filter(person=career.person)
        .select_related("target_role")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("skill", "learning").prefetch_related(
                    Prefetch("checkpoints", queryset=Checkpoint.objects.all()),
                    Prefetch("comments", queryset=comments),
                ),
            ),
            Prefetch("comments", queryset=comments.filter(action__isnull=True)),
        )
    )


def goal_get(*, career: CareerView, pk: int) -> Goal:
    if not career.sees("map"):
        raise Http404
    goal = Goal.objects.filter(person=career.person, pk=pk).select_related("person").first()
    if goal is None:
        raise Http404
    return goal


def action_get(*, career: CareerView, pk: int) -> Action:
    if not career.sees("map"):
        raise Http404
    action = (
        Action.objects.filter(goal__person=career.person, pk=pk)
        .select_related("goal", "goal__person")
        .first()
    )
    if action is None:
        raise Http404
    return action


def goal_titled(*, career: CareerView, title: str) -> Goal | None:
    """The person's goal of that title, if they have one (next steps are filed under one)."""
    return Goal.objects.filter(person=career.person, title=title).first()


def checkpoint_get(*, career: CareerView, pk: int) -> Checkpoint:
    if not career.sees("map"):
        raise Http404
    checkpoint = Checkpoint.objects.filter(action__goal__person=career.person, pk=pk).first()
    if checkpoint is None:
        raise Http404
    return checkpoint


def skills_for(*, career: CareerView) -> list[PersonSkill]:
    """Skills follow the organization's policy (self, management chain, HR, admins)."""
    if not career.can_see_skills:
        return []
    return list(
        PersonSkill.objects.filter(person=career.person)
        .select_related("skill")
        .order_by("-level", "skill__name")
    )


def skill_held_get(*, career: CareerView, skill_id: int) -> PersonSkill:
    """The person's rating of that skill; 404 when they hold none."""
    held = PersonSkill.objects.select_related("skill").filter(person=career.person)
    found = held.filter(skill_id=skill_id).first()
    if found is None:
        raise Http404
    return found


def skill_ids_held(*, career: CareerView) -> QuerySet[PersonSkill, int]:
    """The ids of the skills the person holds, as a subquery."""
    return PersonSkill.objects.filter(person=career.person).values_list("skill_id", flat=True)


def skill_history_for(*, career: CareerView) -> dict[int, list[PersonSkillHistory]]:
    if not career.can_see_skills:
        return {}
    history: dict[int, list[PersonSkillHistory]] = {}
    for row in PersonSkillHistory.objects.filter(person=career.person).order_by("at", "id"):
        history.setdefault(row.skill_id, []).append(row)
    return history


def checkins_for(*, career: CareerView) -> list[CheckIn]:
    if not career.sees("checkins"):
        return []
    return list(
        CheckIn.objects.filter(person=career.person).prefetch_related(
            Prefetch("scores", queryset=CheckInScore.objects.order_by("muscle"))
        )
    )


def accomplishments_for(*, career: CareerView) -> QuerySet[Accomplishment]:
    return Accomplishment.objects.filter(person=career.person, visibility__in=career.levels)


def accomplishment_get(*, career: CareerView, pk: int) -> Accomplishment:
    item = accomplishments_for(career=career).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


@dataclass(frozen=True)
class DevTimeBalance:
    month: dt.date
    allowance: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return self.allowance - self.used


def dev_allowance(*, on: dt.date) -> Decimal:
    """The monthly allowance in force: the newest policy row, else the setting, else 8 h."""
    policy = DevelopmentPolicy.objects.filter(effective_from__lte=on).first()
    if policy is not None:
        return policy.hours_per_month
    return Decimal(str(getattr(settings, "TRELLIS_DEV_HOURS_PER_MONTH", DEFAULT_DEV_HOURS)))


def devtime_for(
    *, career: CareerView, today: dt.date | None = None
) -> tuple[DevTimeBalance | None, list[DevTimeEntry]]:
    if not career.sees("devtime"):
        return None, []
    today = today or timezone.localdate()
    month = today.replace(day=1)
    entries = list(DevTimeEntry.objects.filter(person=career.person).select_related("action"))
    used = DevTimeEntry.objects.filter(person=career.person, date__gte=month, date__lte=today)
    total = used.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return DevTimeBalance(month=month, allowance=dev_allowance(on=today), used=total), entries


def notifications_for(*, viewer: Viewer, limit: int = 50) -> list[Notification]:
    if viewer.person is None:
        return []
    return list(Notification.objects.filter(recipient=viewer.person)[:limit])


def unread_count(*, viewer: Viewer) -> int:
    if viewer.person is None:
        return 0
    return Notification.objects.filter(recipient=viewer.person, read_at__isnull=True).count()


CLOSE_ROLES = 5


def close_roles(*, person: Person) -> list[Role]:
    """The suggested moves from the person's current role, best first: what the goal form's
    target-role picker lists first ("roles close to yours"). Empty without a role."""
    if not person.role_id:
        return []
    moves = suggested_targets(role_ids=[person.role_id], k=CLOSE_ROLES)[person.role_id]
    found = Role.objects.select_related("family").in_bulk([m.to_id for m in moves])
    return [found[m.to_id] for m in moves if m.to_id in found]
