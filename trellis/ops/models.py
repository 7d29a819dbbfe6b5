"""The worker's schedule: one row per periodic job, readable by admins."""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    NEVER = "never", "Never run"
    OK = "ok", "Succeeded"
    FAILED = "failed", "Failed"


class ScheduledJob(models.Model):
    """When a periodic job runs next, whether it is queued or running, and how it last went.

    The worker creates the rows (one per job of :mod:`trellis.ops.jobs`) and keeps them up to
    date; admins read them and may change ``every_seconds``, pause a job or ask for a run now.
    ``enqueued_at`` and ``lease_until`` are the claims that keep two workers from queueing or
    running the same job twice (see :mod:`trellis.ops.schedule`).
    """

    name = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=200, blank=True)
    enabled = models.BooleanField(default=True)
    every_seconds = models.PositiveIntegerField()
    next_run_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.NEVER
    )
    last_message = models.CharField(max_length=500, blank=True)
    last_duration_s = models.FloatField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["next_run_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(every_seconds__gte=60), name="ops_job_every_minute_or_more"
            )
        ]

    def __str__(self) -> str:
        return self.name
