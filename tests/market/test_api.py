from __future__ import annotations

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.market import services
from trellis.market.models import Interest, Opportunity
from trellis.org.access import viewer_for

API = "/api/v1/market"


def test_create_publish_and_no_mass_assignment(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.maya)
    body = {
        "kind": "gig",
        "title": "API gig",
        "unit_id": cast.team.pk,
        "owner_id": cast.ada.pk,
        "status": "open",
        "skills": [{"skill_id": cast.python.pk, "min_level": 3}],
    }
    response = client.post(f"{API}/opportunities", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["owner"] == "Maya Manager"
    assert data["skills"] == [{"skill": "Python", "min_level": 3, "weight": 3, "required": True}]
    pk = data["id"]
    assert client.post(f"{API}/opportunities/{pk}/status/publish").json()["status"] == "open"
    response = client.patch(
        f"{API}/opportunities/{pk}", {"capacity": 0}, content_type="application/json"
    )
    # Bounds are part of the schema: the field and the reason, before any service runs.
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "capacity"]
    assert error["msg"] == "Input should be greater than or equal to 1"


def test_refusals(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    otto = client_for(cast.otto)
    body = {"kind": "gig", "title": "x", "unit_id": cast.team.pk}
    assert (
        otto.post(f"{API}/opportunities", body, content_type="application/json").status_code == 404
    )
    assert (
        otto.patch(
            f"{API}/opportunities/{opp.pk}", {"title": "y"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert otto.get(f"{API}/opportunities/{opp.pk}/candidates").status_code == 404
    assert (
        otto.post(
            f"{API}/rounds",
            {"name": "r", "opportunity_ids": [opp.pk]},
            content_type="application/json",
        ).status_code
        == 404
    )
    Opportunity.objects.filter(pk=opp.pk).update(status="draft")
    assert otto.get(f"{API}/opportunities/{opp.pk}").status_code == 404


def test_owner_of_another_unit_refused_candidates(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    other = services.opportunity_create(
        viewer=viewer_for(cast.hana.user),
        kind="stretch",
        title="Sales stretch",
        unit=cast.other_team,
    )
    other.owner = cast.otto
    other.save()
    # Otto owns an opportunity in Sales, but not Maya's.
    assert client_for(cast.otto).get(f"{API}/opportunities/{opp.pk}/candidates").status_code == 404
    assert (
        client_for(cast.maya).get(f"{API}/opportunities/{other.pk}/candidates").status_code == 404
    )
    assert client_for(cast.maya).get(f"{API}/opportunities/{opp.pk}/candidates").json() == []


def test_interest_flow_and_recommendations(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    ada = client_for(cast.ada)
    recs = ada.get(f"{API}/recommendations").json()
    assert recs["near_misses"] == [] and recs["blocked"] == []
    assert recs["items"][0]["title"] == "Storage metrics dashboard"
    assert recs["items"][0]["partial"] == [{"skill": "SQL", "level": 2, "min_level": 3}]
    assert recs["items"][0]["rule"] == (
        "Shown because readiness 88% reaches the 20% floor for gigs."
        " It grows SQL, which you want to grow."
    )
    response = ada.post(
        f"{API}/opportunities/{opp.pk}/interest", {"apply": True}, content_type="application/json"
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    again = ada.post(f"{API}/opportunities/{opp.pk}/interest", {}, content_type="application/json")
    assert again.json() == {"detail": "You have already expressed interest in this opportunity."}
    bad = ada.post(
        f"{API}/interests/{pk}/move", {"to": "shortlisted"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert client_for(cast.otto).get(f"{API}/interests/{pk}").status_code == 404
    maya = client_for(cast.maya)
    assert (
        maya.post(
            f"{API}/interests/{pk}/move", {"to": "shortlisted"}, content_type="application/json"
        ).json()["status"]
        == "shortlisted"
    )
    assert Interest.objects.get().status == "shortlisted"


def test_rounds_for_hr(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    hr = client_for(cast.hana)
    response = hr.post(
        f"{API}/rounds", {"name": "r", "opportunity_ids": [opp.pk]}, content_type="application/json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["blocking_pairs"] == 0
    assert data["assignments"] == [
        {"person": cast.ada.pk, "opportunity": opp.pk, "choice": 0, "locked": False}
    ]
    assert client_for(cast.maya).get(f"{API}/rounds/{data['id']}").status_code == 404
