from __future__ import annotations

import json

from tests.cast import Cast
from trellis.org.models import AuditEvent
from trellis.skills.models import RoleAlias, RoleRequirement, RoleTransition, TransitionKind


def test_gap_api_for_self_manager_and_refused_outsider(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
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


def test_read_requirements_transitions_and_role_search(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
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


def test_hr_writes_and_everyone_else_is_refused(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
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
    assert bad.status_code == 400
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
