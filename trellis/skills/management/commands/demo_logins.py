"""``manage.py demo_logins``: print who to log in as in the demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trellis.skills.demo import DEMO_PASSWORD, demo_logins

DEFAULT_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Print the demo logins (username, password, who they are) and the URL."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--url",
            default=DEFAULT_URL,
            help="the address the server will answer on (make run passes its HOST and PORT)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write(
                "No demo logins yet: load the demo with `python manage.py demo` (or `make run`)."
            )
            return
        url = options["url"]
        self.stdout.write(f"Trellis demo at {url} — every login's password: {DEMO_PASSWORD}")
        for login in logins:
            self.stdout.write(
                f"  {login.username:<9} {login.who}: {login.name}, {login.title} ({login.unit})"
            )
