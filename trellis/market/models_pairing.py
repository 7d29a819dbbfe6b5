"""Pairing answered by both sides: asks for a mentor, and who a round left out and why."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from trellis.org.validation import MENTOR_HOURS, validate_text

GOAL_TEXT = 500


class RequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for a mentor"
    PAIRED = "paired", "Paired with a mentor"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MentorRequest(models.Model):
    """A person asks for a mentor in one skill, toward a goal, for some hours a month.

    Open requests enter every mentor round until paired; a declined pair opens them again.
    """

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="mentor_requests"
    )
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+")
    goal = models.CharField(
        "what you want to reach", max_length=GOAL_TEXT, validators=[validate_text]
    )
    hours_per_month = models.PositiveSmallIntegerField(
        "hours a month", default=2, validators=MENTOR_HOURS.validators()
    )
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live ask per skill: asking twice at once (two tabs) cannot make two.
            models.UniqueConstraint(
                fields=["person", "skill"],
                condition=Q(status__in=["open", "paired"]),
                name="mentor_request_one_live_per_skill",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=MENTOR_HOURS.lo)
                & Q(hours_per_month__lte=MENTOR_HOURS.hi),
                name="mentor_request_hours_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} asks for a mentor in {self.skill_id}"


class LeftOutReason(models.TextChoices):
    NO_PARTNER = "no_partner", "No compatible partner across teams"
    CAPACITY = "capacity", "Capacity full"


class PairingLeftOut(models.Model):
    """Someone who asked to be paired and whom the round left out, with the engine's reason."""

    round = models.ForeignKey(
        "market.PairingRound", on_delete=models.CASCADE, related_name="left_out"
    )
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        MentorRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=LeftOutReason.choices)
    # The sentence the person was told, kept as it was said.
    message = models.CharField(max_length=300)

    class Meta:
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id} ({self.reason})"
