"""Long work started from a page (the imports), run as a task with its progress in the database.

The page creates a :class:`~trellis.org.models.LongWork` row and queues
:func:`trellis.org.tasks.long_work_run`; the task writes ``done`` of ``total`` rows as it goes
and the reports at the end, and the page polls the row (htmx) until it is finished. The row
lives in the database, so whichever web process answers the poll sees the progress, and a
worker on another process (or the page's own process, when tasks run inline) runs the work.

Progress is written on the task's connection *outside* the import's own transaction (the
imports check their rows first, then write in one transaction), so it is visible at once
and a failed import rolls back its data but not the record of how far it got.

Where the task runs: ``TRELLIS_LONG_WORK_INLINE`` (on by default outside production) runs it
at once inside the request through django-tasks' immediate backend, so ``make run`` and the
tests need no worker; in production it is queued on the database backend for
``manage.py worker``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from trellis.org.imports import ImportFileError, ImportReport, Problem
from trellis.org.models import LongWork, WorkState

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from trellis.org.uploads import ImportScreen

logger = logging.getLogger(__name__)

# done, total, what is being done ("Checking rows", "Writing"): called as often as one likes.
Tick = Callable[[int, int, str], None]

# A run claimed this long ago without a word is taken to have died with its worker.
STALE_AFTER = dt.timedelta(minutes=30)
# Runs of one piece of work in all (the first and the retries after a worker died).
MAX_ATTEMPTS = 3
# What a run queued again shows until a worker starts it.
RETRY_STEP = "Its worker stopped before it ended; waiting to start again"


def no_tick(done: int, total: int, step: str = "") -> None:
    """A :data:`Tick` that reports nowhere (the command line without a terminal, tests)."""


@dataclass(frozen=True)
class RunContext:
    """Who runs an import and where its progress goes (the same from a page or a task)."""

    actor: User | AnonymousUser | None = None
    request_id: str = ""
    tick: Tick = field(default=no_tick)


class Ticker:
    """A :data:`Tick` that writes to one :class:`LongWork` row, at most every ``every``
    seconds (``TRELLIS_PROGRESS_EVERY_MS`` / 1000) and whenever the step changes or the end is
    reached, so a 50,000-row file costs a few dozen small updates.

    Once the work has opened its own transaction (it writes in one), a write on its connection
    would be seen by nobody until the end: on PostgreSQL the row is then written on a
    connection of its own, outside that transaction; SQLite lets one connection write at a time,
    so there the writes wait for the next tick outside the transaction (or the end).
    """

    def __init__(self, work_id: int, *, every: float | None = None) -> None:
        self.work_id = work_id
        self.every = settings.TRELLIS_PROGRESS_EVERY_MS / 1000 if every is None else every
        self._last = float("-inf")
        self._step: str | None = None
        # Deeper than this, the work's own transaction is open.
        self._depth = len(connection.atomic_blocks)

    @property
    def shown_inside_transactions(self) -> bool:
        """Whether progress told inside the work's own transaction is seen by others now."""
        return connection.vendor == "postgresql"

    def __call__(self, done: int, total: int, step: str = "") -> None:
        now = time.monotonic()
        if step == self._step and done < total and now - self._last < self.every:
            return
        total = max(total, 0)
        values = {
            "done": max(0, min(done, total)),
            "total": total,
            "step": step[:200],
            "updated_at": timezone.now(),
        }
        if len(connection.atomic_blocks) <= self._depth:
            LongWork.objects.filter(pk=self.work_id).update(**values)
        elif connection.vendor == "postgresql":
            _write_aside(self.work_id, values)
        else:
            return  # not written: the next tick tries again
        self._last, self._step = now, step


def _write_aside(work_id: int, values: dict[str, Any]) -> None:
    """Update the work's row on a short connection of its own (autocommit), outside the
    transaction the work holds open on Django's connection."""
    import psycopg
    from psycopg import sql

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    columns = list(values)
    statement = sql.SQL("UPDATE {} SET {} WHERE id = %s").format(
        sql.Identifier(LongWork._meta.db_table),
        sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in columns),
    )
    with psycopg.connect(**params, autocommit=True) as aside:
        aside.execute(statement, [*(values[c] for c in columns), work_id])


# ---------------------------------------------------------------------------------------------
# Reports in and out of JSON
# ---------------------------------------------------------------------------------------------


def report_to_json(report: ImportReport) -> dict[str, Any]:
    return dataclasses.asdict(report)


def report_from_json(data: dict[str, Any]) -> ImportReport:
    values = dict(data)
    values["problems"] = [Problem(**problem) for problem in values.get("problems", [])]
    names = {f.name for f in dataclasses.fields(ImportReport)}
    return ImportReport(**{key: value for key, value in values.items() if key in names})


def work_reports(work: LongWork) -> list[ImportReport]:
    return [report_from_json(item) for item in work.result]


# ---------------------------------------------------------------------------------------------
# Starting, reading and running
# ---------------------------------------------------------------------------------------------


def work_start(
    *,
    owner_id: int | None,
    screen: ImportScreen,
    files_token: str,
    names: dict[str, str],
    options: dict[str, Any],
    dry_run: bool,
    request_id: str = "",
) -> LongWork:
    """Record the work and run or queue its task; returns the row as it is after that (the
    finished row when tasks run inline). The pages are for logged-in HR only, so there is
    always an owner."""
    assert owner_id is not None
    from trellis.org.tasks import long_work_run

    work = LongWork.objects.create(
        owner_id=owner_id,
        page=screen.page,
        screen=screen.run.__module__,
        dry_run=dry_run,
        files={"token": files_token, "names": names},
        options=options,
        request_id=request_id[:64],
    )
    backend = "inline" if settings.TRELLIS_LONG_WORK_INLINE else "default"
    long_work_run.using(backend=backend).enqueue(work.pk)
    work.refresh_from_db()
    return work


def work_for(user: User | AnonymousUser, pk: int, *, rounds: bool = False) -> LongWork | None:
    """The user's own work of this id, or None (nobody else's work is shown): an import, or
    with ``rounds`` a matching round (each has its own progress page)."""
    if not user.is_authenticated:
        return None
    found = LongWork.objects.filter(pk=pk, owner_id=user.pk)
    found = found.filter(page=ROUND_PAGE) if rounds else found.exclude(page=ROUND_PAGE)
    return found.first()


def work_stalled(work: LongWork) -> bool:
    """Running but silent for :data:`STALE_AFTER`: its worker died mid-way (its transaction
    was rolled back, so nothing was changed)."""
    return work.state == WorkState.RUNNING and work.updated_at < timezone.now() - STALE_AFTER


# The ``page`` of a matching round's work (the rest are import pages).
ROUND_PAGE = "round"


def runner_id() -> str:
    """This process, as a run's ``runner``: "host-pid"."""
    return f"{socket.gethostname()}-{os.getpid()}"[:80]


def work_claim(work_id: int) -> bool:
    """Mark the work running in this process; only one run wins (a second task for it, or a
    retry while the first still runs, does nothing). A run silent for :data:`STALE_AFTER` may
    be taken over: its worker died and its transaction was rolled back."""
    stale = timezone.now() - STALE_AFTER
    return bool(
        LongWork.objects.filter(pk=work_id)
        .filter(Q(state=WorkState.QUEUED) | Q(state=WorkState.RUNNING, updated_at__lt=stale))
        .update(
            state=WorkState.RUNNING,
            updated_at=timezone.now(),
            runner=runner_id(),
            attempts=F("attempts") + 1,
        )
    )


def _runner_gone(runner: str) -> bool:
    """The run's process has ended (known only for a process on this machine)."""
    host, _, pid = runner.rpartition("-")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def work_recover(*, now: dt.datetime | None = None) -> list[int]:
    """Queue again every run whose worker died mid-way: its process on this machine is gone,
    or it has been silent for :data:`STALE_AFTER`. Its data is as before the run (each writes
    in one transaction), and the uploaded files stay until the work ends, so the run starts
    over. After :data:`MAX_ATTEMPTS` runs it is recorded as failed instead. Two workers
    recovering at once queue it once (a conditional update). Returns the ids queued again."""
    now = now or timezone.now()
    stale = now - STALE_AFTER
    requeued = []
    running = LongWork.objects.filter(state=WorkState.RUNNING)
    for work in running.only("pk", "runner", "attempts", "updated_at", "task"):
        if not (work.updated_at < stale or _runner_gone(work.runner)):
            continue
        same_run = LongWork.objects.filter(
            pk=work.pk, state=WorkState.RUNNING, runner=work.runner, attempts=work.attempts
        )
        if work.attempts >= MAX_ATTEMPTS:
            same_run.update(
                state=WorkState.FAILED,
                updated_at=now,
                error=(
                    f"The worker running it stopped {work.attempts} times before it ended; "
                    "nothing was changed."
                ),
            )
            logger.error("long work %s failed: its worker stopped %s times", work.pk, work.attempts)
            continue
        with transaction.atomic():
            if same_run.update(
                state=WorkState.QUEUED, runner="", done=0, step=RETRY_STEP, updated_at=now
            ):
                import_string(work.task).using(backend="default").enqueue(work.pk)
                requeued.append(work.pk)
                logger.warning("long work %s: its worker stopped; queued again", work.pk)
    return requeued


def work_screen(work: LongWork) -> ImportScreen:
    from trellis.org.uploads import screen_by_page

    importlib.import_module(work.screen)  # defines (registers) the screen
    return screen_by_page(work.page)


def work_finish(work_id: int, **values: Any) -> None:
    LongWork.objects.filter(pk=work_id).update(updated_at=timezone.now(), **values)


def work_run(work_id: int) -> str:
    """Run one recorded import: the body of the task. Returns a one-line summary."""
    from trellis.org.uploads import pending_files, pending_files_discard

    if not work_claim(work_id):
        return "already run or running"
    work = LongWork.objects.get(pk=work_id)
    screen = work_screen(work)
    token, names = str(work.files.get("token", "")), dict(work.files.get("names", {}))
    actor = None if work.dry_run else User.objects.filter(pk=work.owner_id).first()
    context = RunContext(actor=actor, request_id=work.request_id, tick=Ticker(work_id))
    try:
        files = pending_files(token, names, suffix=screen.suffix)
        if files is None:
            raise ImportFileError(f"The uploaded files are gone; {screen.upload_again}.")
        reports = screen.run(context, files, dict(work.options), work.dry_run)
    except ImportFileError as exc:
        work_finish(work_id, state=WorkState.FAILED, error=str(exc)[:1000])
        pending_files_discard(token, names, suffix=screen.suffix)
        return f"failed: {exc}"
    except Exception:
        work_finish(
            work_id,
            state=WorkState.FAILED,
            error="The import stopped on an unexpected error; nothing was changed.",
        )
        logger.exception("import %s failed", work.pk)
        raise
    if not work.dry_run:
        pending_files_discard(token, names, suffix=screen.suffix)
    total = LongWork.objects.values_list("total", flat=True).get(pk=work_id)
    work_finish(
        work_id,
        state=WorkState.DONE,
        done=total,
        step="",
        result=[report_to_json(report) for report in reports],
    )
    return "; ".join(report.summary_line(with_label=True) for report in reports)
