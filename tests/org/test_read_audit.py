"""Reading someone's skills leaves the same audit event through the page and the API."""

from __future__ import annotations

from django.test import Client

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent
from trellis.org.tokens import api_token_create


def _reads() -> list[tuple[str, str, str | None, dict[str, object]]]:
    return [
        (e.action, e.target_id, e.actor.username if e.actor else None, e.detail)
        for e in AuditEvent.objects.filter(action="org.person.skills.read").order_by("id")
    ]


def test_a_manager_reading_skills_is_recorded_on_every_door(
    client_for: ClientFor, cast: Cast
) -> None:
    client = client_for(cast.maya)
    ada = str(cast.ada.pk)
    assert client.get(f"/people/{ada}/").status_code == 200
    assert client.get(f"/api/v1/people/{ada}/skills").status_code == 200
    assert client.get(f"/api/v1/people/{ada}").json()["details"]["skills"]
    assert _reads() == [
        ("org.person.skills.read", ada, "maya", {"via": "web"}),
        ("org.person.skills.read", ada, "maya", {"via": "api"}),
        ("org.person.skills.read", ada, "maya", {"via": "api"}),
    ]


def test_a_token_read_is_recorded_with_the_request_id(cast: Cast) -> None:
    _, secret = api_token_create(actor=None, user=cast.hana.user, name="hr sync")
    response = Client().get(
        f"/api/v1/people/{cast.ada.pk}/skills",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_X_REQUEST_ID="req-42",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="org.person.skills.read")
    assert (event.actor, event.request_id, event.detail) == (
        cast.hana.user,
        "req-42",
        {"via": "api"},
    )


def test_reading_ones_own_skills_or_being_refused_records_nothing(
    client_for: ClientFor, cast: Cast
) -> None:
    ada = client_for(cast.ada)
    assert ada.get(f"/people/{cast.ada.pk}/").status_code == 200
    assert ada.get(f"/api/v1/people/{cast.ada.pk}/skills").status_code == 200
    otto = client_for(cast.otto)
    assert otto.get(f"/api/v1/people/{cast.ada.pk}/skills").status_code == 404
    assert otto.get(f"/people/{cast.ada.pk}/").status_code == 200  # the entry, not the skills
    assert _reads() == []
