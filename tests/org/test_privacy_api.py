"""The privacy officer's API: the audit trail (filtered, as the page), export and erasure."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Group

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent, Person
from trellis.org.privacy_officer import PRIVACY_GROUP
from trellis.org.services import audit_record, person_set_manager

API = "/api/v1/privacy"
JSON = "application/json"


@pytest.fixture
def officer(cast: Cast) -> Person:
    """Hana, an HR partner, also holds the privacy officer's role."""
    cast.hana.user.groups.add(Group.objects.get_or_create(name=PRIVACY_GROUP)[0])  # type: ignore[union-attr]
    return cast.hana


def _kinds(response: object) -> list[str]:
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    return [e["kind"] for e in response.json()["events"]]  # type: ignore[attr-defined]


def test_the_trail_filtered_by_person_actor_kind_and_dates(
    client_for: ClientFor, officer: Person, cast: Cast
) -> None:
    audit_record(actor=cast.maya.user, action="talks.note.read", target=cast.ada)
    audit_record(actor=cast.alex.user, action="org.personal_data.export", target=cast.ada)
    audit_record(actor=cast.alex.user, action="org.personal_data.export", target=cast.otto)
    client = client_for(officer)
    assert _kinds(client.get(f"{API}/audit", {"person": "E-ada"})) == [
        "org.personal_data.export", "talks.note.read",
    ]  # fmt: skip
    assert _kinds(client.get(f"{API}/audit", {"actor": "maya"})) == ["talks.note.read"]
    by_kind = client.get(f"{API}/audit", {"kind": "org.personal_data"}).json()
    assert by_kind["count"] == 2 and {e["target_id"] for e in by_kind["events"]} == {
        str(cast.ada.pk), str(cast.otto.pk),
    }  # fmt: skip
    assert _kinds(client.get(f"{API}/audit", {"since": "2999-01-01"})) == []
    # Reading the trail through the API is itself on the trail.
    assert AuditEvent.objects.filter(action="org.audit.read", actor=officer.user).count() == 4


def test_bad_filters_answer_422_naming_the_field(client_for: ClientFor, officer: Person) -> None:
    client = client_for(officer)
    for query, field, message in (
        ({"person": "E-nobody"}, "person", "No person has this employee id."),
        ({"since": "2026-02-02", "until": "2026-02-01"}, "until", "The end is before the start."),
        ({"since": "yesterday"}, "since", None),
        ({"page": "0"}, "page", None),
    ):
        response = client.get(f"{API}/audit", query)
        assert response.status_code == 422, (query, response.content)
        [error] = response.json()["detail"]
        assert error["loc"][-1] == field
        if message:
            assert error["msg"] == message


def test_refused_to_hr_without_the_role_and_to_others(client_for: ClientFor, cast: Cast) -> None:
    for person in (cast.hana, cast.maya, cast.ada):
        client = client_for(person)
        assert client.get(f"{API}/audit").status_code == 404
        assert client.get(f"{API}/people/{cast.otto.pk}/export").status_code == 404
        assert client.get(f"{API}/people/{cast.otto.pk}/erasure").status_code == 404
        response = client.post(
            f"{API}/people/{cast.otto.pk}/erasure", {"confirm": "E-otto"}, content_type=JSON
        )
        assert response.status_code == 404
    assert Person.objects.get(pk=cast.otto.pk).first_name == "Otto"


def test_export_is_the_persons_archive_and_is_audited(
    client_for: ClientFor, officer: Person, cast: Cast
) -> None:
    response = client_for(officer).get(f"{API}/people/{cast.ada.pk}/export")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "README.txt" in archive.namelist()
    assert "Ada Lovelace" in archive.read("README.txt").decode()
    event = AuditEvent.objects.get(action="org.personal_data.export")
    assert (event.actor, event.target_id) == (officer.user, str(cast.ada.pk))
    assert client_for(officer).get(f"{API}/people/999999/export").status_code == 404


def test_erasure_preview_confirmation_and_refusal(
    client_for: ClientFor, officer: Person, cast: Cast
) -> None:
    client = client_for(officer)
    url = f"{API}/people/{cast.otto.pk}/erasure"
    preview = client.get(url).json()
    assert preview["employee_id"] == "E-otto" and "still active" in preview["refusal"]
    refused = client.post(url, {"confirm": "E-otto"}, content_type=JSON)
    assert refused.status_code == 409 and "still active" in refused.json()["detail"]
    Person.objects.filter(pk=cast.otto.pk).update(is_active=False)
    for person in Person.objects.filter(manager=cast.otto):
        person_set_manager(person=person, manager=None)
    assert client.get(url).json()["refusal"] is None
    wrong = client.post(url, {"confirm": "E-ada"}, content_type=JSON)
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "payload", "confirm"]
    assert Person.objects.get(pk=cast.otto.pk).first_name == "Otto"
    assert client.post(url, {}, content_type=JSON).status_code == 422
    done = client.post(url, {"confirm": "E-otto"}, content_type=JSON)
    assert done.status_code == 200, done.content
    otto = Person.objects.get(pk=cast.otto.pk)
    assert otto.first_name == "Erased" and otto.user is None
    assert AuditEvent.objects.filter(action="org.personal_data.erase").count() == 1
