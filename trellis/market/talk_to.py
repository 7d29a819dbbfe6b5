"""People to talk to on the gap page and on the career map.

The same rule as For you and the prep sheet (:func:`trellis.market.recommend.contacts_for`,
the engine's connections): active colleagues who opted in to the marketplace and hold the
skills still to build, other teams first. These pages belong to lower apps (skills, careers);
the market adds the section to them from its ``AppConfig.ready()``.
"""

from __future__ import annotations

from trellis.careers.models import Goal, Status
from trellis.market.recommend import Contact, contacts_for
from trellis.org.access import Viewer
from trellis.org.models import Person
from trellis.skills.gap import GapStatus
from trellis.skills.models import PersonSkill, RoleRequirement, Skill
from trellis.skills.selectors import GapReport

CONTACTS = 6  # as on the prep sheet


def _is_self(viewer: Viewer, person: Person) -> bool:
    return viewer.person is not None and viewer.person.pk == person.pk


def gap_contacts(*, viewer: Viewer, person: Person, report: GapReport) -> list[Contact]:
    """Colleagues who hold the skills this role asks of the person and they lack or partly
    have. Who holds the person's target roles is named only to the person (a manager or HR
    reading the gap must not learn a private goal from it)."""
    ids = [
        g.requirement.skill_id
        for g in (*report.gap.required, *report.gap.nice_to_have)
        if g.status != GapStatus.MET
    ]
    if not ids:
        return []
    skills = list(Skill.objects.filter(pk__in=ids).order_by("name"))
    return contacts_for(
        person=person, skills=skills, k=CONTACTS, with_targets=_is_self(viewer, person)
    )


def map_contacts(*, viewer: Viewer, person: Person) -> list[Contact]:
    """For the owner of the map: colleagues who hold the skills the roles of their open goals
    ask for beyond their own levels, or who hold those roles. Nobody else is shown the list
    (a private goal must not show through it)."""
    if not _is_self(viewer, person):
        return []
    targets = Goal.objects.filter(
        person=person, status__in=[Status.PLANNED, Status.ACTIVE], target_role__isnull=False
    ).values_list("target_role_id", flat=True)
    levels = dict(PersonSkill.objects.filter(person=person).values_list("skill_id", "level"))
    rows = RoleRequirement.objects.filter(role_id__in=list(targets)).values_list(
        "skill_id", "min_level"
    )
    ids = {skill for skill, floor in rows if levels.get(skill, 0) < floor}
    if not ids and not targets:
        return []
    skills = list(Skill.objects.filter(pk__in=ids).order_by("name"))
    return contacts_for(person=person, skills=skills, k=CONTACTS, with_targets=True)


__all__ = ["CONTACTS", "gap_contacts", "map_contacts"]
