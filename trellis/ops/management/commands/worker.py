"""The worker: schedules the periodic jobs and runs every queued task (django-tasks).

One loop: queue the jobs that are due (:func:`trellis.ops.schedule.schedule_tick`), run every
ready task of the database backend (django-tasks-db's own worker, in batch mode), sleep.
SIGTERM or SIGINT lets the current task finish, then the worker exits; a second signal
stops it at once. Long work (imports, rounds) whose worker died mid-way is queued again by the
next loop of any worker (:func:`trellis.org.longwork.work_recover`); a periodic job's claim
expires and it runs again.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from trellis.ops.schedule import schedule_tick
from trellis.org.longwork import work_recover

logger = logging.getLogger("trellis.ops.worker")


class Command(BaseCommand):
    help = (
        "Run the background worker: periodic jobs (market state, digests, reminders, "
        "insights) and queued tasks. Run one or more beside the web server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to wait when there is nothing to do (default 2).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Queue what is due, run every ready task, then exit (for cron or a test).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Only run queued tasks; another worker schedules the periodic jobs.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0:
            self.stderr.write("--interval must be zero or more")
            raise SystemExit(2)
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        runner = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        stopping = {"asked": False}

        def stop(signum: int, frame: FrameType | None) -> None:
            if stopping["asked"]:
                raise SystemExit(1)
            stopping["asked"] = True
            runner.running = False
            logger.warning("worker %s: stopping after the current task", worker_id)

        # The shared cache's table (a database cache in production), as `make serve` makes it:
        # the worker may start first. Does nothing when it exists or the cache is in memory.
        call_command("createcachetable")
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.warning("worker %s started", worker_id)
        while not stopping["asked"]:
            close_old_connections()
            # Long work whose worker died mid-way (killed, or its machine stopped) runs again.
            work_recover()
            if not options["no_schedule"]:
                queued = schedule_tick()
                if queued:
                    logger.info("queued %s", ", ".join(queued), extra={"jobs": ",".join(queued)})
            runner.running = True
            runner.run()
            if options["once"]:
                break
            time.sleep(options["interval"])
        close_old_connections()
