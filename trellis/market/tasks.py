"""Tasks of the market app (django-tasks): a matching round started from its page."""

from __future__ import annotations

from django_tasks import task

from trellis.market.round_work import round_work_run


@task()
def round_work(work_id: int) -> str:
    """Clear and store one recorded round (:mod:`trellis.market.round_work`), with progress."""
    return round_work_run(work_id)
