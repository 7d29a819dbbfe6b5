from __future__ import annotations

from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.cast import Cast, ClientFor
from trellis.skills.models import (
    JobFamily,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    TransitionKind,
)


def _lattice(cast: Cast) -> Role:
    RoleTransition.objects.create(
        from_role=cast.engineer, to_role=cast.senior_engineer, kind=TransitionKind.PROMOTION
    )
    family = JobFamily.objects.create(name="Data")
    analyst = Role.objects.create(code="DA2", title="Data Analyst", family=family, level=2)
    RoleRequirement.objects.create(role=analyst, skill=cast.sql, min_level=2, importance=4)
    RoleTransition.objects.create(
        from_role=cast.senior_engineer, to_role=analyst, kind=TransitionKind.LATERAL
    )
    return analyst


def test_my_gap_shows_readiness_and_ranked_neighbours(client_for: ClientFor, cast: Cast) -> None:
    _lattice(cast)
    client = client_for(cast.ada)
    response = client.get(reverse("my_gap", args=[cast.senior_engineer.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "How far am I from Senior Software Engineer?" in body
    # Python 4 >= 4 (weight 5, full), SQL 2 of 3 (weight 3, 2/3): (5 + 2) / 8 = 87.5 %
    assert "Readiness: 87.5 %" in body
    assert "Partly met" in body
    report = response.context["report"]
    assert [n.role.title for n in report.neighbours] == ["Data Analyst", "Software Engineer"]
    assert report.neighbours[0].gap.readiness_pct == 100.0


def test_manager_sees_reports_gap_outsider_does_not(client_for: ClientFor, cast: Cast) -> None:
    url = reverse("person_gap", args=[cast.ada.pk, cast.senior_engineer.pk])
    body = client_for(cast.maya).get(url).content.decode()
    assert "How far is Ada Lovelace from Senior Software Engineer?" in body
    assert client_for(cast.hana).get(url).status_code == 200
    assert client_for(cast.otto).get(url).status_code == 404
    # an outsider's refusal looks like a missing person
    missing = reverse("person_gap", args=[999999, cast.senior_engineer.pk])
    assert client_for(cast.otto).get(missing).status_code == 404
    assert client_for(cast.ada).get(reverse("my_gap", args=[999999])).status_code == 404


def test_gap_needs_login(client: Client, cast: Cast) -> None:
    assert client.get(reverse("my_gap", args=[cast.engineer.pk])).status_code == 302


def test_gap_page_query_count_is_constant(
    client_for: ClientFor, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    analyst = _lattice(cast)
    client = client_for(cast.ada)
    url = reverse("my_gap", args=[cast.senior_engineer.pk])
    client.get(url)  # warm the session
    # Nine, plus the suggested moves: four to check the cached index is current, one for
    # hidden moves; plus the people to talk to (the market's): the gap skills, the engine
    # state's freshness, the people named and the roles they hold; plus the learning
    # catalog's items for the gap skills (one more when some are found).
    with django_assert_num_queries(19) as ctx:
        client.get(url)
    before = len(ctx.captured_queries)
    for i in range(5):
        skill = Skill.objects.create(name=f"Skill {i}")
        RoleRequirement.objects.create(role=analyst, skill=skill, min_level=2)
        other = Role.objects.create(code=f"X{i}", title=f"Role {i}", family=analyst.family)
        RoleRequirement.objects.create(role=other, skill=skill, min_level=2)
        RoleTransition.objects.create(
            from_role=cast.senior_engineer, to_role=other, kind=TransitionKind.EXPLORATORY
        )
    client.get(url)  # the roles changed: the suggestion index is built again, once
    with django_assert_num_queries(before):
        client.get(url)
