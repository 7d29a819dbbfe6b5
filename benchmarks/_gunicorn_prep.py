"""Prepares the database of benchmarks/serve_gunicorn.py (run with its environment): prints
the session cookies of ``PEOPLE`` opted-in people (one per line, spread over the directory),
for the load run's For you requests: many people, as real traffic is."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402

from trellis.market.models import MarketplaceOptIn  # noqa: E402

PEOPLE = 64


def main() -> None:
    opted = MarketplaceOptIn.objects.filter(opted_in=True).select_related("person__user")
    ids = list(opted.order_by("person_id").values_list("person_id", flat=True))
    step = max(1, len(ids) // PEOPLE)
    name = settings.SESSION_COOKIE_NAME
    for person_id in ids[::step][:PEOPLE]:
        person = opted.get(person_id=person_id).person
        if person.user_id is None:
            person.user = User.objects.create_user(username=f"bench-{person.pk}")
            person.save(update_fields=["user"])
        client = Client()
        client.force_login(person.user)  # type: ignore[arg-type]
        print(f"{name}={client.cookies[name].value}")


if __name__ == "__main__":
    main()
