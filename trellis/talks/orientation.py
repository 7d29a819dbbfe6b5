"""Orientation for new joiners: HR's pages and a checklist for the first 90 days.

A person is a new joiner from their hire date (``Person.hire_date``, from the HRIS import)
for ``NEW_JOINER_DAYS`` days; a person without a hire date is never shown the checklist.
Two steps are read from what the person has done — a career profile with a summary, and a
career conversation planned or held with them — and two are ticked by the person, since no
record tells them: having read the mobility policy and having met their buddy (the buddy
from a pairing round is named when there is one). The checklist is the person's, their
management chain's and HR's to read (``can_see_details``); only the person ticks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from trellis.careers.models import CareerProfile
from trellis.market.models import Pairing, PairingKind
from trellis.org.access import Viewer, can_see_details
from trellis.org.models import Person
from trellis.org.services import audit_record
from trellis.org.validation import name_error, text_error
from trellis.talks.models import Conversation, OrientationPage, OrientationStep, OrientationTick

NEW_JOINER_DAYS = 90
TICKED = frozenset({OrientationStep.MOBILITY_POLICY, OrientationStep.BUDDY})


class OrientationError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    ticked: bool  # True when the person marks it; False when read from their data
    hint: str = ""


@dataclass(frozen=True)
class Checklist:
    person: Person
    steps: list[Step]
    days_left: int

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def total(self) -> int:
        return len(self.steps)


def is_new_joiner(person: Person, today: dt.date) -> bool:
    if person.hire_date is None:
        return False
    return 0 <= (today - person.hire_date).days < NEW_JOINER_DAYS


def _buddies(ids: list[int]) -> dict[int, str]:
    pairs = Pairing.objects.filter(round__kind=PairingKind.BUDDY).filter(
        Q(first_id__in=ids) | Q(second_id__in=ids)
    )
    names: dict[int, str] = {}
    for pair in pairs.select_related("first", "second").order_by("round__created_at"):
        names[pair.first_id] = pair.second.full_name
        names[pair.second_id] = pair.first.full_name
    return names


def checklists(people: Iterable[Person], *, today: dt.date) -> dict[int, Checklist]:
    """The checklists of the new joiners among ``people``, by person id (four queries)."""
    joiners = [p for p in people if is_new_joiner(p, today)]
    ids = [p.pk for p in joiners]
    if not ids:
        return {}
    profiled = set(
        CareerProfile.objects.filter(person_id__in=ids)
        .exclude(summary="")
        .values_list("person_id", flat=True)
    )
    talked = set(Conversation.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
    ticks: dict[int, set[str]] = defaultdict(set)
    for person_id, step in OrientationTick.objects.filter(person_id__in=ids).values_list(
        "person_id", "step"
    ):
        ticks[person_id].add(step)
    buddies = _buddies(ids)
    result = {}
    for p in joiners:
        buddy = buddies.get(p.pk)
        steps = [
            Step(
                "mobility_policy",
                OrientationStep.MOBILITY_POLICY.label,
                "mobility_policy" in ticks[p.pk],
                ticked=True,
            ),
            Step("profile", OrientationStep.PROFILE.label, p.pk in profiled, ticked=False),
            Step("conversation", OrientationStep.CONVERSATION.label, p.pk in talked, ticked=False),
            Step(
                "buddy",
                OrientationStep.BUDDY.label,
                "buddy" in ticks[p.pk],
                ticked=True,
                hint=f"Your buddy is {buddy}." if buddy else "Ask for a buddy in the next round.",
            ),
        ]
        days = NEW_JOINER_DAYS - (today - p.hire_date).days  # type: ignore[operator]
        result[p.pk] = Checklist(person=p, steps=steps, days_left=days)
    return result


def checklist_for(*, viewer: Viewer, person: Person, today: dt.date) -> Checklist | None:
    """The person's checklist (None past their first 90 days); 404 to who may not read it."""
    if not can_see_details(viewer, person):
        raise Http404
    return checklists([person], today=today).get(person.pk)


def person_for_checklist(*, viewer: Viewer, pk: int) -> Person:
    person = Person.objects.filter(pk=pk, is_active=True).first()
    if person is None or not can_see_details(viewer, person):
        raise Http404
    return person


@transaction.atomic
def orientation_tick(*, viewer: Viewer, step: str, today: dt.date) -> OrientationTick:
    """Mark one of the ticked steps done for the viewer (a new joiner)."""
    person = viewer.person
    if person is None or not is_new_joiner(person, today):
        raise OrientationError("step", "The checklist is for your first 90 days.")
    if step not in TICKED:
        raise OrientationError("step", "This step is marked done by what you do, not by hand.")
    tick, _ = OrientationTick.objects.get_or_create(person=person, step=step)
    return tick


# --- HR's pages -----------------------------------------------------------------------------


def pages(*, new_joiners_only: bool = False) -> list[OrientationPage]:
    found = OrientationPage.objects.all()
    return list(found.filter(for_new_joiners=True) if new_joiners_only else found)


def page_get(*, pk: int) -> OrientationPage:
    page = OrientationPage.objects.filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def page_for_edit(*, viewer: Viewer, pk: int) -> OrientationPage:
    if not viewer.is_hr_or_admin:
        raise Http404
    return page_get(pk=pk)


@transaction.atomic
def page_save(
    *,
    viewer: Viewer,
    page: OrientationPage | None,
    title: str,
    body: str,
    for_new_joiners: bool,
    position: int = 0,
) -> OrientationPage:
    """Write or rewrite an orientation page (HR partners and admins)."""
    if not viewer.is_hr_or_admin:
        raise Http404
    if error := name_error(title) or ("" if title.strip() else "Give the page a title."):
        raise OrientationError("title", error)
    if error := text_error(body) or ("" if body.strip() else "Write the page."):
        raise OrientationError("body", error)
    page = page or OrientationPage()
    page.title, page.body = title.strip(), body.strip()
    page.for_new_joiners, page.position = for_new_joiners, position
    page.save()
    audit_record(actor=viewer.user, action="talks.orientation.save", target=page)
    return page
