"""The privacy officer's audit trail and erasure screen: reachable by them, refused to others."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.cast import Cast
from trellis.org.models import AuditEvent, Person
from trellis.org.privacy_officer import PRIVACY_GROUP
from trellis.org.services import audit_record


@pytest.fixture
def officer(cast: Cast) -> Person:
    """Hana, an HR partner, also holds the privacy officer's role."""
    cast.hana.user.groups.add(Group.objects.get_or_create(name=PRIVACY_GROUP)[0])  # type: ignore[union-attr]
    return cast.hana


def _events(cast: Cast) -> None:
    audit_record(actor=cast.maya.user, action="talks.note.read", target=cast.ada)
    audit_record(actor=cast.alex.user, action="org.personal_data.export", target=cast.ada)
    audit_record(actor=cast.alex.user, action="=cmd|' /C calc'!A0", target=cast.otto)


def test_officer_filters_the_trail_by_person_actor_and_kind(
    client_for, officer: Person, cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    _events(cast)
    client = client_for(officer)
    page = client.get("/privacy/audit/", {"person": "E-ada"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "talks.note.read" in body and "org.personal_data.export" in body
    assert "calc" not in body
    by_actor = client.get("/privacy/audit/", {"actor": "maya"}).content.decode()
    assert "talks.note.read" in by_actor and "org.personal_data.export" not in by_actor
    by_kind = client.get("/privacy/audit/", {"kind": "org.personal_data"}).content.decode()
    assert "org.personal_data.export" in by_kind and "talks.note.read" not in by_kind
    tomorrow = client.get("/privacy/audit/", {"since": "2999-01-01"}).content.decode()
    assert "No event matches." in tomorrow, tomorrow[tomorrow.find("<main") :][:1500]


def test_bad_filters_answer_400_naming_the_field(client_for, officer: Person) -> None:  # type: ignore[no-untyped-def]
    client = client_for(officer)
    assert client.get("/privacy/audit/", {"since": "yesterday"}).status_code == 400
    response = client.get("/privacy/audit/", {"person": "E-nobody"})
    assert response.status_code == 400
    assert b"No person has this employee id." in response.content
    assert (
        client.get("/privacy/audit/", {"since": "2026-02-02", "until": "2026-02-01"}).status_code
        == 400
    )


def test_csv_export_neutralises_cells_and_is_audited(
    client_for, officer: Person, cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    _events(cast)
    response = client_for(officer).get("/privacy/audit/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["at (UTC)", "actor", "kind"]
    kinds = [row[2] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in kinds
    assert "talks.note.read" in kinds
    export = AuditEvent.objects.get(action="org.audit.export")
    assert export.actor_id == officer.user_id
    assert export.detail["rows"] == len(rows) - 1


def test_admin_reads_the_trail_and_others_are_refused(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    assert client_for(cast.alex).get("/privacy/audit/").status_code == 200
    for person in (cast.hana, cast.otto, cast.maya):
        client = Client()
        client.force_login(person.user)
        assert client.get("/privacy/audit/").status_code == 404
        assert client.get("/privacy/audit/", {"format": "csv"}).status_code == 404
        assert client.get(f"/privacy/erase/{cast.otto.pk}/").status_code == 404
    assert Client().get("/privacy/audit/").status_code == 302
    assert not AuditEvent.objects.filter(action="org.audit.export").exists()


def test_audit_page_query_count_does_not_grow(client_for, officer: Person, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    client = client_for(officer)
    counts = []
    for _ in range(2):
        for _ in range(30):
            _events(cast)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/privacy/audit/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_erasure_lists_what_goes_and_refuses_an_active_person(
    client_for, officer: Person, cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(officer)
    page = client.get(f"/privacy/erase/{cast.ada.pk}/")
    assert page.status_code == 200
    assert b"skills.PersonSkill" in page.content
    assert b"is still active" in page.content
    refused = client.post(f"/privacy/erase/{cast.ada.pk}/", {"confirm": "E-ada"})
    assert refused.status_code == 409
    assert Person.objects.get(pk=cast.ada.pk).first_name == "Ada"


def test_erasure_needs_the_employee_id_typed_then_erases_and_audits(
    client_for, officer: Person, cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    Person.objects.filter(pk=cast.otto.pk).update(is_active=False)
    client = client_for(officer)
    wrong = client.post(f"/privacy/erase/{cast.otto.pk}/", {"confirm": "E-someone"})
    assert wrong.status_code == 400
    assert Person.objects.get(pk=cast.otto.pk).first_name == "Otto"
    done = client.post(f"/privacy/erase/{cast.otto.pk}/", {"confirm": "E-otto"})
    assert done.status_code == 302
    otto = Person.objects.get(pk=cast.otto.pk)
    assert (otto.first_name, otto.email, otto.user_id) == ("Erased", "", None)
    assert not User.objects.filter(username="otto").exists()
    event = AuditEvent.objects.get(action="org.personal_data.erase")
    assert (event.actor_id, event.target_id) == (officer.user_id, str(cast.otto.pk))


def test_others_cannot_erase(cast: Cast) -> None:
    Person.objects.filter(pk=cast.otto.pk).update(is_active=False)
    client = Client()
    client.force_login(cast.hana.user)  # HR without the privacy officer's role
    assert client.post(f"/privacy/erase/{cast.otto.pk}/", {"confirm": "E-otto"}).status_code == 404
    assert Person.objects.get(pk=cast.otto.pk).first_name == "Otto"
