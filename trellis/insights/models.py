"""The pulse: a short survey HR schedules and people answer once.

Every pulse asks the same core question (so pulses compare over time) and up to five
statements of HR's own, each scored from 1 ("not at all") to 5 ("completely"), with an
optional comment. An answer keeps the unit and the manager the person had when answering,
so results group by where people were, and the figures of a past pulse never move when
someone changes team.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from trellis.org.validation import (
    LONG_TEXT,
    SCORE,
    validate_name,
    validate_plan_date,
    validate_text,
)

CORE_QUESTION = (
    "I believe I can reach my career goals here, with the support of my manager and of "
    "the organization."
)
SCALE = SCORE  # one scale for pages, the API and the database
MAX_QUESTIONS = 5
QUESTION_FIELDS = ("q1", "q2", "q3", "q4", "q5")


class Pulse(models.Model):
    title = models.CharField(max_length=200, validators=[validate_name])
    opens_on = models.DateField(validators=[validate_plan_date])
    closes_on = models.DateField(validators=[validate_plan_date])
    # HR's own statements, in order, at most MAX_QUESTIONS; scored in q1..q5 of an answer.
    questions = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="pulse_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: object) -> bool:
        return bool(self.opens_on <= today <= self.closes_on)  # type: ignore[operator]


def _score(*, null: bool = False) -> Any:
    return models.PositiveSmallIntegerField(null=null, blank=null, validators=SCALE.validators())


class PulseAnswer(models.Model):
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="pulse_answers")
    # Where the person stood when answering (see the module docstring).
    unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    core = _score()
    q1 = _score(null=True)
    q2 = _score(null=True)
    q3 = _score(null=True)
    q4 = _score(null=True)
    q5 = _score(null=True)
    comment = models.TextField(blank=True, max_length=LONG_TEXT, validators=[validate_text])
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pulse", "person"], name="pulse_answer_once"),
            models.CheckConstraint(
                condition=models.Q(core__gte=SCALE.lo, core__lte=SCALE.hi),
                name="pulse_core_on_scale",
            ),
        ]
        indexes = [
            # Covering indexes for the grouped reads (results by department and by manager).
            models.Index(fields=["pulse", "unit", "core"], name="pulse_by_unit"),
            models.Index(fields=["pulse", "manager", "core"], name="pulse_by_manager"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.pulse_id}"

    def scores(self) -> list[int | None]:
        return [getattr(self, f) for f in QUESTION_FIELDS]

    @property
    def pairs(self) -> list[tuple[str, int | None]]:
        """HR's questions with this answer's scores, for the person's own view."""
        return list(zip(self.pulse.questions, self.scores(), strict=False))
