"""``python manage.py create_api_token USERNAME --name NAME [--days N] [--read-write]``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.org.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Make an API token for an integration. It acts as USERNAME, with exactly that user's "
        "permissions; read-only unless --read-write. The token is printed once and not stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for")
        parser.add_argument("--days", type=int, default=90, help="Lifetime (1-366, default 90)")
        parser.add_argument(
            "--read-write", action="store_true", help="Also allow changes, not only reads."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {options['username']!r}.") from None
        try:
            token, secret = api_token_create(
                actor=None,
                user=user,
                name=options["name"],
                days=options["days"],
                read_only=not options["read_write"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        mode = "read-only" if token.read_only else "read-write"
        self.stdout.write(
            f"{mode} token {token.name!r} for {user}, valid until {token.expires_at:%Y-%m-%d}:"
        )
        self.stdout.write(secret)
        self.stdout.write("Keep it secret: it is not stored and cannot be shown again.")
