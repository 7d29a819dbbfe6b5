"""Proposals from the bottom up: an employee offers a project, a sponsor answers.

An approved proposal becomes an opportunity (``market.Opportunity``) owned by the sponsor, with
the proposer holding its first seat; the proposal keeps the link.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from trellis.org.validation import (
    EXTRA_SEATS,
    HOURS_PER_WEEK,
    validate_name,
    validate_text,
)

PROPOSAL_TEXT = 2000
RESPONSE_TEXT = 500
# Others the proposer would like to join them: the opportunity's seats beyond their own.
EXTRA_SEATS_MAX = EXTRA_SEATS.hi


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for the sponsor"
    CHANGES = "changes", "Changes asked"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The sponsor answers a proposal in these states; the proposer edits it in these too.
OPEN_PROPOSAL = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.CHANGES})


class Proposal(models.Model):
    proposer = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="proposals")
    sponsor = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="sponsored_proposals"
    )
    title = models.CharField(max_length=200, validators=[validate_name])
    problem = models.TextField(
        "the pain point", max_length=PROPOSAL_TEXT, validators=[validate_text]
    )
    solution = models.TextField(
        "the proposed solution", max_length=PROPOSAL_TEXT, validators=[validate_text]
    )
    skills_needed = models.ManyToManyField("skills.Skill", related_name="+", blank=True)
    skills_built = models.ManyToManyField("skills.Skill", related_name="+", blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        default=2, validators=HOURS_PER_WEEK.validators()
    )
    extra_seats = models.PositiveSmallIntegerField(
        "others needed", default=0, validators=EXTRA_SEATS.validators()
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    response = models.CharField(
        "the sponsor's word", max_length=RESPONSE_TEXT, blank=True, validators=[validate_text]
    )
    opportunity = models.OneToOneField(
        "market.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(proposer=F("sponsor")), name="proposal_sponsor_not_proposer"
            ),
            models.CheckConstraint(
                condition=Q(opportunity__isnull=True) | Q(status="approved"),
                name="proposal_opportunity_only_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(extra_seats__lte=EXTRA_SEATS_MAX), name="proposal_extra_seats_max"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROPOSAL
