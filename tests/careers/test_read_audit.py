"""A career read through the API leaves the same event as the page it mirrors."""

from __future__ import annotations

import pytest

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent


@pytest.mark.parametrize(
    ("web", "api", "page"),
    [
        ("/career/{pk}/", "/api/v1/careers/{pk}/profile", "overview"),
        ("/career/{pk}/skills/", "/api/v1/careers/{pk}/skills", "skills"),
        ("/career/{pk}/map/", "/api/v1/careers/{pk}/goals", "map"),
        (
            "/career/{pk}/accomplishments/",
            "/api/v1/careers/{pk}/accomplishments",
            "accomplishments",
        ),
    ],
)
def test_page_and_api_record_the_same_read(
    filled: Cast, client_for: ClientFor, web: str, api: str, page: str
) -> None:
    client = client_for(filled.maya)
    assert client.get(web.format(pk=filled.ada.pk)).status_code == 200
    assert client.get(api.format(pk=filled.ada.pk)).status_code == 200
    events = [
        (e.action, e.target_id, e.actor_id, e.detail)
        for e in AuditEvent.objects.filter(action="careers.read").order_by("id")
    ]
    ada, maya = str(filled.ada.pk), filled.maya.user.pk
    assert events == [
        ("careers.read", ada, maya, {"page": page, "via": "web"}),
        ("careers.read", ada, maya, {"page": page, "via": "api"}),
    ]


def test_the_owner_reading_her_own_career_is_not_recorded(
    filled: Cast, client_for: ClientFor
) -> None:
    client = client_for(filled.ada)
    assert client.get(f"/career/{filled.ada.pk}/skills/").status_code == 200
    assert client.get(f"/api/v1/careers/{filled.ada.pk}/skills").status_code == 200
    assert not AuditEvent.objects.filter(action="careers.read").exists()
