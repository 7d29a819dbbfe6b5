"""Remind managers of planned conversations coming up and of reports left without one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trellis.talks.prep import QUIET_AFTER
from trellis.talks.reminders import QUIET_REPEAT, reminders_send


class Command(BaseCommand):
    help = (
        "Send career conversation reminders, in the app and by e-mail. Run it once a day. "
        "(1) Coming up: the author of a planned conversation dated today or tomorrow is "
        "reminded, at most once a day per conversation. "
        f"(2) Quiet: a manager whose direct report has had no held career conversation "
        f"with them for {QUIET_AFTER.days} days, and none planned, gets one message listing "
        f"those reports; a report is listed again only after {QUIET_REPEAT.days} days. "
        "Every reminder is recorded before it is sent, so running the command twice the "
        "same day sends nothing new."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up a missed day.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today must be a date like 2025-06-30: {error}") from error
        run = reminders_send(today=today)
        self.stdout.write(
            f"{run.upcoming} upcoming conversation reminders and {run.quiet} quiet reports "
            f"sent to {run.managers} people."
        )
