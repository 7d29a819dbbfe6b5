"""Admins' people and unit writes through the API: the HRIS import's rules and words."""

from __future__ import annotations

from typing import Any

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent, OrgUnit, Person

API = "/api/v1/admin"
JSON = "application/json"

NEW = {
    "employee_id": "E-new",
    "first_name": "Nia",
    "last_name": "New",
    "email": "nia@example.com",
    "manager_employee_id": "E-maya",
    "unit_path": "Acme/Engineering/Platform/Storage",
    "job_title": "Engineer",
    "level": 3,
    "hire_date": "2026-01-05",
}


def _errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}


def test_an_admin_creates_and_updates_a_person(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.alex)
    response = client.post(f"{API}/people", NEW, content_type=JSON)
    assert response.status_code == 201, response.content
    data = response.json()
    person = Person.objects.get(employee_id="E-new")
    assert data["id"] == person.pk and data["manager_employee_id"] == "E-maya"
    assert person.manager == cast.maya and person.unit == cast.team and person.level == 3
    assert f"/{cast.maya.pk}/" in person.manager_path
    response = client.patch(
        f"{API}/people/{person.pk}", {"job_title": "Lead", "level": None}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.title, person.level, person.first_name) == ("Lead", None, "Nia")
    assert client.get(f"{API}/people/{person.pk}").json()["job_title"] == "Lead"
    actions = list(
        AuditEvent.objects.filter(target_id=str(person.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["org.person.create", "org.person.update"]


def test_the_import_rules_answer_422_with_the_imports_words(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.alex)
    cases = [
        ({"employee_id": "E-ada"}, "employee_id", "duplicate employee id"),
        ({"manager_employee_id": "E-nobody"}, "manager_employee_id", "unknown manager"),
        ({"manager_employee_id": "E-new"}, "manager_employee_id", "cannot be their own manager"),
        ({"email": "not-an-address"}, "email", "not a valid e-mail address"),
        ({"first_name": ""}, "first_name", "a value is required"),
        ({"level": 40}, "level", "the level must be a whole number from 1 to 12"),
        ({"role_code": "NOPE"}, "role_code", "unknown role code"),
        ({"job_title": "x" * 201}, "job_title", "too long (at most 200 characters)"),
        ({"last_name": "Evil\u202e"}, "last_name", ""),
    ]
    for change, field, words in cases:
        errors = _errors(client.post(f"{API}/people", {**NEW, **change}, content_type=JSON))
        assert field in errors and words in errors[field], (change, errors)
    assert not Person.objects.filter(employee_id="E-new").exists()
    # Types and shapes are checked before the rules: a level that is not a number.
    assert "level" in _errors(
        client.post(f"{API}/people", {**NEW, "level": "high"}, content_type=JSON)
    )
    assert "hire_date" in _errors(
        client.post(f"{API}/people", {**NEW, "hire_date": "someday"}, content_type=JSON)
    )


def test_a_manager_cycle_is_refused_like_the_import(cast: Cast, client_for: ClientFor) -> None:
    # Dora manages Maya who manages Ada: Ada cannot become Dora's manager.
    response = client_for(cast.alex).patch(
        f"{API}/people/{cast.dora.pk}", {"manager_employee_id": "E-ada"}, content_type=JSON
    )
    errors = _errors(response)
    assert errors["manager_employee_id"].startswith("manager cycle: E-dora → ")
    cast.dora.refresh_from_db()
    assert cast.dora.manager_id is None


def test_units_are_created_and_renamed_with_their_paths(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.alex)
    platform = OrgUnit.objects.get(path="Acme/Engineering/Platform")
    response = client.post(
        f"{API}/units", {"name": "Search", "parent_id": platform.pk}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    assert response.json()["path"] == "Acme/Engineering/Platform/Search"
    response = client.patch(f"{API}/units/{platform.pk}", {"name": "Core"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["path"] == "Acme/Engineering/Core"
    cast.team.refresh_from_db()
    assert cast.team.path == "Acme/Engineering/Core/Storage"
    assert OrgUnit.objects.filter(path="Acme/Engineering/Core/Search").exists()
    for body, field in (
        ({"name": "Storage", "parent_id": platform.pk}, "name"),  # taken there
        ({"name": "A/B", "parent_id": platform.pk}, "name"),
        ({"name": "", "parent_id": platform.pk}, "name"),
        ({"name": "X", "parent_id": 999999}, "parent_id"),
        ({"name": "X", "kind": "tribe"}, "kind"),
    ):
        assert field in _errors(client.post(f"{API}/units", body, content_type=JSON)), body


def test_refused_to_everyone_but_admins(cast: Cast, client_for: ClientFor) -> None:
    for person in (cast.hana, cast.maya, cast.ada):
        client = client_for(person)
        assert client.post(f"{API}/people", NEW, content_type=JSON).status_code == 404
        assert client.get(f"{API}/people/{cast.ada.pk}").status_code == 404
        patch = client.patch(f"{API}/people/{cast.ada.pk}", {"job_title": "X"}, content_type=JSON)
        assert patch.status_code == 404
        assert client.post(f"{API}/units", {"name": "X"}, content_type=JSON).status_code == 404
        assert (
            client.patch(
                f"{API}/units/{cast.team.pk}", {"name": "X"}, content_type=JSON
            ).status_code
            == 404
        )
    assert not Person.objects.filter(employee_id="E-new").exists()
    cast.ada.refresh_from_db()
    assert cast.ada.title != "X"
