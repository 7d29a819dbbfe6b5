"""The caller's own marketplace through the API: opt-in and preferences, interests, pairs."""

from __future__ import annotations

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.market import services
from trellis.market.models import Interest, InterestStatus, MarketplaceOptIn
from trellis.org.access import viewer_for

API = "/api/v1/market/me"
JSON = "application/json"


def test_opt_in_is_read_and_set_for_oneself_only(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    assert client.get(f"{API}/opt-in").json() == {
        "opted_in": False, "digest": "weekly", "wants_buddy": False, "mentor_capacity": 0,
    }  # fmt: skip
    body = {"opted_in": True, "digest": "daily", "wants_buddy": True, "mentor_capacity": 2,
            "person_id": cast.otto.pk}  # fmt: skip
    response = client.put(f"{API}/opt-in", body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "opted_in": True, "digest": "daily", "wants_buddy": True, "mentor_capacity": 2,
    }  # fmt: skip
    row = MarketplaceOptIn.objects.get(person=cast.ada)
    assert (row.opted_in, row.digest, row.wants_buddy, row.mentor_capacity) == (
        True, "daily", True, 2,
    )  # fmt: skip
    assert not MarketplaceOptIn.objects.filter(person=cast.otto).exists()
    # Leaving keeps the preferences not named.
    client.put(f"{API}/opt-in", {"opted_in": False}, content_type=JSON)
    row.refresh_from_db()
    assert (row.opted_in, row.digest, row.mentor_capacity) == (False, "daily", 2)


def test_opt_in_bad_input_names_the_field(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    for body, field in (
        ({"opted_in": True, "mentor_capacity": 6}, "mentor_capacity"),
        ({"opted_in": True, "digest": "hourly"}, "digest"),
        ({"opted_in": "yes"}, "opted_in"),
        ({}, "opted_in"),
    ):
        response = client.put(f"{API}/opt-in", body, content_type=JSON)
        assert response.status_code == 422, (body, response.content)
        assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    assert not MarketplaceOptIn.objects.filter(person=cast.ada).exists()


def test_my_interests_and_withdrawing_one(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    interest = services.interest_express(viewer=viewer_for(cast.ada.user), opp=opp, apply=True)
    assert client_for(cast.otto).get(f"{API}/interests").json() == []
    client = client_for(cast.ada)
    [mine] = client.get(f"{API}/interests").json()
    assert (mine["id"], mine["title"], mine["status"]) == (interest.pk, opp.title, "applied")
    assert "withdrawn" in mine["moves"]
    # The opportunity's owner reads the interest but may not withdraw it.
    maya = client_for(cast.maya)
    assert maya.post(f"{API}/interests/{interest.pk}/withdraw").status_code == 404
    client = client_for(cast.ada)
    response = client.post(f"{API}/interests/{interest.pk}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert Interest.objects.get(pk=interest.pk).status == InterestStatus.WITHDRAWN
    # Withdrawn is final: a second withdrawal is refused with the reason, never a 500.
    again = client.post(f"{API}/interests/{interest.pk}/withdraw")
    assert again.status_code == 400 and again.json()["detail"]
    assert client.post(f"{API}/interests/999999/withdraw").status_code == 404
    assert client.post(f"{API}/interests/0/withdraw").status_code == 422


def test_my_pairs_name_the_other_person_and_why(cast: Cast, client_for: ClientFor) -> None:
    from trellis.market.models import Pairing, PairingKind, PairingRound

    pr = PairingRound.objects.create(kind=PairingKind.BUDDY)
    Pairing.objects.create(round=pr, first=cast.ada, second=cast.otto, reasons=["Both like SQL"])
    # One list of one's pairs, with the answers and the asks: /api/v1/market/pairs.
    [pair] = client_for(cast.otto).get("/api/v1/market/pairs").json()["pairs"]
    assert (pair["first"], pair["kind"]) == ({"id": cast.ada.pk, "name": "Ada Lovelace"}, "buddy")
    assert pair["reasons"] == ["Both like SQL"]
    assert client_for(cast.maya).get("/api/v1/market/pairs").json()["pairs"] == []
    assert client_for(cast.otto).get(f"{API}/pairs").status_code == 404  # no second list
