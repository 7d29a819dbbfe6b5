"""The employee's career data: profile, skill history, map, check-ins, time, accomplishments."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.org.validation import (
    HOURS_PER_WEEK,
    LINK_MAX,
    SHORT_TEXT,
    validate_link,
    validate_name,
    validate_plan_date,
    validate_record_date,
)

# Free-text limits are shared with the API schemas; careers modules import them from here.
from trellis.org.validation import LONG_TEXT as LONG_TEXT


class Visibility(models.TextChoices):
    PRIVATE = "private", "Only me"
    MANAGER = "manager", "My manager"
    MARKETPLACE = "marketplace", "Marketplace"
    EVERYONE = "everyone", "Everyone"


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    fields: tuple[str, ...]
    default: str = Visibility.MANAGER


# Each profile (and map) section has one visibility; the fields listed belong to it.
SECTIONS: tuple[Section, ...] = (
    Section("summary", "Who I am", ("summary",)),
    Section("aspirations", "Aspirations", ("aspiration_short", "aspiration_long")),
    Section("motivators", "Motivators", ("motivators",)),
    Section("values", "Values", ("values_chosen", "values_own")),
    Section("interests", "Interests and hobbies", ("interests",)),
    Section("history", "Education and history", ("education_history",)),
    Section("strengths", "Strengths", ("strengths",)),
    Section("weaknesses", "Weaknesses", ("weaknesses",), Visibility.PRIVATE),
    Section("known_for", "Known for", ("known_for", "want_known_for")),
    Section(
        "swot",
        "SWOT",
        ("swot_strengths", "swot_weaknesses", "swot_opportunities", "swot_threats"),
        Visibility.PRIVATE,
    ),
    Section("barriers", "Barriers", ("barriers_internal", "barriers_external"), Visibility.PRIVATE),
    Section(
        "mobility",
        "Mobility preferences",
        ("open_to_lateral", "open_to_relocation", "track_preference", "project_hours"),
    ),
    Section("map", "Career map", ()),
    Section("checkins", "Career OS check-ins", ()),
    Section("devtime", "Development time", ()),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
PROFILE_SECTIONS = tuple(s for s in SECTIONS if s.fields)


def default_visibility() -> dict[str, str]:
    return {section.key: str(section.default) for section in SECTIONS}


VALUE_CHOICES: tuple[tuple[str, str], ...] = (
    ("autonomy", "Autonomy"),
    ("craft", "Craft and quality"),
    ("family", "Time for family"),
    ("fairness", "Fairness"),
    ("growth", "Learning and growth"),
    ("impact", "Impact"),
    ("recognition", "Recognition"),
    ("security", "Stability"),
    ("service", "Helping others"),
    ("teamwork", "Teamwork"),
    ("variety", "Variety"),
    ("wealth", "Financial reward"),
)
VALUE_LABELS = dict(VALUE_CHOICES)


class TrackPreference(models.TextChoices):
    EITHER = "either", "Either track"
    IC = "ic", "Individual contributor"
    MANAGEMENT = "management", "Management"


class CareerProfile(models.Model):
    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="career_profile"
    )
    summary = models.TextField(blank=True)
    aspiration_short = models.TextField("short-term aspirations", blank=True)
    aspiration_long = models.TextField("long-term aspirations", blank=True)
    motivators = models.TextField(blank=True)
    values_chosen = models.JSONField(default=list, blank=True)
    values_own = models.CharField("values in my own words", max_length=SHORT_TEXT, blank=True)
    interests = models.TextField("interests and hobbies", blank=True)
    education_history = models.TextField("education and history", blank=True)
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True)
    known_for = models.TextField("what I am known for", blank=True)
    want_known_for = models.TextField("what I want to be known for", blank=True)
    # SWOT quadrants hold one item per line.
    swot_strengths = models.TextField("SWOT strengths", blank=True)
    swot_weaknesses = models.TextField("SWOT weaknesses", blank=True)
    swot_opportunities = models.TextField("SWOT opportunities", blank=True)
    swot_threats = models.TextField("SWOT threats", blank=True)
    barriers_internal = models.TextField("internal barriers", blank=True)
    barriers_external = models.TextField("external barriers", blank=True)
    open_to_lateral = models.BooleanField("open to lateral moves", default=False)
    open_to_relocation = models.BooleanField("open to relocation", default=False)
    track_preference = models.CharField(
        max_length=20, choices=TrackPreference.choices, default=TrackPreference.EITHER
    )
    project_hours = models.PositiveSmallIntegerField(
        "hours a week available for projects", default=0, validators=HOURS_PER_WEEK.validators()
    )
    visibility = models.JSONField(default=default_visibility)
    # Guided first run: the furthest step reached and whether it was finished or dismissed.
    onboarding_step = models.PositiveSmallIntegerField(default=0)
    onboarding_done = models.BooleanField(default=False)
    map_shared_at = models.DateTimeField(null=True, blank=True)
    # Indexed: the market's cache asks for the newest change on every request.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"Career profile of {self.person}"

    @property
    def needs_guided_start(self) -> bool:
        """Whether "My career" should open the guided first run rather than the overview.

        Not once the run was finished or dismissed, and not for a profile that already tells the
        person's story (filled in through the edit page or an import): walking someone through
        step 1 again over answers they already gave reads as lost work.
        """
        if self.pk is None:
            return True
        if self.onboarding_done:
            return False
        told = bool(self.summary.strip()) and any(
            value.strip() for value in (self.aspiration_short, self.aspiration_long, self.strengths)
        )
        return not told

    def visibility_of(self, key: str) -> str:
        return str(self.visibility.get(key, SECTION_BY_KEY[key].default))

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def values_labels(self) -> list[str]:
        chosen = [VALUE_LABELS.get(key, key) for key in self.values_chosen]
        own = [part.strip() for part in self.values_own.split(",") if part.strip()]
        return chosen + own


class PersonSkillHistory(models.Model):
    """One row per change of a person's skill: the level history is kept, never overwritten."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20)
    appetite = models.CharField(max_length=10)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "person skill history"

    def __str__(self) -> str:
        return f"{self.person_id}/{self.skill_id}: {self.level} ({self.source})"


class Horizon(models.TextChoices):
    SHORT = "short", "Short term (within a year)"
    LONG = "long", "Long term"


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Goal(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200, validators=[validate_name])
    description = models.TextField(blank=True)
    horizon = models.CharField(max_length=10, choices=Horizon.choices, default=Horizon.SHORT)
    target_role = models.ForeignKey(
        "skills.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_date = models.DateField(null=True, blank=True, validators=[validate_plan_date])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.title


class ActionKind(models.TextChoices):
    LEARN = "learn", "Learn"
    EXPERIENCE = "experience", "Experience"
    CONNECT = "connect", "Connect"
    EXPOSURE = "exposure", "Exposure"


class Action(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=12, choices=ActionKind.choices, default=ActionKind.LEARN)
    title = models.CharField(max_length=200, validators=[validate_name])
    measure = models.CharField("measure of success", max_length=SHORT_TEXT, blank=True)
    support_needed = models.CharField(max_length=SHORT_TEXT, blank=True)
    support_from = models.CharField("support from whom", max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # Set when the action was proposed from a gap in the target role's requirements.
    skill = models.ForeignKey(
        "skills.Skill", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A way to learn from the catalog that this action follows, when there is one.
    learning = models.ForeignKey(
        "skills.LearningItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="from the learning catalog",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Checkpoint(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="checkpoints")
    title = models.CharField(max_length=200, validators=[validate_name])
    due = models.DateField(validators=[validate_plan_date])
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due})"


class MapComment(models.Model):
    """A comment in the thread on a goal or an action of someone's map."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on goal {self.goal_id}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="career_notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message


class DevelopmentPolicy(models.Model):
    """The company's development-time allowance; the newest row in force applies."""

    hours_per_month = models.DecimalField(max_digits=5, decimal_places=1)
    effective_from = models.DateField()

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name_plural = "development policies"

    def __str__(self) -> str:
        return f"{self.hours_per_month} h/month from {self.effective_from}"


class DevTimeEntry(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(validators=[validate_record_date])
    hours = models.DecimalField(max_digits=4, decimal_places=1)
    activity = models.CharField(max_length=200)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "development time entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="devtime_hours_0_24"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.hours} h"


class Muscle(models.TextChoices):
    PLANNING = "planning", "Intentional career planning"
    LEARNING = "learning", "Lifelong learning"
    PERFORMANCE = "performance", "Performance management"
    STORYTELLING = "storytelling", "Storytelling"
    SKILLS = "skills", "Skills acquisition"
    MARKETING = "marketing", "Internal marketing"
    RELATIONSHIPS = "relationships", "Relationship building"
    ACUMEN = "acumen", "Organizational acumen"


class CheckIn(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Check-in {self.pk} of {self.person_id}"


class CheckInScore(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="scores")
    muscle = models.CharField(max_length=20, choices=Muscle.choices)
    score = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=SHORT_TEXT, blank=True)

    class Meta:
        ordering = ["checkin", "muscle"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "muscle"], name="checkin_muscle_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="checkin_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle}: {self.score}"


class Accomplishment(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200, validators=[validate_name])
    what = models.TextField("what I did", blank=True)
    impact = models.TextField(blank=True)
    date = models.DateField(validators=[validate_record_date])
    # http, https and mailto only: the link is put in an href on every reader's page.
    link = models.CharField(max_length=LINK_MAX, blank=True, validators=[validate_link])
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.MANAGER
    )
    lessons = models.TextField("lessons learned", blank=True)
    # Sharing lessons lifts the item to at least the marketplace (see services).
    share_lessons = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


# Deck reviews live in their own module; imported here so that Django and migrations see them.
from trellis.careers.models_reviews import DeckFeedback as DeckFeedback  # noqa: E402
from trellis.careers.models_reviews import DeckReview as DeckReview  # noqa: E402
from trellis.careers.models_reviews import DeckSubmission as DeckSubmission  # noqa: E402
from trellis.careers.models_reviews import SubmissionStatus as SubmissionStatus  # noqa: E402
