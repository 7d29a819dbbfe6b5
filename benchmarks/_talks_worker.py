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

from trellis.careers.models import Goal  # noqa: E402
from trellis.market.cache import market_data  # noqa: E402
from trellis.org.access import viewer_for  # noqa: E402
from trellis.org.models import Person  # noqa: E402
from trellis.skills.models import Role  # noqa: E402
from trellis.talks import prep, services  # noqa: E402
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


def _prepare_report(manager: Person, report: Person) -> None:
    """A long history, a target role (for the gap and people to meet) and an answered plan."""
    for n in range(30):
        Conversation.objects.create(
            author=manager,
            person=report,
            when=timezone.now() - dt.timedelta(days=20 * n),
            summary="History",
        )
    if not Goal.objects.filter(person=report, target_role__isnull=False).exists():
        role = Role.objects.exclude(pk=report.role_id).order_by("-level", "pk").first()
        Goal.objects.create(person=report, title="Next role", target_role=role)
    planned = services.conversation_log(
        viewer=viewer_for(manager.user),  # type: ignore[arg-type]
        person=report,
        when=timezone.now() + dt.timedelta(days=2),
        kind="career_session",
        status="planned",
    )
    services.prework_answer(
        viewer=viewer_for(report.user),  # type: ignore[arg-type]
        prework=planned.prework,
        learned="Profiling",
        enjoy="Mentoring",
        next_role="Lead",
    )


def main() -> None:
    count, runs = int(sys.argv[1]), int(sys.argv[2])
    _fill(count)
    manager = Person.objects.select_related("user").get(user__username="manager")
    report = manager.reports.filter(user__isnull=False).first() or manager.reports.first()
    assert report is not None
    _prepare_report(manager, report)
    # The market's engine state is an in-process cache shared by every request of a worker;
    # it is built once here, as the first request after a deploy or a data change would.
    start = time.perf_counter()
    market_data()
    warm_s = time.perf_counter() - start
    sheet = prep.prep_sheet(viewer=viewer_for(manager.user), person=report)  # type: ignore[arg-type]
    client = Client()
    client.force_login(manager.user)  # type: ignore[arg-type]
    figures = {
        "prep_sheet": {
            **_time(client, reverse("talks:prep", args=[report.pk]), runs),
            "market_warm_s": warm_s,
            "opportunities": len(sheet.opportunities),
            "people_to_meet": len(sheet.skill_contacts) + len(sheet.people_to_meet),
        },
        "coverage": {
            **_time(client, reverse("talks:coverage"), runs),
            "reports": manager.reports.count(),
        },
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
