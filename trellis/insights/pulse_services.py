"""Writes of the pulse: HR schedules one, a person answers it once.

Each refusal raises :class:`PulseError` naming the field at fault, so a page puts the reason
beside the field and the API answers 422 with the same field and words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from trellis.insights.models import MAX_QUESTIONS, QUESTION_FIELDS, SCALE, Pulse, PulseAnswer
from trellis.org.services import audit_record
from trellis.org.validation import name_error, plan_date_error, text_error

if TYPE_CHECKING:
    from trellis.org.access import Viewer

ALREADY_ANSWERED = "You have already answered this pulse: each person answers once."
OFF_SCALE = f"Choose a score from {SCALE.lo} to {SCALE.hi}."


class PulseError(Exception):
    """A refused pulse write: ``field`` is the input at fault, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _check_schedule(
    *, title: str, opens_on: dt.date, closes_on: dt.date, questions: Sequence[str]
) -> list[str]:
    if error := name_error(title) or ("" if title.strip() else "Give the pulse a title."):
        raise PulseError("title", error)
    for field, day in (("opens_on", opens_on), ("closes_on", closes_on)):
        if day_error := plan_date_error(day):
            raise PulseError(field, day_error)
    if closes_on < opens_on:
        raise PulseError("closes_on", "The pulse must close on or after the day it opens.")
    kept = [q.strip() for q in questions if q.strip()]
    if len(kept) > MAX_QUESTIONS:
        raise PulseError("questions", f"Ask at most {MAX_QUESTIONS} questions of your own.")
    for q in kept:
        if error := text_error(q) or (
            "" if len(q) <= 300 else "Keep each question to 300 characters."
        ):
            raise PulseError("questions", error)
    return kept


@transaction.atomic
def pulse_schedule(
    *,
    viewer: Viewer,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    questions: Sequence[str] = (),
) -> Pulse:
    """Schedule a pulse (HR partners and admins only; the caller checks, this re-checks)."""
    if not viewer.is_hr_or_admin:
        raise PulseError("pulse", "Only HR partners schedule a pulse.")
    kept = _check_schedule(title=title, opens_on=opens_on, closes_on=closes_on, questions=questions)
    pulse = Pulse.objects.create(
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        questions=kept,
        created_by=viewer.actor,
    )
    audit_record(actor=viewer.user, action="pulse.schedule", target=pulse)
    return pulse


def _check_scores(pulse: Pulse, core: int, scores: Sequence[int | None]) -> list[int | None]:
    if not SCALE.lo <= core <= SCALE.hi:
        raise PulseError("core", OFF_SCALE)
    asked = len(pulse.questions)
    if len(scores) > asked:
        raise PulseError(
            "scores", f"This pulse asks {asked} question{'s' if asked != 1 else ''} of its own."
        )
    filled = list(scores) + [None] * (MAX_QUESTIONS - len(scores))
    for score in filled:
        if score is not None and not SCALE.lo <= score <= SCALE.hi:
            raise PulseError("scores", OFF_SCALE)
    return filled


@transaction.atomic
def pulse_answer(
    *,
    viewer: Viewer,
    pulse: Pulse,
    core: int,
    scores: Sequence[int | None] = (),
    comment: str = "",
) -> PulseAnswer:
    """Record the viewer's answer to an open pulse, once."""
    person = viewer.person
    if person is None:
        raise PulseError("pulse", "Only people in the directory answer a pulse.")
    if not pulse.is_open(timezone.localdate()):
        raise PulseError("pulse", "This pulse is not open for answers.")
    filled = _check_scores(pulse, core, scores)
    if error := text_error(comment) or (
        "" if len(comment) <= 2000 else "Keep the comment to 2000 characters."
    ):
        raise PulseError("comment", error)
    if PulseAnswer.objects.filter(pulse=pulse, person=person).exists():
        raise PulseError("pulse", ALREADY_ANSWERED)
    try:
        with transaction.atomic():
            answer = PulseAnswer.objects.create(
                pulse=pulse,
                person=person,
                unit_id=person.unit_id,
                manager_id=person.manager_id,
                core=core,
                comment=comment.strip(),
                **dict(zip(QUESTION_FIELDS, filled, strict=True)),
            )
    except IntegrityError as exc:  # two answers racing: the constraint keeps one
        raise PulseError("pulse", ALREADY_ANSWERED) from exc
    return answer
