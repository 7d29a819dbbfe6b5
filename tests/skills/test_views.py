from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.cast import Cast
from trellis.skills.models import RoleTransition, SkillAlias, TransitionKind


def test_taxonomy_and_roles_need_login(client: Client, cast: Cast) -> None:
    for url in [
        reverse("skill_list"),
        reverse("skill_detail", args=[cast.python.pk]),
        reverse("role_list"),
        reverse("role_detail", args=[cast.engineer.pk]),
    ]:
        assert client.get(url).status_code == 302
    assert client.get("/api/v1/skills").status_code == 401


def test_skill_search_finds_aliases(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    SkillAlias.objects.create(skill=cast.sql, name="Structured Query Language")
    client = client_for(cast.otto)
    body = client.get(reverse("skill_list"), {"q": "structured"}).content.decode()
    assert reverse("skill_detail", args=[cast.sql.pk]) in body
    assert reverse("skill_detail", args=[cast.python.pk]) not in body
    body = client.get(reverse("skill_list"), {"category": "knowledge"}).content.decode()
    assert "SQL" in body and ">Python<" not in body


def test_skill_detail_lists_roles(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    body = client_for(cast.otto).get(reverse("skill_detail", args=[cast.sql.pk])).content.decode()
    assert "Senior Software Engineer" in body
    assert client_for(cast.otto).get(reverse("skill_detail", args=[999999])).status_code == 404


def test_role_pages_show_requirements_and_lattice(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    RoleTransition.objects.create(
        from_role=cast.engineer,
        to_role=cast.senior_engineer,
        kind=TransitionKind.PROMOTION,
        typical_months=24,
    )
    client = client_for(cast.otto)
    body = client.get(reverse("role_list")).content.decode()
    assert "Software Engineering" in body and "Senior Software Engineer" in body
    body = client.get(reverse("role_detail", args=[cast.senior_engineer.pk])).content.decode()
    assert "SQL" in body and "Python" in body
    assert "Software Engineer" in body and "Promotion" in body
    body = client.get(reverse("role_detail", args=[cast.engineer.pk])).content.decode()
    assert "typically after 24 months" in body


def test_role_api(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.otto)
    data = client.get(f"/api/v1/roles/{cast.senior_engineer.pk}").json()
    assert data == {
        "id": cast.senior_engineer.pk,
        "code": "SE3",
        "title": "Senior Software Engineer",
        "family": "Software Engineering",
        "track": "ic",
        "level": 3,
        "description": "",
        "external_code": "",
        "requirements": [
            {
                "skill_id": cast.python.pk,
                "skill": "Python",
                "min_level": 4,
                "importance": 5,
                "required": True,
            },
            {
                "skill_id": cast.sql.pk,
                "skill": "SQL",
                "min_level": 3,
                "importance": 3,
                "required": True,
            },
        ],
    }
    assert client.get("/api/v1/roles/999999").status_code == 404
    skills = client.get("/api/v1/skills", {"q": "sq"}).json()
    assert skills["count"] == 1 and skills["items"][0]["name"] == "SQL"
    assert skills["items"][0]["aliases"] == []
