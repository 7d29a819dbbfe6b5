"""The internal marketplace: opportunities, opt-ins, interests, matching rounds and pairings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trellis.org.validation import (
    DURATION_WEEKS,
    HOURS_PER_WEEK,
    MENTEES,
    MONTHS_IN_ROLE,
    SEATS,
    validate_name,
    validate_plan_date,
)
from trellis.skills.models import MAX_LEVEL


class Kind(models.TextChoices):
    ROLE = "role", "Open role"
    PROJECT = "project", "Project"
    GIG = "gig", "Gig"
    STRETCH = "stretch", "Stretch assignment"
    SHADOWING = "shadowing", "Job shadowing"
    MENTORSHIP = "mentorship", "Mentorship"


class Direction(models.TextChoices):
    """Which side of a mentorship or shadowing the person taking it is on."""

    LEARN = "learn", "The person taking it learns (is mentored, shadows someone)"
    GUIDE = "guide", "The person taking it guides (mentors others, is shadowed)"


# Kinds with two sides: an offer to be mentored or to mentor others, to shadow or be shadowed.
DIRECTED_KINDS = frozenset({Kind.SHADOWING, Kind.MENTORSHIP})
# Kinds that cannot be published without at least one skill requirement.
KINDS_NEEDING_SKILLS = frozenset({Kind.ROLE, Kind.PROJECT, Kind.GIG})
# Kinds done alongside the current job: the person's spare hours must cover them.
PART_TIME_KINDS = frozenset({Kind.PROJECT, Kind.GIG, Kind.STRETCH, Kind.SHADOWING, Kind.MENTORSHIP})


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class Opportunity(models.Model):
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PROJECT)
    title = models.CharField(max_length=200, validators=[validate_name])
    description = models.TextField(blank=True)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="opportunities")
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="owned_opportunities"
    )
    role = models.ForeignKey(
        "skills.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    direction = models.CharField(
        "the person taking it",
        max_length=5,
        choices=Direction.choices,
        default=Direction.LEARN,
        help_text=(
            "For mentorships and job shadowing: whether the person who takes it learns (is "
            "mentored in the skills listed, or shadows the role) or guides (mentors others in "
            "them, or is shadowed): guides must be at or above every level asked."
        ),
    )
    capacity = models.PositiveSmallIntegerField("seats", default=1, validators=SEATS.validators())
    hours_per_week = models.PositiveSmallIntegerField(
        default=0, validators=HOURS_PER_WEEK.validators()
    )
    duration_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DURATION_WEEKS.validators()
    )
    start_date = models.DateField(null=True, blank=True, validators=[validate_plan_date])
    end_date = models.DateField(null=True, blank=True, validators=[validate_plan_date])
    location = models.CharField(
        max_length=150, blank=True, help_text="Blank means anywhere.", validators=[validate_name]
    )
    remote = models.BooleanField("remote possible", default=True)
    min_months_in_role = models.PositiveSmallIntegerField(
        default=0, validators=MONTHS_IN_ROLE.validators()
    )
    closes_on = models.DateField(
        "closing date", null=True, blank=True, validators=[validate_plan_date]
    )
    status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="opportunity_capacity_1"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="opportunity_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="opportunity_feed_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def guides(self) -> bool:
        """Whether the person taking it mentors others or is shadowed (see ``direction``)."""
        return self.kind in DIRECTED_KINDS and self.direction == Direction.GUIDE


class OpportunitySkill(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+")
    min_level = models.PositiveSmallIntegerField(default=3)
    weight = models.PositiveSmallIntegerField("importance", default=3)
    required = models.BooleanField(default=True, help_text="False for nice-to-have.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-required", "-weight", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "skill"], name="opp_skill_unique"),
            models.CheckConstraint(condition=Q(min_level__lte=MAX_LEVEL), name="opp_skill_0_5"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=5), name="opp_skill_weight_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.skill_id} ≥ {self.min_level}"


class Cadence(models.TextChoices):
    OFF = "off", "No digest"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class MarketplaceOptIn(models.Model):
    """Whether owners and HR may find the person; absent means not opted in (off by default)."""

    person = models.OneToOneField("org.Person", on_delete=models.CASCADE, related_name="market")
    opted_in = models.BooleanField(default=False)
    digest = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # How many mentees the person is willing to take in a mentor pairing round (0: none).
    mentor_capacity = models.PositiveSmallIntegerField(default=0, validators=MENTEES.validators())
    wants_buddy = models.BooleanField(default=False)
    # Indexed: its maximum is part of the engine cache's data version, read on every page.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.person_id}: {'in' if self.opted_in else 'out'}"


class MarketPolicy(models.Model):
    """The company's marketplace policy; the newest row applies (defaults when none)."""

    notify_manager = models.BooleanField(
        default=True, help_text="Tell the employee's manager when they express interest."
    )
    allow_confidential = models.BooleanField(
        default=True, help_text="Employees may hide interest from their manager until shortlisted."
    )
    default_min_months = models.PositiveSmallIntegerField(
        default=0, help_text="Minimum months in the current role, proposed on new opportunities."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "market policies"

    def __str__(self) -> str:
        return f"Market policy {self.pk}"

    @classmethod
    def current(cls) -> MarketPolicy:
        return cls.objects.first() or cls()


class InterestStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    SHORTLISTED = "shortlisted", "Shortlisted"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses from which the manager may see a confidential interest.
VISIBLE_TO_MANAGER_FROM = frozenset(
    {InterestStatus.SHORTLISTED, InterestStatus.OFFERED, InterestStatus.ACCEPTED}
)
FINAL_STATUSES = frozenset(
    {InterestStatus.ACCEPTED, InterestStatus.DECLINED, InterestStatus.WITHDRAWN}
)
# Statuses that hold one of the opportunity's seats: offers and accepted places together never
# exceed its capacity.
SEAT_STATUSES = frozenset({InterestStatus.OFFERED, InterestStatus.ACCEPTED})


class Interest(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="interests")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    status = models.CharField(
        max_length=12, choices=InterestStatus.choices, default=InterestStatus.INTERESTED
    )
    confidential = models.BooleanField(
        default=False, help_text="Hidden from the person's manager until shortlisted."
    )
    note = models.CharField("a word to the owner", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "opportunity"], name="interest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.opportunity_id}: {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class InterestEvent(models.Model):
    """One step of an interest's workflow: who moved it, when, from where to where."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.interest_id}: {self.from_status or '—'} → {self.to_status}"


class RoundStatus(models.TextChoices):
    RUN = "run", "Run, not published"
    PUBLISHED = "published", "Published as offers"
    # Adjusting a round clears it again as a new round; the old one must never be published
    # too, or both would offer the same seats.
    SUPERSEDED = "superseded", "Superseded by an adjusted round"


class Round(models.Model):
    """A matching round. ``inputs`` (and ``preferences``) reproduce the result exactly."""

    name = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.RUN)
    # {"opportunities": [...], "people": [...], "locks": [[p, o]], "excludes": [[p, o]]}
    inputs = models.JSONField(default=dict)
    # The preference arrays the engine cleared, as a compressed NumPy archive.
    preferences = models.BinaryField(default=b"")
    blocking_pairs = models.IntegerField(default=0)
    # {"unmatched": {person_id: [[opp_id, score, cutoff], ...]}, "matched": n}
    summary = models.JSONField(default=dict)
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | Q(status="superseded"),
                name="round_superseded_by_only_when_superseded",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoundAssignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    choice = models.IntegerField(help_text="Position in the person's list, 0 is their first.")
    readiness = models.FloatField(default=0)
    mutual_value = models.FloatField(default=0)
    from_interest = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "opportunity_id", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="round_person_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id} → {self.opportunity_id}"


class PairingKind(models.TextChoices):
    BUDDY = "buddy", "Career buddies"
    MENTOR = "mentor", "Mentors"


class PairingRound(models.Model):
    kind = models.CharField(max_length=10, choices=PairingKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Pairs are announced when the round runs: its creation is its publication.
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for both answers"
    ACCEPTED = "accepted", "Accepted by both"
    DECLINED = "declined", "Declined"


# Pairs that hold their two people (and, for mentors, one of the mentor's seats): a new round
# pairs neither again until the pair is declined.
ACTIVE_PAIR = (PairStatus.PROPOSED, PairStatus.ACCEPTED)


class Pairing(models.Model):
    """Two people paired; for mentors ``first`` is the mentor and ``second`` the mentee.

    Each side accepts or declines; the pair is accepted when both have, and declined (with a
    reason) as soon as one declines, which frees both for the next round.
    """

    round = models.ForeignKey(PairingRound, on_delete=models.CASCADE, related_name="pairings")
    first = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField(default=0)
    # Plain sentences, e.g. "Ada can help Otto with SQL (4 vs 1)".
    reasons = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    first_accepted = models.BooleanField(default=False)
    second_accepted = models.BooleanField(default=False)
    declined_by = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The mentee's ask this mentor pair answers (none for buddies and general mentees).
    request = models.ForeignKey(
        "market.MentorRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairings",
    )

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="declined") | Q(declined_by__isnull=True),
                name="pairing_declined_by_only_when_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} & {self.second_id}"


# Proposals and pairing asks live in their own modules; imported here so that Django and
# migrations see them.
from trellis.market.models_pairing import LeftOutReason as LeftOutReason  # noqa: E402
from trellis.market.models_pairing import MentorRequest as MentorRequest  # noqa: E402
from trellis.market.models_pairing import PairingLeftOut as PairingLeftOut  # noqa: E402
from trellis.market.models_pairing import RequestStatus as RequestStatus  # noqa: E402
from trellis.market.models_proposals import Proposal as Proposal  # noqa: E402
from trellis.market.models_proposals import ProposalStatus as ProposalStatus  # noqa: E402
