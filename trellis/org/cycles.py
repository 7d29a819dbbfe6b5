"""The review calendar: HR publishes the cycles, everyone sees what comes next for them.

A cycle concerns everyone, or the people of one unit and the units below it. A person's
cycles are read in one query from the unit's path (the unit itself and every unit above it).
Each refusal raises :class:`CycleError` naming the field, so pages and the API say the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.org.models import CycleKind, OrgUnit, Person, ReviewCycle
from trellis.org.services import audit_record
from trellis.org.validation import name_error, plan_date_error, text_error, web_link_error

if TYPE_CHECKING:
    from trellis.org.access import Viewer

UPCOMING = 3  # cycles shown on the home page and the career map


class CycleError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CycleData:
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    unit: OrgUnit | None = None
    participants: str = ""
    evaluated: str = ""
    criteria_url: str = ""


def _check(data: CycleData) -> None:
    if data.kind not in CycleKind.values:
        raise CycleError("kind", "Choose the kind of cycle.")
    if error := name_error(data.title) or ("" if data.title.strip() else "Give the cycle a title."):
        raise CycleError("title", error)
    for field, day in (("starts_on", data.starts_on), ("ends_on", data.ends_on)):
        if day_error := plan_date_error(day):
            raise CycleError(field, day_error)
    if data.ends_on < data.starts_on:
        raise CycleError("ends_on", "The cycle must end on or after the day it starts.")
    for field, text in (("participants", data.participants), ("evaluated", data.evaluated)):
        if problem := text_error(text):
            raise CycleError(field, problem)
    if data.criteria_url and (link := web_link_error(data.criteria_url)):
        raise CycleError("criteria_url", link)


def _check_hr(viewer: Viewer) -> None:
    if not viewer.is_hr_or_admin:
        raise Http404


@transaction.atomic
def cycle_publish(*, viewer: Viewer, data: CycleData) -> ReviewCycle:
    _check_hr(viewer)
    _check(data)
    cycle = ReviewCycle.objects.create(
        kind=data.kind,
        title=data.title.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        unit=data.unit,
        participants=data.participants.strip(),
        evaluated=data.evaluated.strip(),
        criteria_url=data.criteria_url,
        created_by=viewer.actor,
    )
    audit_record(actor=viewer.user, action="cycle.publish", target=cycle)
    return cycle


@transaction.atomic
def cycle_update(*, viewer: Viewer, cycle: ReviewCycle, data: CycleData) -> ReviewCycle:
    _check_hr(viewer)
    _check(data)
    for field in CycleData.__dataclass_fields__:
        value = getattr(data, field)
        setattr(cycle, field, value.strip() if isinstance(value, str) else value)
    cycle.save()
    audit_record(actor=viewer.user, action="cycle.update", target=cycle)
    return cycle


@transaction.atomic
def cycle_delete(*, viewer: Viewer, cycle: ReviewCycle) -> None:
    _check_hr(viewer)
    audit_record(actor=viewer.user, action="cycle.delete", target=cycle)
    cycle.delete()


# --- reads ----------------------------------------------------------------------------------


def cycles_all(*, today: dt.date) -> QuerySet[ReviewCycle]:
    """Every cycle that has not ended, soonest first (the calendar is public to staff)."""
    return ReviewCycle.objects.filter(ends_on__gte=today).select_related("unit")


def cycles_for_person(
    *, person: Person | None, today: dt.date, limit: int | None = None
) -> list[ReviewCycle]:
    """The cycles the person takes part in that have not ended, soonest first."""
    if person is None:
        return []
    scope = Q(unit__isnull=True)
    if person.unit_id is not None:
        unit = OrgUnit.objects.only("path").get(pk=person.unit_id)
        parts = unit.path.split("/")
        scope |= Q(unit__path__in=["/".join(parts[:end]) for end in range(1, len(parts) + 1)])
    cycles = ReviewCycle.objects.filter(scope, ends_on__gte=today).select_related("unit")
    return list(cycles[:limit] if limit else cycles)


def cycle_get(*, viewer: Viewer, pk: int) -> ReviewCycle:
    """A cycle for HR to change (404 for anyone else)."""
    _check_hr(viewer)
    cycle = ReviewCycle.objects.filter(pk=pk).first()
    if cycle is None:
        raise Http404
    return cycle


def units_for_choice() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.order_by("path")
