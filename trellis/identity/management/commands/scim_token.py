from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trellis.identity.scim.protocol import scim_token_create


class Command(BaseCommand):
    help = "Make a bearer token for the identity provider's SCIM client (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="What the token is for, e.g. 'Okta provisioning'.")

    def handle(self, *args: Any, **options: Any) -> None:
        token, secret = scim_token_create(name=options["name"])
        self.stdout.write(f"SCIM token {token.prefix}… for {token.name}:\n{secret}")
