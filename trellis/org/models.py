"""The organization: units, people, reporting lines, and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.org.validation import (
    validate_name,
    validate_plan_date,
    validate_text,
    validate_web_link,
)


class UnitKind(models.TextChoices):
    COMPANY = "company", "Company"
    DIVISION = "division", "Division"
    DEPARTMENT = "department", "Department"
    TEAM = "team", "Team"


class OrgUnit(models.Model):
    name = models.CharField(max_length=150)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=UnitKind.choices, default=UnitKind.TEAM)
    # Slash-joined names from the root, e.g. "Acme/Engineering/Platform"; kept by services.
    path = models.CharField(max_length=1000, unique=True, editable=False)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="unit_root_name_unique"
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.path or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    employee_id = models.CharField(max_length=50, unique=True)
    first_name = models.CharField(max_length=100, validators=[validate_name])
    last_name = models.CharField(max_length=100, validators=[validate_name])
    email = models.EmailField(max_length=254)
    title = models.CharField("job title", max_length=200, blank=True, validators=[validate_name])
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    # "/<top manager id>/.../<direct manager id>/": the management chain above this person,
    # kept by services so that "is X above Y" and "everyone under X" need no recursion.
    manager_path = models.CharField(max_length=2000, default="/", editable=False, db_index=True)
    role = models.ForeignKey(
        "skills.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=150, blank=True)
    hire_date = models.DateField(null=True, blank=True)
    role_start_date = models.DateField("date started in role", null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name", "employee_id"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=~Q(manager=models.F("id")), name="person_not_own_manager"
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
            models.Index(fields=["location"], name="person_location_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def manager_ids(self) -> list[int]:
        """Ids of everyone above this person, top first."""
        return [int(part) for part in self.manager_path.strip("/").split("/") if part]


class AuditEvent(models.Model):
    """An append-only record of a change to personal data or a sensitive read.

    Holds who, what and when — never the content of a note.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class ApiToken(models.Model):
    """A bearer token for an integration, acting as its user with that user's permissions.

    Only a SHA-256 digest of the token is stored; the token itself is shown once, when made.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(
        max_length=12, editable=False, help_text="Shown to tell tokens apart."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(default=True, help_text="Refuse anything but reads.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class CycleKind(models.TextChoices):
    PERFORMANCE_REVIEW = "performance_review", "Performance review"
    PROMOTION_ROUND = "promotion_round", "Promotion round"
    SALARY_REVIEW = "salary_review", "Salary review"
    CALIBRATION = "calibration", "Calibration"


class ReviewCycle(models.Model):
    """One cycle of the organization's review calendar, published by HR.

    Who takes part is a unit (its people and everyone below it) or, without one, everyone;
    ``participants`` says it in words ("engineers at level 3 and above").
    """

    kind = models.CharField(max_length=30, choices=CycleKind.choices)
    title = models.CharField(max_length=200, validators=[validate_name])
    starts_on = models.DateField(validators=[validate_plan_date])
    ends_on = models.DateField(validators=[validate_plan_date])
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    participants = models.CharField(max_length=500, blank=True, validators=[validate_text])
    evaluated = models.TextField(max_length=2000, blank=True, validators=[validate_text])
    criteria_url = models.CharField(max_length=200, blank=True, validators=[validate_web_link])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cycle_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title
