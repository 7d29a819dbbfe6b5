"""The worker's own scheduler: periodic jobs queued as tasks, each run by one worker at once.

Two claims, each one conditional ``UPDATE`` that the database applies to one row at a time,
so that of two workers (or two runs of one) exactly one wins:

* queueing: :func:`schedule_tick` sets ``enqueued_at`` on a due job only if nobody has (or
  the last claim is older than the job's lease), and queues the task in the same
  transaction;
* running: :func:`job_run` sets ``lease_until`` only if no lease is held, runs the job, then
  moves ``next_run_at`` on and drops both claims.

A worker killed mid-job leaves both claims and ``next_run_at`` as they were: once the lease
has passed the job is queued and run again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from trellis.ops.jobs import JOBS, Job
from trellis.ops.models import JobStatus, ScheduledJob

logger = logging.getLogger(__name__)


def jobs_ensure(*, now: dt.datetime | None = None) -> None:
    """One row per known job (first run: now); two workers starting at once both succeed."""
    now = now or timezone.now()
    ScheduledJob.objects.bulk_create(
        [
            ScheduledJob(
                name=job.name,
                description=job.description,
                every_seconds=int(job.every.total_seconds()),
                next_run_at=now,
            )
            for job in JOBS.values()
        ],
        ignore_conflicts=True,
    )


def _unclaimed(field: str, now: dt.datetime, lease: dt.timedelta) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": now - lease})


def schedule_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Queue every due job nobody has queued; returns the names this call queued."""
    from trellis.ops.tasks import run_scheduled_job

    now = now or timezone.now()
    jobs_ensure(now=now)
    queued = []
    due = ScheduledJob.objects.filter(enabled=True, next_run_at__lte=now, name__in=list(JOBS))
    for name in due.values_list("name", flat=True):
        job = JOBS[name]
        with transaction.atomic():
            won = (
                ScheduledJob.objects.filter(name=name, enabled=True, next_run_at__lte=now)
                .filter(_unclaimed("enqueued_at", now, job.lease))
                .update(enqueued_at=now)
            )
            if won:
                run_scheduled_job.enqueue(name)
                queued.append(name)
    return queued


def job_run(name: str, *, now: dt.datetime | None = None) -> str:
    """Run one job if no other run holds it; returns its summary, or says it was skipped."""
    job: Job | None = JOBS.get(name)
    if job is None:
        return f"skipped: no job named {name!r}"
    started = now or timezone.now()
    jobs_ensure(now=started)
    won = (
        ScheduledJob.objects.filter(name=name)
        .filter(_unclaimed("lease_until", started, dt.timedelta(0)))
        .update(lease_until=started + job.lease, last_started_at=started)
    )
    if not won:
        return "skipped: another run holds this job"
    clock = time.perf_counter()
    status, message = JobStatus.OK, ""
    try:
        message = job.run()
    except Exception as error:
        logger.exception("job %s failed", name)
        status, message = JobStatus.FAILED, f"{type(error).__name__}: {error}"
    finished = timezone.now()
    row = ScheduledJob.objects.get(name=name)
    next_run = started + dt.timedelta(seconds=row.every_seconds)
    ScheduledJob.objects.filter(name=name).update(
        lease_until=None,
        enqueued_at=None,
        next_run_at=max(next_run, finished),
        last_finished_at=finished,
        last_status=status,
        last_message=message[:500],
        last_duration_s=round(time.perf_counter() - clock, 3),
        runs=F("runs") + 1,
    )
    logger.info("job %s: %s", name, message, extra={"job": name, "status": str(status)})
    return message if status == JobStatus.OK else f"failed: {message}"
