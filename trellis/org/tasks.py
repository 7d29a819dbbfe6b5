"""Tasks of the organization app (django-tasks): long work started from a page."""

from __future__ import annotations

from django_tasks import task

from trellis.org.longwork import work_run


@task()
def long_work_run(work_id: int) -> str:
    """Run one recorded import (:mod:`trellis.org.longwork`), reporting its progress."""
    return work_run(work_id)
