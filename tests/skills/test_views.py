from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.cast import Cast, ClientFor
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


def test_skill_search_finds_aliases(client_for: ClientFor, cast: Cast) -> None:
    SkillAlias.objects.create(skill=cast.sql, name="Structured Query Language")
    client = client_for(cast.otto)
    body = client.get(reverse("skill_list"), {"q": "structured"}).content.decode()
    assert reverse("skill_detail", args=[cast.sql.pk]) in body
    assert reverse("skill_detail", args=[cast.python.pk]) not in body
    body = client.get(reverse("skill_list"), {"category": "knowledge"}).content.decode()
    assert "SQL" in body and ">Python<" not in body


def test_skill_detail_lists_roles(client_for: ClientFor, cast: Cast) -> None:
    body = client_for(cast.otto).get(reverse("skill_detail", args=[cast.sql.pk])).content.decode()
    assert "Senior Software Engineer" in body
    assert client_for(cast.otto).get(reverse("skill_detail", args=[999999])).status_code == 404


def test_role_pages_show_requirements_and_lattice(client_for: ClientFor, cast: Cast) -> None:
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


def test_role_api(client_for: ClientFor, cast: Cast) -> None:
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


def test_attributions_follow_the_data_shown(client_for: ClientFor, cast: Cast) -> None:
    from trellis.skills.models import Role, Skill

    onet_text = "O*NET 29.3 Database by the U.S. Department of Labor"
    esco_text = "Trellis uses the ESCO classification of the European Commission"
    client = client_for(cast.otto)
    pages = [
        reverse("role_list"),
        reverse("role_lattice"),
        reverse("ksa_matrix"),
        reverse("role_detail", args=[cast.engineer.pk]),
        reverse("skill_list"),
        reverse("skill_detail", args=[cast.python.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert onet_text not in body and esco_text not in body, url
    Role.objects.filter(pk=cast.engineer.pk).update(code="15-1252.00")
    Role.objects.filter(pk=cast.senior_engineer.pk).update(
        esco_uri="http://data.europa.eu/esco/occupation/f2b15a0e"
    )
    Skill.objects.filter(pk=cast.python.pk).update(onet_id="2.A.1.a")
    Skill.objects.filter(pk=cast.sql.pk).update(esco_uri="http://data.europa.eu/esco/skill/1")
    for url in pages:
        if url != reverse("role_detail", args=[cast.engineer.pk]):
            body = client.get(url).content.decode()
            assert onet_text in body and esco_text in body, url
    body = client.get(reverse("role_detail", args=[cast.engineer.pk])).content.decode()
    # The ESCO role is shown there too, as a suggested move.
    assert onet_text in body and esco_text in body
    hidden = reverse("move_hide", args=[cast.engineer.pk, cast.senior_engineer.pk])
    assert client_for(cast.hana).post(hidden).status_code == 302
    body = (
        client_for(cast.otto).get(reverse("role_detail", args=[cast.engineer.pk])).content.decode()
    )
    assert onet_text in body and esco_text not in body
    gap = client_for(cast.ada).get(reverse("my_gap", args=[cast.senior_engineer.pk]))
    assert esco_text in gap.content.decode()
    title = client.get(reverse("skill_detail", args=[cast.python.pk])).content.decode()
    assert "<title>Python · Trellis</title>" in title


def test_skill_page_shows_its_place_in_the_tree(client_for: ClientFor, cast: Cast) -> None:
    from trellis.skills.models import Skill

    group = Skill.objects.create(name="Programming languages")
    Skill.objects.filter(pk=cast.python.pk).update(parent=group)
    client = client_for(cast.otto)
    body = client.get(reverse("skill_detail", args=[cast.python.pk])).content.decode()
    assert f'<a href="{reverse("skill_detail", args=[group.pk])}">Programming languages</a>' in body
    body = client.get(reverse("skill_detail", args=[group.pk])).content.decode()
    assert 'id="skill-children"' in body and ">Python</a>" in body


def test_data_sources_page_counts_imported_data_and_is_linked_from_every_page(
    client_for: ClientFor, cast: Cast
) -> None:
    from trellis.skills.models import Skill

    Skill.objects.create(name="Active Listening", onet_id="2.A.1.b")
    Skill.objects.create(name="manage budgets", esco_uri="http://data.europa.eu/esco/skill/x1")
    client = client_for(cast.ada)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("data_sources")}"' in home
    page = client.get(reverse("data_sources")).content.decode()
    assert "1 skill from O*NET" in page and "1 skill from ESCO" in page
    assert "Used under the CC BY 4.0 license" in page
