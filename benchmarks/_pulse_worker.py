"""Fills an organization and ten pulses' answers, then times HR's pulse pages (see
benchmarks/pulse.py). Deterministic (seeded)."""

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

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from trellis.insights.models import Pulse, PulseAnswer  # noqa: E402
from trellis.org.access import HR_GROUP  # noqa: E402
from trellis.org.models import OrgUnit, Person, UnitKind  # noqa: E402
from trellis.org.services import unit_ensure_path  # noqa: E402

PULSES = 10
RESPONSE_RATE = 0.8
TEAMS_PER_DEPT = 10
DEPTS = 20
SPAN = 8  # people per manager


def _org(people: int) -> list[tuple[int, int, int | None]]:
    """``people`` people in 20 departments of 10 teams; (person, unit, manager) triples."""
    cache: dict[str, OrgUnit] = {}
    teams = []
    for d in range(DEPTS):
        dept = unit_ensure_path(path=f"Bench/Division {d % 4}/Department {d}", cache=cache)
        OrgUnit.objects.filter(pk=dept.pk).update(kind=UnitKind.DEPARTMENT)
        for t in range(TEAMS_PER_DEPT):
            teams.append(unit_ensure_path(path=f"{dept.path}/Team {t}", cache=cache))
    per_team = people // len(teams)
    rows: list[tuple[int, int, int | None]] = []
    serial = 0
    for team in teams:
        with transaction.atomic():
            managers = Person.objects.bulk_create(
                Person(
                    employee_id=f"B{serial + i}",
                    first_name="M",
                    last_name=str(serial + i),
                    unit=team,
                )
                for i in range(max(1, per_team // SPAN))
            )
            serial += len(managers)
            reports = Person.objects.bulk_create(
                Person(
                    employee_id=f"B{serial + i}",
                    first_name="P",
                    last_name=str(serial + i),
                    unit=team,
                    manager_id=managers[i % len(managers)].pk,
                )
                for i in range(per_team - len(managers))
            )
            serial += len(reports)
        rows += [(m.pk, team.pk, None) for m in managers]
        rows += [(r.pk, team.pk, r.manager_id) for r in reports]
    return rows


def _answers(rows: list[tuple[int, int, int | None]]) -> list[Pulse]:
    rng = random.Random(7)
    today = timezone.localdate()
    pulses = []
    for n in range(PULSES):
        opens = today - dt.timedelta(days=30 * (PULSES - n))
        pulse = Pulse.objects.create(
            title=f"Pulse {n + 1}",
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=7),
            questions=["I learn here", "My manager helps me grow"],
        )
        pulses.append(pulse)
        batch = []
        for person, unit, manager in rows:
            if rng.random() > RESPONSE_RATE:
                continue
            batch.append(
                PulseAnswer(
                    pulse=pulse,
                    person_id=person,
                    unit_id=unit,
                    manager_id=manager,
                    core=rng.randint(1, 5),
                    q1=rng.randint(1, 5),
                    q2=rng.randint(1, 5),
                    comment="More stretch work, please." if rng.random() < 0.05 else "",
                )
            )
        with transaction.atomic():
            PulseAnswer.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return pulses


def _time(client: Client, url: str, runs: int) -> dict[str, float]:
    for _ in range(2):
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
    people, runs = int(sys.argv[1]), int(sys.argv[2])
    rows = _org(people)
    pulses = _answers(rows)
    hr = User.objects.create_user(username="bench-hr", password=None)
    hr.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    client = Client()
    client.force_login(hr)
    latest = pulses[-1]
    results = reverse("insights:pulse_results", args=[latest.pk])
    dept = OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("path").first()
    assert dept is not None
    figures = {
        "results_page": _time(client, results, runs),
        "results_page_department": _time(client, f"{results}?department={dept.pk}", runs),
        "trend_page": _time(client, reverse("insights:pulse_admin"), runs),
        "results_api": _time(client, f"/api/v1/pulses/{latest.pk}/results", runs),
    }
    answers = PulseAnswer.objects.count()
    for data in figures.values():
        data["answers"] = answers
        data["people"] = len(rows)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
