"""Pulses for the demo organization: three closed ones over the past year and one open now.

About two in three people answered each closed pulse; the open one has a first third of
answers, never the demo employee's, so her home page shows a pulse waiting for her. Scores
drift up a little from pulse to pulse and differ between departments, so the trend and the
by-department results have something to show; a few comments come from a short pool written
for the demo. Deterministic for a seed; written with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from trellis.insights.models import Pulse, PulseAnswer
from trellis.org.models import Person
from trellis.org.registry import DemoStep

_QUESTIONS = [
    "My manager and I talked about my development in the last three months",
    "I know which roles I could move to next",
]
_COMMENTS = (
    "More visibility of open roles in other departments would help.",
    "The mentoring programme made a real difference for me.",
    "Hard to find time for learning with the current workload.",
    "I would like clearer criteria for promotion.",
    "My manager is supportive; the process around moves is slow.",
    "Shadowing another team opened my eyes to new options.",
)
# (months ago it closed, share of people who answered, mean drift)
_CLOSED = ((10, 0.66, -0.35), (6, 0.70, -0.15), (2, 0.64, 0.0))


def _months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


def _answers(
    pulse: Pulse, people: list[Person], share: float, drift: float, rng: random.Random
) -> list[PulseAnswer]:
    rows = []
    for person in people:
        if rng.random() >= share:
            continue
        lean = ((person.unit_id or 0) % 5 - 2) * 0.18  # some departments feel it more
        core = min(5, max(1, round(rng.gauss(3.4 + lean + drift, 0.9))))
        scores = [min(5, max(1, round(rng.gauss(core - 0.2, 0.8)))) for _ in _QUESTIONS]
        rows.append(
            PulseAnswer(
                pulse=pulse,
                person=person,
                unit_id=person.unit_id,
                manager_id=person.manager_id,
                core=core,
                q1=scores[0],
                q2=scores[1],
                comment=rng.choice(_COMMENTS) if rng.random() < 0.12 else "",
            )
        )
    return rows


def insights_demo_step(seed: int) -> str:
    """The demo step: four pulses and their answers; a sentence for the summary."""
    rng = random.Random(f"{seed}:pulse")
    today = timezone.localdate()
    people = list(Person.objects.filter(is_active=True).order_by("pk"))
    answers: list[PulseAnswer] = []
    for months, share, drift in _CLOSED:
        closes = _months_ago(today, months)
        pulse = Pulse.objects.create(
            title=f"Growth pulse, {closes:%B %Y}",
            opens_on=closes - dt.timedelta(days=14),
            closes_on=closes,
            questions=_QUESTIONS,
        )
        answers += _answers(pulse, people, share, drift, rng)
    current = Pulse.objects.create(
        title=f"Growth pulse, {today:%B %Y}",
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=11),
        questions=_QUESTIONS,
    )
    story = set(Person.objects.filter(user__username="employee").values_list("pk", flat=True))
    early = [p for p in people if p.pk not in story]
    answers += _answers(current, early, 0.3, 0.05, rng)
    PulseAnswer.objects.bulk_create(answers, batch_size=2000)
    return f"4 pulses with {len(answers)} answers"


def insights_demo_reset() -> None:
    Pulse.objects.all().delete()


def demo_step() -> DemoStep:
    return DemoStep(
        app="insights", generate=insights_demo_step, reset=insights_demo_reset, order=40
    )
