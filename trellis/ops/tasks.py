"""Tasks of the operations app (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from trellis.ops.schedule import job_run


@task()
def run_scheduled_job(name: str) -> str:
    """One run of a periodic job (queued by the worker's scheduler)."""
    return job_run(name)
