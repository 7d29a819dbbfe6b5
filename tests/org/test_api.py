from __future__ import annotations

from django.test import Client

from tests.cast import Cast, ClientFor


def test_api_requires_login(client: Client, cast: Cast) -> None:
    assert client.get("/api/v1/people").status_code == 401
    assert client.get(f"/api/v1/people/{cast.ada.pk}").status_code == 401


def test_person_for_manager_includes_details(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.maya).get(f"/api/v1/people/{cast.ada.pk}")
    assert response.status_code == 200
    assert response.json() == {
        "id": cast.ada.pk,
        "name": "Ada Lovelace",
        "title": "Software Engineer",
        "email": "ada@example.com",
        "location": "Lisbon",
        "unit": {
            "id": cast.team.pk,
            "name": "Storage",
            "path": "Acme/Engineering/Platform/Storage",
        },
        "manager": {"id": cast.maya.pk, "name": "Maya Manager"},
        "details": {
            "role_id": cast.engineer.pk,
            "role": "Software Engineer",
            "level": 2,
            "role_start_date": "2023-03-01",
            "skills": [
                {
                    "skill_id": cast.python.pk,
                    "skill": "Python",
                    "level": 4,
                    "source": "self",
                    "appetite": "keep",
                },
                {
                    "skill_id": cast.sql.pk,
                    "skill": "SQL",
                    "level": 2,
                    "source": "self",
                    "appetite": "grow",
                },
            ],
        },
    }


def test_person_for_outsider_has_no_details(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.otto)
    response = client.get(f"/api/v1/people/{cast.ada.pk}")
    assert response.status_code == 200
    assert response.json()["details"] is None
    assert client.get(f"/api/v1/people/{cast.ada.pk}/skills").status_code == 404
    assert client.get("/api/v1/people/999999/skills").status_code == 404


def test_person_skills_for_hr(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.hana).get(f"/api/v1/people/{cast.ada.pk}/skills")
    assert response.status_code == 200
    assert [s["skill"] for s in response.json()] == ["Python", "SQL"]


def test_directory_api_filters(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.otto)
    data = client.get("/api/v1/people", {"q": "lovelace"}).json()
    assert data["count"] == 1
    assert data["items"][0]["name"] == "Ada Lovelace"
    assert "details" not in data["items"][0]
    assert client.get("/api/v1/people", {"skill": cast.sql.pk}).json()["count"] == 0
    assert client_for(cast.maya).get("/api/v1/people", {"skill": cast.sql.pk}).json()["count"] == 1


def test_api_post_without_csrf_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.ada.user)  # type: ignore[arg-type]
    response = client.post(
        "/api/v1/careers/me/goals", {"title": "Sneaky"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
