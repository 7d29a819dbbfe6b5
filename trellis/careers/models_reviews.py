"""Deck reviews: a panel of leaders reads people's career strategy decks and answers them.

A leader (anyone with reports) or an HR partner schedules a session: a panel of reviewers, a
date, the people invited to present. Each invited person submits their deck when ready; the
panel reads it in the app as the panel may see it (the person's visibility choices, for the
panel as a whole) and leaves comments and offers of help, which the person reads on their map.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from trellis.org.validation import validate_name, validate_plan_date, validate_text

NOTE_TEXT = 1000


class DeckReview(models.Model):
    title = models.CharField(max_length=200, validators=[validate_name])
    on = models.DateField("date", validators=[validate_plan_date])
    # Kept when the organizer leaves: the session holds other people's decks and answers.
    organizer = models.ForeignKey(
        "org.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="deck_reviews_organized",
    )
    reviewers = models.ManyToManyField("org.Person", related_name="deck_reviews_on_panel")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.on:%Y-%m-%d})"


class SubmissionStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    SUBMITTED = "submitted", "Submitted"


class DeckSubmission(models.Model):
    """One person invited to a session; the panel reads the deck once it is submitted."""

    review = models.ForeignKey(DeckReview, on_delete=models.CASCADE, related_name="submissions")
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="deck_submissions"
    )
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.INVITED
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "person__last_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="deck_submission_once"),
            models.CheckConstraint(
                condition=Q(status="invited") | Q(submitted_at__isnull=False),
                name="deck_submission_submitted_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.person_id} ({self.status})"


class DeckFeedback(models.Model):
    """A reviewer's comment on a submitted deck, or an offer of help."""

    submission = models.ForeignKey(
        DeckSubmission, on_delete=models.CASCADE, related_name="feedback"
    )
    author = models.ForeignKey("org.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(max_length=NOTE_TEXT, validators=[validate_text])
    offers_help = models.BooleanField("an offer of help", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {'offer' if self.offers_help else 'comment'}"
