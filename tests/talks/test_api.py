from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.cast import Cast, ClientFor
from tests.talks.helpers import followup, log, opportunity, pull
from trellis.talks import access
from trellis.talks.services import EMPTY_CONVERSATION

API = "/api/v1/talks"


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_hr_cannot_read_a_private_note(cast: Cast, client_for: ClientFor) -> None:
    c = log(cast.maya, cast.ada, visibility="private")
    assert client_for(cast.hana).get(f"{API}/conversations/{c.pk}").status_code == 404
    assert client_for(cast.hana).get(f"{API}/conversations").json() == []


def test_another_manager_gets_404(cast: Cast, client_for: ClientFor) -> None:
    c = log(cast.maya, cast.ada)
    for person in (cast.dora, cast.otto):
        client = client_for(person)
        assert client.get(f"{API}/conversations/{c.pk}").status_code == 404
        assert client.get(f"{API}/conversations/{c.pk}/items").status_code == 404
    assert client_for(cast.otto).get(f"{API}/prep/{cast.ada.pk}").status_code == 404


def test_employee_sees_only_shared_conversations_about_them(
    cast: Cast, client_for: ClientFor
) -> None:
    shared = log(
        cast.maya, cast.ada, items=[pull("values", "Craft")], followups=[followup(cast.ada, "Read")]
    )
    private = log(cast.maya, cast.ada, visibility="private")
    client = client_for(cast.ada)
    assert [c["id"] for c in client.get(f"{API}/conversations").json()] == [shared.pk]
    assert client.get(f"{API}/conversations/{private.pk}").status_code == 404
    detail = client.get(f"{API}/conversations/{shared.pk}").json()
    assert detail["items"][0] == {
        "id": shared.items.get().pk,
        "direction": "pull",
        "category": "values",
        "text": "Craft",
        "role_id": None,
        "skill_id": None,
        "contact_id": None,
        "opportunity_id": None,
        "outcome": "",
    }
    assert [f["text"] for f in client.get(f"{API}/followups").json()] == ["Read"]
    item = shared.items.get()
    assert _post(client, f"{API}/items/{item.pk}/accept", {}).json()["outcome"] == "accepted"


def test_create_conversation(cast: Cast, client_for: ClientFor) -> None:
    opp = opportunity(cast)
    client = client_for(cast.maya)
    body = {
        "person_id": cast.ada.pk,
        "when": "2025-05-01T10:00:00Z",
        "items": [
            {
                "direction": "push",
                "category": "paths",
                "text": "Senior",
                "role_id": cast.senior_engineer.pk,
                "opportunity_id": opp.pk,
            }
        ],
        "followups": [{"owner": "them", "text": "Apply", "due": "2025-06-01"}],
        "author_id": cast.otto.pk,  # ignored: never taken from the body
    }
    response = _post(client, f"{API}/conversations", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["author_id"] == cast.maya.pk and data["person_id"] == cast.ada.pk
    assert data["items"][0]["opportunity_id"] == opp.pk
    empty = _post(client, f"{API}/conversations", {**body, "items": [], "followups": []})
    assert empty.status_code == 400
    assert empty.json() == {"detail": EMPTY_CONVERSATION}
    # Who is in the directory is no secret: out of reach is refused with the reason.
    refused = _post(client_for(cast.otto), f"{API}/conversations", body)
    assert refused.status_code == 400
    assert refused.json() == {"detail": access.REFUSED_PARTNER}
    client = client_for(cast.maya)
    missing = _post(client, f"{API}/conversations", {**body, "person_id": 999_999})
    assert missing.status_code == 404
    unknown = {**body["items"][0], "opportunity_id": 999_999}  # type: ignore[index]
    gone = _post(client, f"{API}/conversations", {**body, "items": [unknown]})
    assert gone.status_code == 404, gone.content


def test_guide_read_for_managers_write_for_hr(cast: Cast, client_for: ClientFor) -> None:
    assert client_for(cast.maya).get(f"{API}/guide").status_code == 200
    assert client_for(cast.otto).get(f"{API}/guide").status_code == 404
    new = {"area": "reality", "text": "What would you try first?", "category": "goals"}
    assert _post(client_for(cast.maya), f"{API}/guide", new).status_code == 404
    created = _post(client_for(cast.hana), f"{API}/guide", new)
    assert created.status_code == 201
    pk = created.json()["id"]
    patched = client_for(cast.hana).patch(
        f"{API}/guide/{pk}", json.dumps({"active": False}), content_type="application/json"
    )
    assert patched.json()["active"] is False
    assert (
        client_for(cast.maya)
        .patch(f"{API}/guide/{pk}", "{}", content_type="application/json")
        .status_code
        == 404
    )


def test_prep_sheet(cast: Cast, client_for: ClientFor) -> None:
    log(cast.maya, cast.ada, items=[pull("energy", "Pairing")])
    data = client_for(cast.maya).get(f"{API}/prep/{cast.ada.pk}").json()
    energy = next(p for p in data["pieces"] if p["category"] == "energy")
    assert energy["state"] == "known" and energy["evidence"] == ["Pairing"]
    assert data["known"] == 2  # energy, and learning from Ada's wish to grow SQL
    assert data["questions"]["values"]


def test_feedback_anonymous_until_three(cast: Cast, client_for: ClientFor) -> None:
    created = _post(
        client_for(cast.ada),
        f"{API}/feedback",
        {"respondent_ids": [cast.maya.pk, cast.otto.pk, cast.hana.pk], "anonymous": True},
    )
    pk = created.json()["id"]
    for n, person in enumerate((cast.maya, cast.otto, cast.hana)):
        assert (
            _post(
                client_for(person), f"{API}/feedback/{pk}/answer", {"known_for": f"K{n}"}
            ).status_code
            == 204
        )
        data = client_for(cast.ada).get(f"{API}/feedback/{pk}").json()
        assert data["showable"] is (n == 2)
    assert [a["respondent"] for a in data["answers"]] == [None, None, None]
    assert client_for(cast.maya).get(f"{API}/feedback/{pk}").status_code == 404
    assert (
        _post(client_for(cast.alex), f"{API}/feedback/{pk}/answer", {"known_for": "x"}).status_code
        == 404
    )
