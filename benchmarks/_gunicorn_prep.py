"""Prepares the database of benchmarks/serve_gunicorn.py (run with its environment): prints a
logged-in session key of an opted-in person, for the load run's For you requests."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402

from trellis.market.models import MarketplaceOptIn  # noqa: E402


def main() -> None:
    opted = MarketplaceOptIn.objects.filter(opted_in=True).select_related("person__user")
    person = opted.order_by("person_id").first().person  # type: ignore[union-attr]
    if person.user_id is None:
        person.user = User.objects.create_user(username=f"bench-{person.pk}")
        person.save(update_fields=["user"])
    client = Client()
    client.force_login(person.user)  # type: ignore[arg-type]
    name = settings.SESSION_COOKIE_NAME
    print(f"{name}={client.cookies[name].value}")


if __name__ == "__main__":
    main()
