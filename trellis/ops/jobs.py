"""The periodic work the worker schedules: what each job does and how often.

Each job returns a one-line summary (kept on its :class:`~trellis.ops.models.ScheduledJob`
row). Writes are atomic, so a worker killed mid-job leaves the data as it was before; the
job's lease then expires and it runs again (see :mod:`trellis.ops.schedule`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    every: dt.timedelta
    run: Callable[[], str]
    # How long a run may take before another worker may take it over (a killed worker's
    # claim ends then).
    lease: dt.timedelta = dt.timedelta(minutes=30)


def _digests() -> str:
    out = io.StringIO()
    with transaction.atomic():
        call_command("send_digests", stdout=out)
    return out.getvalue().strip()


def _reminders() -> str:
    from trellis.talks.reminders import reminders_send

    with transaction.atomic():
        run = reminders_send()
    return f"{run.upcoming} upcoming and {run.quiet} quiet reminders to {run.managers} people"


def _market_refresh() -> str:
    from trellis.market.cache import market_state_write

    return market_state_write()


def _insights_refresh() -> str:
    from trellis.insights.snapshot import insights_refresh

    return insights_refresh()


def _sessions_clear() -> str:
    call_command("clearsessions")
    return "expired sessions removed"


def _task_results_prune() -> str:
    out = io.StringIO()
    call_command("prune_db_task_results", "--min-age-days", "14", stdout=out)
    return out.getvalue().strip()[:500] or "old task results removed"


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "market_refresh",
            "Write the market's engine state file that every web worker maps",
            dt.timedelta(minutes=1),
            _market_refresh,
            lease=dt.timedelta(minutes=15),
        ),
        Job(
            "digests", "Send the marketplace digests that are due", dt.timedelta(hours=1), _digests
        ),
        Job(
            "conversation_reminders",
            "Remind managers of coming and missing career conversations",
            dt.timedelta(hours=6),
            _reminders,
        ),
        Job(
            "insights_refresh",
            "Recompute HR's insights figures",
            dt.timedelta(minutes=15),
            _insights_refresh,
        ),
        Job("sessions_clear", "Remove expired sessions", dt.timedelta(days=1), _sessions_clear),
        Job(
            "task_results_prune",
            "Remove finished task results older than 14 days",
            dt.timedelta(days=1),
            _task_results_prune,
        ),
    )
}
