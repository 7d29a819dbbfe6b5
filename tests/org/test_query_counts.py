"""The person page and the directory cost a constant number of queries."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.models import Person
from trellis.org.services import person_set_manager
from trellis.skills.models import PersonSkill, Skill


def _grow(cast: Cast, n: int) -> None:
    """Give Ada n more skills and n more reports, and add n colleagues to the directory."""
    start = Skill.objects.count()
    skills = Skill.objects.bulk_create(Skill(name=f"Skill {start + i}") for i in range(n))
    PersonSkill.objects.bulk_create(
        PersonSkill(person=cast.ada, skill=s, level=i % 6) for i, s in enumerate(skills)
    )
    base = Person.objects.count()
    for i in range(n):
        report = Person.objects.create(
            employee_id=f"R{base + i}",
            first_name=f"Report{base + i}",
            last_name="Person",
            email=f"r{base + i}@example.com",
            unit=cast.team,
        )
        person_set_manager(person=report, manager=cast.ada)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_person_page_query_count_is_constant(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.maya)
    url = reverse("person_detail", args=[cast.ada.pk])
    _grow(cast, 3)
    small = _count(client, url)
    _grow(cast, 30)
    assert _count(client, url) == small
    assert small <= 14


def test_directory_query_count_is_constant(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.dora)
    url = reverse("directory")
    _grow(cast, 3)
    small = _count(client, url)
    _grow(cast, 60)
    assert _count(client, url) == small
    assert small <= 14
