"""Fills conversations and times the prep sheet and coverage (see benchmarks/talks.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from trellis.org.models import Person  # noqa: E402
from trellis.talks.models import (  # noqa: E402
    Conversation,
    ConversationItem,
    FollowUp,
    PullCategory,
    PushCategory,
)

BATCH = 5000


def _fill(count: int) -> None:
    """``count`` conversations, each by the person's manager, with two items and a follow-up
    for one in five. Deterministic (seeded)."""
    rng = random.Random(11)
    pairs = list(
        Person.objects.filter(manager__isnull=False).values_list("pk", "manager_id").order_by("pk")
    )
    now = timezone.now()
    pulls, pushes = PullCategory.values, PushCategory.values
    made = 0
    while made < count:
        with transaction.atomic():
            convs = []
            for _ in range(min(BATCH, count - made)):
                person, manager = pairs[rng.randrange(len(pairs))]
                convs.append(
                    Conversation(
                        author_id=manager,
                        person_id=person,
                        when=now - dt.timedelta(days=rng.randrange(720)),
                        kind=rng.choice(["one_on_one", "informal", "project"]),
                        summary="Talked about growth.",
                        visibility=rng.choice(["shared", "shared", "private"]),
                    )
                )
            Conversation.objects.bulk_create(convs, batch_size=1000)
            items, fus = [], []
            for c in convs:
                items.append(
                    ConversationItem(
                        conversation=c, direction="pull", category=rng.choice(pulls), text="Noted"
                    )
                )
                items.append(
                    ConversationItem(
                        conversation=c,
                        direction="push",
                        category=rng.choice(pushes),
                        text="Offered",
                    )
                )
                if rng.random() < 0.2:
                    fus.append(
                        FollowUp(
                            conversation=c,
                            owner_id=c.person_id,
                            text="Next step",
                            due=(c.when + dt.timedelta(days=30)).date(),
                        )
                    )
            ConversationItem.objects.bulk_create(items, batch_size=1000)
            FollowUp.objects.bulk_create(fus, batch_size=1000)
        made += len(convs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time(client: Client, url: str, runs: int) -> dict[str, float]:
    for _ in range(3):
        assert client.get(url).status_code == 200
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    ordered = sorted(samples)
    return {
        "median_s": statistics.median(samples),
        "p90_s": ordered[int(0.9 * (len(ordered) - 1))],
        "runs": runs,
        "queries": len(ctx.captured_queries),
    }


def main() -> None:
    count, runs = int(sys.argv[1]), int(sys.argv[2])
    _fill(count)
    manager = Person.objects.select_related("user").get(user__username="manager")
    report = manager.reports.first()
    assert report is not None
    # Make sure the timed pair has a long history, like a report of many years.
    for n in range(30):
        Conversation.objects.create(
            author=manager,
            person=report,
            when=timezone.now() - dt.timedelta(days=20 * n),
            summary="History",
        )
    client = Client()
    client.force_login(manager.user)  # type: ignore[arg-type]
    figures = {
        "prep_sheet": _time(client, reverse("talks:prep", args=[report.pk]), runs),
        "coverage": {
            **_time(client, reverse("talks:coverage"), runs),
            "reports": manager.reports.count(),
        },
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
