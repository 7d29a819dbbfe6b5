"""A matching round run as a task, with its progress in the database (like the imports).

HR starts a round from its page; :func:`round_work_start` records a
:class:`~trellis.org.models.LongWork` row and runs or queues the task
:func:`trellis.market.tasks.round_work`. It clears the round through
:func:`trellis.market.rounds.round_run`, writing each of its steps (reading the market,
matching, storing) as it goes; the page polls the row and opens the round once it is stored.
Where the task runs follows ``TRELLIS_LONG_WORK_INLINE``, as for the imports.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import User

from trellis.market import rounds
from trellis.market.services import MarketError
from trellis.org.access import Viewer, viewer_for
from trellis.org.longwork import ROUND_PAGE, Ticker, work_claim, work_finish
from trellis.org.models import LongWork, WorkState

logger = logging.getLogger(__name__)


def round_work_start(
    *, viewer: Viewer, name: str, opportunity_ids: list[int], request_id: str = ""
) -> LongWork:
    """Record the round's work and run or queue it; the row as it is after that (already
    finished when tasks run inline). Only HR reaches this (the page's gate)."""
    from trellis.market.tasks import round_work

    assert viewer.user is not None and viewer.user.is_authenticated
    work = LongWork.objects.create(
        owner_id=viewer.user.pk,
        page=ROUND_PAGE,
        screen=__name__,
        task="trellis.market.tasks.round_work",
        options={"name": name[:200], "opportunities": [int(pk) for pk in opportunity_ids]},
        request_id=request_id[:64],
        total=3,
    )
    backend = "inline" if settings.TRELLIS_LONG_WORK_INLINE else "default"
    round_work.using(backend=backend).enqueue(work.pk)
    work.refresh_from_db()
    return work


def round_of_work(work: LongWork) -> int | None:
    """The stored round's id once the work is done."""
    if work.state != WorkState.DONE or not work.result:
        return None
    return int(work.result[0]["round"])


def round_work_run(work_id: int) -> str:
    """The body of the task: clear and store the round, or record why not."""
    if not work_claim(work_id):
        return "already run or running"
    work = LongWork.objects.get(pk=work_id)
    user = User.objects.filter(pk=work.owner_id, is_active=True).first()
    if user is None:
        work_finish(work_id, state=WorkState.FAILED, error="The person who started it left.")
        return "failed: no owner"
    try:
        rnd = rounds.round_run(
            viewer=viewer_for(user),
            name=str(work.options.get("name", "")),
            opportunity_ids=[int(pk) for pk in work.options.get("opportunities", [])],
            tick=Ticker(work_id),
        )
    except MarketError as exc:
        work_finish(work_id, state=WorkState.FAILED, error=str(exc)[:1000])
        return f"failed: {exc}"
    except Exception:
        work_finish(
            work_id,
            state=WorkState.FAILED,
            error="The round stopped on an unexpected error; nothing was stored.",
        )
        logger.exception("round work %s failed", work_id)
        raise
    work_finish(work_id, state=WorkState.DONE, done=3, total=3, step="", result=[{"round": rnd.pk}])
    return f"round {rnd.pk} cleared"
