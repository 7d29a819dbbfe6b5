from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.test import Client

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent
from trellis.skills.models import Role, RoleAlias, RoleRequirement, RoleTransition, TransitionKind


def test_gap_api_for_self_manager_and_refused_outsider(client_for: ClientFor, cast: Cast) -> None:
    url = f"/api/v1/people/{cast.ada.pk}/gap/{cast.senior_engineer.pk}"
    data = client_for(cast.ada).get(url).json()
    assert data == {
        "person_id": cast.ada.pk,
        "role_id": cast.senior_engineer.pk,
        "readiness_pct": 87.5,
        "nice_to_have_pct": None,
        "items": [
            {
                "skill_id": cast.sql.pk,
                "skill": "SQL",
                "min_level": 3,
                "importance": 3,
                "required": True,
                "level": 2,
                "status": "partial",
                "credit": 0.667,
            },
            {
                "skill_id": cast.python.pk,
                "skill": "Python",
                "min_level": 4,
                "importance": 5,
                "required": True,
                "level": 4,
                "status": "met",
                "credit": 1.0,
            },
        ],
        "neighbours": [],
    }
    assert client_for(cast.maya).get(url).status_code == 200
    refused = client_for(cast.otto).get(url)
    missing = client_for(cast.otto).get(f"/api/v1/people/999999/gap/{cast.senior_engineer.pk}")
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json()


def test_read_requirements_transitions_and_role_search(client_for: ClientFor, cast: Cast) -> None:
    edge = RoleTransition.objects.create(
        from_role=cast.engineer, to_role=cast.senior_engineer, kind=TransitionKind.PROMOTION
    )
    RoleAlias.objects.create(role=cast.engineer, name="Programmer")
    client = client_for(cast.otto)
    reqs = client.get(f"/api/v1/roles/{cast.engineer.pk}/requirements").json()
    assert reqs == [
        {
            "skill_id": cast.python.pk,
            "skill": "Python",
            "min_level": 3,
            "importance": 5,
            "required": True,
        }
    ]
    edges = client.get(f"/api/v1/roles/{cast.senior_engineer.pk}/transitions").json()
    assert edges == [
        {
            "id": edge.pk,
            "from_role_id": cast.engineer.pk,
            "to_role_id": cast.senior_engineer.pk,
            "kind": "promotion",
            "typical_months": None,
        }
    ]
    found = client.get("/api/v1/role-search", {"q": "programer"}).json()
    assert [r["code"] for r in found] == ["SE2"]


def test_hr_writes_and_everyone_else_is_refused(client_for: ClientFor, cast: Cast) -> None:
    url = f"/api/v1/roles/{cast.engineer.pk}/requirements"
    body = {"skill_id": cast.sql.pk, "min_level": 2, "importance": 4, "role_id": 1, "id": 5}
    for person in (cast.otto, cast.ada, cast.maya):
        response = client_for(person).post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 404
    assert not RoleRequirement.objects.filter(role=cast.engineer, skill=cast.sql).exists()
    client = client_for(cast.hana)
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {
        "skill_id": cast.sql.pk,
        "skill": "SQL",
        "min_level": 2,
        "importance": 4,
        "required": True,
    }
    again = client.post(url, json.dumps(body), content_type="application/json")
    assert again.status_code == 400
    assert again.json() == {"detail": "Software Engineer already has a requirement for SQL."}
    bad = client.post(
        url,
        json.dumps(body | {"skill_id": cast.python.pk, "min_level": 9}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "payload", "min_level"]
    edges = f"/api/v1/roles/{cast.engineer.pk}/transitions"
    itself = client.post(
        edges,
        json.dumps({"to_role_id": cast.engineer.pk, "kind": "lateral"}),
        content_type="application/json",
    )
    assert itself.json() == {"detail": "A career move must lead to another role."}
    made = client.post(
        edges,
        json.dumps({"to_role_id": cast.senior_engineer.pk, "kind": "promotion"}),
        content_type="application/json",
    )
    assert made.status_code == 201
    assert client.delete(f"{url}/{cast.sql.pk}").status_code == 204
    assert client_for(cast.otto).delete(f"{url}/{cast.python.pk}").status_code == 404
    assert AuditEvent.objects.filter(actor=cast.hana.user).count() == 3


def _json(client: Client, method: str, url: str, body: Mapping[str, object]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_hr_creates_and_updates_roles_others_get_404(client_for: ClientFor, cast: Cast) -> None:
    body = {
        "code": "SE4",
        "title": "Staff Engineer",
        "family_id": cast.engineer.family_id,
        "level": 4,
    }
    for person in (cast.otto, cast.ada, cast.maya):
        assert _json(client_for(person), "post", "/api/v1/roles", body).status_code == 404
        patch = {"title": "Renamed"}
        url = f"/api/v1/roles/{cast.engineer.pk}"
        assert _json(client_for(person), "patch", url, patch).status_code == 404
    assert not Role.objects.filter(code="SE4").exists()
    client = client_for(cast.hana)
    made = _json(client, "post", "/api/v1/roles", body)
    assert made.status_code == 201
    role = Role.objects.get(code="SE4")
    assert made.json() == {
        "id": role.pk,
        "code": "SE4",
        "title": "Staff Engineer",
        "family": "Software Engineering",
        "track": "ic",
        "level": 4,
        "description": "",
        "external_code": "",
    }
    clash = _json(client, "post", "/api/v1/roles", body)
    assert clash.status_code == 400
    assert clash.json() == {"detail": "Another role already uses this code."}
    changed = _json(
        client, "patch", f"/api/v1/roles/{role.pk}", {"level": 5, "track": "management"}
    )
    assert (changed.json()["level"], changed.json()["track"]) == (5, "management")
    event = AuditEvent.objects.get(action="role.update", target_id=str(role.pk))
    assert event.detail == {
        "before": {"level": 4, "track": "ic"},
        "after": {"level": 5, "track": "management"},
    }
    assert _json(client, "patch", f"/api/v1/roles/{role.pk}", {"level": 40}).status_code == 422


def test_hr_changes_a_requirement_and_removes_a_move(client_for: ClientFor, cast: Cast) -> None:
    edge = RoleTransition.objects.create(
        from_role=cast.engineer, to_role=cast.senior_engineer, kind=TransitionKind.PROMOTION
    )
    url = f"/api/v1/roles/{cast.engineer.pk}/requirements/{cast.python.pk}"
    levels = {"min_level": 4, "importance": 2, "required": False}
    edge_url = f"/api/v1/roles/{cast.engineer.pk}/transitions/{edge.pk}"
    for person in (cast.otto, cast.ada, cast.maya):
        assert _json(client_for(person), "put", url, levels).status_code == 404
        assert client_for(person).delete(edge_url).status_code == 404
    client = client_for(cast.alex)
    response = _json(client, "put", url, levels)
    assert response.json() == {
        "skill_id": cast.python.pk,
        "skill": "Python",
        "min_level": 4,
        "importance": 2,
        "required": False,
    }
    missing = f"/api/v1/roles/{cast.engineer.pk}/requirements/{cast.sql.pk}"
    assert _json(client, "put", missing, levels).status_code == 404
    assert client.delete(edge_url).status_code == 204
    assert not RoleTransition.objects.filter(pk=edge.pk).exists()
    assert AuditEvent.objects.filter(action="role_transition.delete", actor=cast.alex.user).exists()


def test_mobility_policy_reads_for_all_writes_for_hr(client_for: ClientFor, cast: Cast) -> None:
    assert client_for(cast.otto).get("/api/v1/mobility-policy").json() == {
        "min_months_in_role": 0,
        "notify_manager": True,
        "allow_confidential": True,
        "hours_per_month": 8.0,
        "next_hours_per_month": None,
        "next_hours_from": None,
    }
    body = {
        "min_months_in_role": 9,
        "notify_manager": False,
        "allow_confidential": True,
        "hours_per_month": "5.5",
    }
    for person in (cast.otto, cast.ada, cast.maya):
        assert _json(client_for(person), "put", "/api/v1/mobility-policy", body).status_code == 404
    response = _json(client_for(cast.hana), "put", "/api/v1/mobility-policy", body)
    assert response.json()["min_months_in_role"] == 9
    assert response.json()["hours_per_month"] == 5.5
    past = _json(
        client_for(cast.hana), "put", "/api/v1/mobility-policy", body | {"hours_from": "2001-01-01"}
    )
    assert past.status_code == 400
    assert past.json() == {"detail": "Choose today or a later date: the past stays as it was."}
    assert AuditEvent.objects.filter(action="mobility_policy.update").count() == 1


def test_api_schema_documents_the_endpoints(client_for: ClientFor, cast: Cast) -> None:
    paths = client_for(cast.otto).get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/units",
        "/api/v1/roles",
        "/api/v1/roles/{pk}",
        "/api/v1/roles/{pk}/requirements",
        "/api/v1/roles/{pk}/requirements/{skill_id}",
        "/api/v1/roles/{pk}/transitions",
        "/api/v1/roles/{pk}/transitions/{edge_id}",
        "/api/v1/skills",
        "/api/v1/role-search",
        "/api/v1/people/{person_id}/gap/{role_id}",
        "/api/v1/mobility-policy",
    ):
        assert path in paths, path
