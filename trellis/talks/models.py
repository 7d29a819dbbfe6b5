"""Career conversations: push and pull items, follow-ups, the SPUR guide, feedback requests."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from trellis.org.validation import (
    CONVERSATION_MINUTES,
    DOCUMENT_TEXT,
    validate_name,
    validate_text,
)

TEXT_LIMIT = 1000


class Kind(models.TextChoices):
    ONE_ON_ONE = "one_on_one", "1:1"
    REVIEW = "review", "Performance review"
    CAREER_SESSION = "career_session", "Career session"
    INFORMAL = "informal", "Informal chat"
    PROJECT = "project", "Project discussion"
    OTHER = "other", "Other"


# Reviews, 1:1s and career sessions are on the calendar; the rest happen when they happen.
PLANNED_KINDS = frozenset({Kind.ONE_ON_ONE, Kind.REVIEW, Kind.CAREER_SESSION})


class Spur(models.TextChoices):
    SELF = "self", "Self-assessment"
    PERCEPTIONS = "perceptions", "Perceptions"
    CONNECTIONS = "connections", "Understanding connections"
    REALITY = "reality", "Reality testing"


class Stance(models.TextChoices):
    EXPERT = "expert", "Expert"
    RESOURCE = "resource", "Resource"
    FACILITATOR = "facilitator", "Facilitator"


class TalkVisibility(models.TextChoices):
    SHARED = "shared", "Shared with the employee"
    PRIVATE = "private", "Private to me"


class Status(models.TextChoices):
    HELD = "held", "Held"
    PLANNED = "planned", "Planned"


class Direction(models.TextChoices):
    PULL = "pull", "Pull (learned about them)"
    PUSH = "push", "Push (offered to them)"


class PullCategory(models.TextChoices):
    GOALS = "goals", "Goals (short or long term)"
    INTERESTS = "interests", "Interests and hobbies"
    VALUES = "values", "Values"
    HISTORY = "history", "Education and history"
    LEARNING = "learning", "Topics they want to learn"
    STRENGTHS = "strengths", "Strengths and weaknesses as they see them"
    ENERGY = "energy", "Energy: what boosts or drains them"


class PushCategory(models.TextChoices):
    PATHS = "paths", "Career paths"
    SKILLS = "skills", "Skills needed for a role"
    PEOPLE = "people", "People to meet"
    OPPORTUNITIES = "opportunities", "Opportunities"
    STRENGTHS_SEEN = "strengths_seen", "Strengths observed"
    LEARNING_OFFER = "learning_offer", "Learning opportunities"
    CONNECTIONS = "connections", "Connections between work and goals"
    GAPS = "gaps", "Gaps to close"
    FEEDBACK = "feedback", "Feedback"
    GOALS_PROPOSED = "goals_proposed", "Goals proposed"


CATEGORY_LABELS: dict[str, str] = {**dict(PullCategory.choices), **dict(PushCategory.choices)}


class Outcome(models.TextChoices):
    OPEN = "", "Open"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class Conversation(models.Model):
    author = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="career_conversations"
    )
    when = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ONE_ON_ONE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    # Whether it was on the calendar: scheduled in Trellis, or a 1:1, review or career
    # session. Set once at creation and kept when a planned conversation is marked held,
    # so the planned-vs-unplanned counts do not move when the notes are filled in.
    planned = models.BooleanField(default=False)
    # Minutes on the calendar, for the ICS invitation of a planned conversation.
    duration = models.PositiveSmallIntegerField(
        default=30, validators=CONVERSATION_MINUTES.validators()
    )
    summary = models.TextField(blank=True)
    # A list of Spur values; a JSON list keeps the form simple and needs no join table.
    spur_areas = models.JSONField(default=list, blank=True)
    stance = models.CharField(max_length=12, choices=Stance.choices, blank=True)
    visibility = models.CharField(
        max_length=10, choices=TalkVisibility.choices, default=TalkVisibility.SHARED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-when", "-id"]
        indexes = [
            models.Index(fields=["person", "-when"], name="talk_person_when_idx"),
            models.Index(fields=["author", "person", "-when"], name="talk_author_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(author=models.F("person")), name="talk_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with person {self.person_id} on {self.when:%Y-%m-%d}"

    @property
    def is_planned_kind(self) -> bool:
        return self.kind in PLANNED_KINDS

    @property
    def spur_labels(self) -> list[str]:
        labels = dict(Spur.choices)
        return [labels.get(area, area) for area in self.spur_areas]


class ConversationItem(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="items")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    category = models.CharField(max_length=20)
    text = models.CharField(max_length=TEXT_LIMIT)
    role = models.ForeignKey(
        "skills.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skill = models.ForeignKey(
        "skills.Skill", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opportunity = models.ForeignKey(
        "market.Opportunity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    outcome_at = models.DateTimeField(null=True, blank=True)
    # Set when the employee added this accepted push item to their profile ("known_for" or
    # "strengths"): the offer is made once.
    profile_field = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(direction="pull", category__in=PullCategory.values)
                    | Q(direction="push", category__in=PushCategory.values)
                ),
                name="talk_item_category_matches_direction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction}/{self.category} in conversation {self.conversation_id}"

    @property
    def reaches_profile(self) -> bool:
        """A pushed strength or piece of feedback: once accepted, the employee may add it to
        their profile's "known for" or strengths."""
        return self.direction == Direction.PUSH and self.category in (
            PushCategory.STRENGTHS_SEEN,
            PushCategory.FEEDBACK,
        )

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)


class FollowUp(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="followups"
    )
    owner = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    due = models.DateField()
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done", "due", "id"]
        indexes = [models.Index(fields=["owner", "done", "due"], name="talk_followup_owner_idx")]

    def __str__(self) -> str:
        return f"{self.text} (due {self.due})"


class PreWork(models.Model):
    """The employee's rudimentary plan, asked for when a conversation is planned.

    Blank until they answer; only they write it, and the author of the conversation reads it
    on the prep sheet.
    """

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="prework"
    )
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    learned = models.TextField("what I have learned lately", blank=True)
    enjoy = models.TextField("what I enjoy", blank=True)
    next_role = models.TextField("the next role I might want", blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Pre-work of person {self.person_id} for conversation {self.conversation_id}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", "Planned conversation coming up"
    QUIET = "quiet", "No career conversation for a long time"


class Reminder(models.Model):
    """One reminder sent to a manager on one day: the record that keeps the command idempotent."""

    manager = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "day"],
                condition=Q(kind="upcoming"),
                name="talk_reminder_upcoming_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["manager", "person", "day"],
                condition=Q(kind="quiet"),
                name="talk_reminder_quiet_once_a_day",
            ),
        ]
        indexes = [models.Index(fields=["manager", "kind", "-day"], name="talk_reminder_idx")]

    def __str__(self) -> str:
        return f"{self.kind} reminder for person {self.manager_id} on {self.day}"


class QuestionKind(models.TextChoices):
    ASK = "ask", "Question to ask"
    OFFER = "offer", "What to offer"
    LAST15 = "last15", "Development question for the last 15 minutes"


class SpurQuestion(models.Model):
    area = models.CharField(max_length=12, choices=Spur.choices)
    stance = models.CharField(max_length=12, choices=Stance.choices, blank=True)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices, default=QuestionKind.ASK)
    # The pull category a question helps fill, so the prep sheet can suggest it for a gap.
    category = models.CharField(max_length=20, choices=PullCategory.choices, blank=True, default="")
    text = models.CharField(max_length=500)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area", "kind", "id"]

    def __str__(self) -> str:
        return self.text


class FeedbackRequest(models.Model):
    requester = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="feedback_requests"
    )
    note = models.CharField("a word to the people you ask", max_length=500, blank=True)
    # The requester's choice: show names, or show answers only once three have answered.
    anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Feedback request {self.pk} of person {self.requester_id}"


ANONYMOUS_THRESHOLD = 3


class FeedbackAnswer(models.Model):
    """One colleague asked; the answer fields stay blank until they answer."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="answers")
    respondent = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    known_for = models.TextField("what they are known for", blank=True)
    relied_on_for = models.TextField("what people rely on them for", blank=True)
    could_be_known_for = models.TextField("what they could be known for", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "respondent"], name="feedback_one_answer_each"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk} to request {self.request_id}"


class CoverageGoal(models.Model):
    """A manager's own target of unplanned career conversations per month."""

    manager = models.OneToOneField("org.Person", on_delete=models.CASCADE, related_name="+")
    unplanned_per_month = models.PositiveSmallIntegerField(default=2)

    def __str__(self) -> str:
        return f"{self.unplanned_per_month} unplanned a month"


class OrientationPage(models.Model):
    """A page HR writes for career sessions (how internal mobility works, how to approach a
    career conversation...), in a small Markdown (``trellis.talks.markdown``)."""

    title = models.CharField(max_length=200, validators=[validate_name])
    body = models.TextField(max_length=DOCUMENT_TEXT, validators=[validate_text])
    for_new_joiners = models.BooleanField(
        default=True, help_text="Shown on the home page during a person's first 90 days."
    )
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class OrientationStep(models.TextChoices):
    MOBILITY_POLICY = "mobility_policy", "Read the internal mobility policy"
    PROFILE = "profile", "Fill in your career profile"
    CONVERSATION = "conversation", "Book a first career conversation"
    BUDDY = "buddy", "Meet your buddy"


class OrientationTick(models.Model):
    """A checklist step the person marked done themselves (the ones no data can tell)."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=20, choices=OrientationStep.choices)
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "step"], name="orientation_tick_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.step}"
