from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from trellis.ops.models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin[ScheduledJob]):
    """What the worker does and when it runs next; admins may pause a job, change how often it
    runs, or ask for a run at the worker's next pass."""

    list_display = (
        "name",
        "enabled",
        "every_seconds",
        "next_run_at",
        "last_status",
        "last_finished_at",
        "last_duration_s",
        "last_message",
    )
    list_filter = ("enabled", "last_status")
    fields = (
        "name",
        "description",
        "enabled",
        "every_seconds",
        "next_run_at",
        "enqueued_at",
        "lease_until",
        "last_started_at",
        "last_finished_at",
        "last_status",
        "last_message",
        "last_duration_s",
        "runs",
    )
    readonly_fields = tuple(f for f in fields if f not in ("enabled", "every_seconds"))
    actions = ("run_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the worker creates one row per job it knows

    def has_delete_permission(self, request: HttpRequest, obj: ScheduledJob | None = None) -> bool:
        return False

    @admin.action(description="Run at the worker's next pass")
    def run_now(self, request: HttpRequest, queryset: QuerySet[ScheduledJob]) -> None:
        count = queryset.update(next_run_at=timezone.now())
        self.message_user(
            request, f"{count} jobs will run at the worker's next pass.", messages.SUCCESS
        )
