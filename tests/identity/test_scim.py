"""SCIM provisioning: what it writes, the import's rules, and its refusals as SCIM errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.cast import Cast
from trellis.identity.scim.protocol import scim_token_create
from trellis.identity.scim.rules import UNKNOWN_MANAGER
from trellis.org.imports import people_import
from trellis.org.models import AuditEvent, Person
from trellis.org.tokens import api_token_create

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


@pytest.fixture
def scim(client: Client, db: None) -> Any:
    _, secret = scim_token_create(name="tests")

    def call(method: str, path: str, body: Any = None, token: str = secret) -> Any:
        return client.generic(
            method,
            f"/scim/v2/{path}",
            json.dumps(body) if body is not None else "",
            content_type="application/scim+json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    return call


def _user(eid: str, user_name: str, **employment: Any) -> dict[str, Any]:
    return {
        "schemas": [CORE, ENTERPRISE],
        "userName": user_name,
        "externalId": f"ext-{eid}",
        "name": {"givenName": "Grace", "familyName": "Hopper"},
        "emails": [{"value": f"{user_name}@example.com"}],
        "title": "Rear Admiral",
        "active": True,
        ENTERPRISE: {"employeeNumber": eid, **employment},
    }


def _error(response: Any, status: int, scim_type: str | None) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body.get("scimType") == scim_type
    assert body["status"] == str(status)
    return str(body["detail"])


def test_create_writes_a_person_with_unit_and_manager(scim: Any, cast: Cast) -> None:
    response = scim(
        "POST",
        "Users",
        _user(
            "E-grace",
            "grace",
            department="Acme/Engineering/Compilers",
            manager={"value": str(cast.maya.pk)},
        ),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(employee_id="E-grace")
    assert response["Location"] == f"http://testserver/scim/v2/Users/{person.pk}"
    assert (person.first_name, person.last_name, person.email, person.title) == (
        "Grace",
        "Hopper",
        "grace@example.com",
        "Rear Admiral",
    )
    assert person.unit is not None and person.unit.path == "Acme/Engineering/Compilers"
    assert person.manager_id == cast.maya.pk
    assert person.manager_path == f"/{cast.dora.pk}/{cast.maya.pk}/"
    assert body[ENTERPRISE]["manager"] == {
        "value": str(cast.maya.pk),
        "$ref": f"http://testserver/scim/v2/Users/{cast.maya.pk}",
    }
    assert AuditEvent.objects.filter(
        action="identity.scim.create", target_id=str(person.pk)
    ).exists()


def test_filters_find_people_by_user_name_and_external_id(scim: Any, cast: Cast) -> None:
    scim("POST", "Users", _user("E-grace", "grace"))
    by_name = scim("GET", 'Users?filter=userName eq "GRACE"').json()
    assert [r["userName"] for r in by_name["Resources"]] == ["grace"]
    by_external = scim("GET", 'Users?filter=externalId eq "ext-E-grace"').json()
    assert by_external["totalResults"] == 1
    # People from the HRIS import are found by their work e-mail until the provider links them.
    imported = scim("GET", 'Users?filter=userName eq "ada@example.com"').json()
    assert [r["id"] for r in imported["Resources"]] == [str(cast.ada.pk)]
    assert scim("GET", 'Users?filter=userName eq "nobody"').json()["totalResults"] == 0


def test_pagination_pages_through_everyone(scim: Any, cast: Cast) -> None:
    first = scim("GET", "Users?startIndex=1&count=4").json()
    second = scim("GET", "Users?startIndex=5&count=4").json()
    assert first["totalResults"] == second["totalResults"] == 6
    assert (first["itemsPerPage"], second["itemsPerPage"]) == (4, 2)
    ids = [r["id"] for r in first["Resources"] + second["Resources"]]
    assert sorted(ids, key=int) == sorted(str(p.pk) for p in Person.objects.all())


@pytest.mark.parametrize(
    "query",
    ['userName co "a"', 'title eq "x"', "userName eq grace", 'userName eq "a" and active eq true'],
)
def test_unsupported_filters_are_scim_errors(scim: Any, cast: Cast, query: str) -> None:
    _error(scim("GET", f"Users?filter={query}"), 400, "invalidFilter")


def test_patch_active_false_deactivates_and_ends_sessions(
    scim: Any, cast: Cast, client_for: Any
) -> None:
    browser = Client()
    browser.force_login(cast.ada.user)
    assert browser.get("/").status_code == 200
    response = scim(
        "PATCH",
        f"Users/{cast.ada.pk}",
        {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    assert not Person.objects.get(pk=cast.ada.pk).is_active
    assert not User.objects.get(pk=cast.ada.user_id).is_active
    assert browser.get("/")["Location"].startswith("/accounts/login/")


def test_delete_deprovisions(scim: Any, cast: Cast) -> None:
    assert scim("DELETE", f"Users/{cast.otto.pk}").status_code == 204
    assert not Person.objects.get(pk=cast.otto.pk).is_active
    _error(scim("GET", f"Users/{cast.otto.pk}"), 404, None)


def test_unknown_manager_is_refused_in_the_import_s_words(scim: Any, cast: Cast) -> None:
    detail = _error(
        scim("POST", "Users", _user("E-grace", "grace", manager={"value": "999999"})),
        400,
        "invalidValue",
    )
    assert detail == f"manager: {UNKNOWN_MANAGER}"
    report = people_import(
        file_name="people.csv",
        data=b"employee_id,first_name,last_name,email,manager_id\nE-x,Xa,Yo,x@example.com,E-none\n",
    )
    assert report.problems[0].message == UNKNOWN_MANAGER
    assert not Person.objects.filter(employee_id="E-grace").exists()


def test_a_manager_cycle_is_refused_like_the_import_refuses_it(scim: Any, cast: Cast) -> None:
    resource = scim("GET", f"Users/{cast.maya.pk}").json()
    resource[ENTERPRISE]["manager"] = {"value": str(cast.ada.pk)}
    detail = _error(scim("PUT", f"Users/{cast.maya.pk}", resource), 400, "invalidValue")
    assert detail == "manager: manager cycle: E-maya → E-ada → E-maya"
    report = people_import(
        file_name="people.csv",
        data=b"employee_id,first_name,last_name,email,manager_id\n"
        b"E-maya,Maya,Manager,maya@example.com,E-ada\n",
    )
    assert report.problems[0].message == "manager cycle: E-maya → E-ada → E-maya"
    assert Person.objects.get(pk=cast.maya.pk).manager_id == cast.dora.pk


def test_a_duplicate_employee_id_is_a_conflict(scim: Any, cast: Cast) -> None:
    detail = _error(scim("POST", "Users", _user("E-ada", "someone")), 409, "uniqueness")
    assert detail.startswith("employeeNumber: duplicate employee id")
    scim("POST", "Users", _user("E-one", "taken"))
    _error(scim("POST", "Users", _user("E-two", "TAKEN")), 409, "uniqueness")


@pytest.mark.parametrize(
    ("change", "scim_type"),
    [
        ({"nickName": "Amazing Grace"}, "invalidSyntax"),
        ({"active": "perhaps"}, "invalidValue"),
        ({"emails": [{"value": "not an address"}]}, "invalidValue"),
        ({"name": {"givenName": "", "familyName": "Hopper"}}, "invalidValue"),
        ({"name": {"givenName": "Gr\u202eace", "familyName": "Hopper"}}, "invalidValue"),
    ],
)
def test_bad_values_answer_scim_errors(
    scim: Any, cast: Cast, change: dict[str, Any], scim_type: str
) -> None:
    response = scim("POST", "Users", _user("E-grace", "grace") | change)
    assert response.status_code == 400, response.content
    assert response.json()["scimType"] in (scim_type, "invalidValue", "invalidSyntax")
    assert not Person.objects.filter(employee_id="E-grace").exists()


def test_missing_employee_number_is_refused(scim: Any, cast: Cast) -> None:
    body = _user("E-grace", "grace")
    del body[ENTERPRISE]
    assert scim("POST", "Users", body).status_code == 400


def test_broken_json_is_a_scim_error(scim: Any, cast: Cast) -> None:
    _, secret = scim_token_create(name="raw")
    response = Client().generic(
        "POST",
        "/scim/v2/Users",
        "{not json",
        content_type="application/scim+json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    _error(response, 400, "invalidSyntax")


def test_unknown_ids_and_bad_operations_are_scim_errors(scim: Any, cast: Cast) -> None:
    _error(Client().get("/scim/v2/Users"), 401, None)
    _error(scim("GET", "Users/999999"), 404, None)
    _error(scim("GET", "Users/abc"), 404, None)
    _error(scim("GET", "Groups"), 404, None)
    bad_op = {"schemas": [PATCH], "Operations": [{"op": "explode", "path": "title"}]}
    assert scim("PATCH", f"Users/{cast.ada.pk}", bad_op).status_code == 400
    bad_path = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "shoeSize", "value": 1}],
    }
    assert scim("PATCH", f"Users/{cast.ada.pk}", bad_path).status_code == 400


def test_a_user_api_token_is_not_a_scim_token(scim: Any, cast: Cast) -> None:
    _, secret = api_token_create(
        actor=cast.alex.user, user=cast.alex.user, name="x", read_only=False
    )
    _error(scim("GET", "Users", token=secret), 401, None)
    _error(scim("GET", "Users", token="scim_made-up"), 401, None)


def test_query_count_per_creation_is_constant(scim: Any, cast: Cast) -> None:
    counts = []
    for n in range(3):
        for k in range(10 * n):
            scim(
                "POST",
                "Users",
                _user(f"E-fill-{n}-{k}", f"fill-{n}-{k}", manager={"value": str(cast.maya.pk)}),
            )
        with CaptureQueriesContext(connection) as queries:
            response = scim(
                "POST",
                "Users",
                _user(
                    f"E-probe-{n}",
                    f"probe-{n}",
                    department="Acme/Engineering",
                    manager={"value": str(cast.maya.pk)},
                ),
            )
        assert response.status_code == 201
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
