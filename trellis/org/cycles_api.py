"""The review calendar in the API: everyone reads it and their own cycles; HR publishes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from trellis.org import cycles
from trellis.org.access import hr_viewer, viewer_of
from trellis.org.models import OrgUnit, ReviewCycle
from trellis.org.validation import Id, IdIn, Input, LongText, Name, PlanDate, ShortText, WebLink

router = Router(tags=["review calendar"])

Kind = Literal["performance_review", "promotion_round", "salary_review", "calibration"]


class CycleOut(Schema):
    id: int
    kind: Kind
    kind_label: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    unit_id: int | None
    unit: str | None
    participants: str
    evaluated: str
    criteria_url: str


class CycleIn(Input):
    kind: Kind
    title: Name
    starts_on: PlanDate
    ends_on: PlanDate
    unit_id: IdIn | None = None
    participants: ShortText = ""
    evaluated: LongText = ""
    criteria_url: WebLink = ""


def _out(c: ReviewCycle) -> CycleOut:
    return CycleOut(
        id=c.pk,
        kind=c.kind,  # type: ignore[arg-type]
        kind_label=c.get_kind_display(),
        title=c.title,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        unit_id=c.unit_id,
        unit=c.unit.path if c.unit else None,
        participants=c.participants,
        evaluated=c.evaluated,
        criteria_url=c.criteria_url,
    )


def _data(payload: CycleIn) -> cycles.CycleData:
    fields = payload.dict()
    unit_id = fields.pop("unit_id")
    unit = None
    if unit_id is not None:
        unit = cycles.units_for_choice().filter(pk=unit_id).first()
        if unit is None:
            raise _refused(cycles.CycleError("unit_id", "No such unit."))
    return cycles.CycleData(unit=unit if isinstance(unit, OrgUnit) else None, **fields)


def _refused(exc: cycles.CycleError) -> HttpError:
    # A rule no schema can state (the order of dates, an unknown unit) is a 400 naming the
    # field; each field's shape (a link's scheme, a date's window) is checked before, as a 422.
    return HttpError(400, f"{exc.field}: {exc.message}")


@router.get("/cycles", response=list[CycleOut])
def cycle_list(request: HttpRequest) -> list[CycleOut]:
    """Every cycle that has not ended, soonest first."""
    return [_out(c) for c in cycles.cycles_all(today=timezone.localdate())]


@router.get("/cycles/mine", response=list[CycleOut])
def cycle_list_mine(request: HttpRequest) -> list[CycleOut]:
    """The cycles the caller takes part in that have not ended."""
    person = viewer_of(request).person
    return [_out(c) for c in cycles.cycles_for_person(person=person, today=timezone.localdate())]


@router.post("/cycles", response={201: CycleOut})
def cycle_create(request: HttpRequest, payload: CycleIn) -> Status[CycleOut]:
    """Publish a cycle (HR partners and admins)."""
    viewer = hr_viewer(request)
    try:
        cycle = cycles.cycle_publish(viewer=viewer, data=_data(payload))
    except cycles.CycleError as exc:
        raise _refused(exc) from exc
    return Status(201, _out(cycle))


@router.put("/cycles/{pk}", response=CycleOut)
def cycle_change(request: HttpRequest, pk: Id, payload: CycleIn) -> CycleOut:
    """Change a cycle (HR partners and admins)."""
    viewer = hr_viewer(request)
    cycle = cycles.cycle_get(viewer=viewer, pk=pk)
    try:
        cycle = cycles.cycle_update(viewer=viewer, cycle=cycle, data=_data(payload))
    except cycles.CycleError as exc:
        raise _refused(exc) from exc
    return _out(cycle)


@router.delete("/cycles/{pk}", response={204: None})
def cycle_remove(request: HttpRequest, pk: Id) -> Status[None]:
    """Remove a cycle (HR partners and admins)."""
    viewer = hr_viewer(request)
    cycles.cycle_delete(viewer=viewer, cycle=cycles.cycle_get(viewer=viewer, pk=pk))
    return Status(204, None)
