"""The organization: units, people, reporting lines, and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower

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
    # Lower-cased "first last" and "last first", computed by the database on every write (bulk
    # imports included) and indexed, so a type-ahead is a prefix walk of an index: see
    # trellis/org/picker.py. SQLite's lower() folds ASCII letters only; PostgreSQL folds all.
    name_key = models.GeneratedField(
        expression=Lower(Concat("first_name", Value(" "), "last_name")),
        output_field=models.CharField(max_length=201),
        db_persist=True,
    )
    last_key = models.GeneratedField(
        expression=Lower(Concat("last_name", Value(" "), "first_name")),
        output_field=models.CharField(max_length=201),
        db_persist=True,
    )
    title_key = models.GeneratedField(
        expression=Lower("title"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )

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
            # The pattern operator class lets PostgreSQL answer LIKE 'abc%' from the index
            # whatever the database collation; other databases ignore it (plain B-tree).
            *(
                models.Index(
                    fields=[key], name=f"person_{key}_idx", opclasses=["varchar_pattern_ops"]
                )
                for key in ("name_key", "last_key")
            ),
            # The picker's title and unit steps: the first few by name among those matched,
            # read in index order (see trellis/org/picker.py).
            models.Index(fields=["title_key", "last_key"], name="person_title_key_idx"),
            models.Index(fields=["unit", "last_key"], name="person_unit_last_key_idx"),
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


class WorkState(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class LongWork(models.Model):
    """One piece of long work started from a page (an import), run as a task.

    Its progress (``done`` of ``total`` rows, and what is being done) is written here by the
    task, outside the task's own transaction, so every web process can show it; its result
    (the import reports) too, for the page that started it. Only its owner may read it.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=40)
    screen = models.CharField(max_length=200)  # "module:NAME" of the ImportScreen
    dry_run = models.BooleanField(default=False)
    files = models.JSONField(default=dict)  # part -> file name as uploaded
    options = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=10, choices=WorkState.choices, default=WorkState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=list)
    error = models.CharField(max_length=1000, blank=True)
    # The task that runs it ("module.function" of a django-tasks task), to queue it again.
    task = models.CharField(max_length=200, default="trellis.org.tasks.long_work_run")
    # Who runs it now ("host-pid" of the worker process) and how many runs it has had: a run
    # whose process is gone is queued again (trellis.org.longwork.work_recover).
    runner = models.CharField(max_length=80, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "updated_at"], name="longwork_state_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="longwork_done_within_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} #{self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (WorkState.DONE, WorkState.FAILED)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


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
