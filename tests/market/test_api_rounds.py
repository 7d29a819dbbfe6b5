"""HR's rounds through the API: list, preview, pairing rounds and talent exported."""

from __future__ import annotations

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from tests.market.test_hoarding import _hr_opp, _reports, _walk
from trellis.market import rounds, services
from trellis.market.models import InterestStatus as S
from trellis.market.models import Pairing, PairingRound, Round
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill

API = "/api/v1/market"
JSON = "application/json"


def _opted(cast: Cast, *people: object, **prefs: object) -> None:
    for person in people:
        services.opt_in_set(
            viewer=viewer_for(person.user),  # type: ignore[attr-defined]
            person=person,  # type: ignore[arg-type]
            opted_in=True,
            **prefs,  # type: ignore[arg-type]
        )


def test_preview_lists_preferences_and_saves_nothing(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast, capacity=2)
    _opted(cast, cast.ada, cast.otto)
    client = client_for(cast.hana)
    response = client.post(
        f"{API}/rounds/preview", {"opportunity_ids": [opp.pk]}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["n_people"] >= 1
    [listed] = data["opportunities"]
    assert listed["opportunity"] == opp.pk and listed["title"] == opp.title
    assert listed["listed_by"] == len(listed["best"]) or listed["listed_by"] > 5
    assert not Round.objects.exists()
    # A closed or unknown opportunity: the service's reason, 400; a bad id, 422 naming it.
    bad = client.post(f"{API}/rounds/preview", {"opportunity_ids": [999999]}, content_type=JSON)
    assert bad.status_code == 400 and "open opportunity" in bad.json()["detail"]
    bad = client.post(f"{API}/rounds/preview", {"opportunity_ids": ["x"]}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-2:] == ["opportunity_ids", 0]
    bad = client.post(f"{API}/rounds/preview", {"opportunity_ids": []}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "opportunity_ids"
    refused = client_for(cast.maya).post(
        f"{API}/rounds/preview", {"opportunity_ids": [opp.pk]}, content_type=JSON
    )
    assert refused.status_code == 404


def test_round_list_is_hr_only(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    _opted(cast, cast.ada)
    rnd = rounds.round_run(
        viewer=viewer_for(cast.hana.user), name="Spring", opportunity_ids=[opp.pk]
    )
    [listed] = client_for(cast.hana).get(f"{API}/rounds").json()
    assert (listed["id"], listed["name"], listed["status"]) == (rnd.pk, "Spring", rnd.status)
    for person in (cast.maya, cast.ada, cast.otto):
        assert client_for(person).get(f"{API}/rounds").status_code == 404


def test_pairing_round_run_and_read(cast: Cast, client_for: ClientFor) -> None:
    # Ada (Python 4) can take a mentee; Otto (Python 1) wants to grow it.
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=1, appetite="grow")
    _opted(cast, cast.ada, mentor_capacity=1)
    _opted(cast, cast.otto)
    client = client_for(cast.hana)
    response = client.post(f"{API}/pairing-rounds", {"kind": "mentor"}, content_type=JSON)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "mentor" and data["pairs"] == 1
    [pair] = data["pairings"]
    assert (pair["first"], pair["second"]) == (cast.ada.pk, cast.otto.pk)
    assert "Ada can help Otto with Python (4 vs 1)" in pair["reasons"]
    assert Pairing.objects.count() == 1
    [listed] = client.get(f"{API}/pairing-rounds").json()
    assert listed == {k: data[k] for k in ("id", "kind", "created_at", "pairs")}
    assert client.get(f"{API}/pairing-rounds/{data['id']}").json() == data
    # Each person paired reads it among their own pairs, never the round.
    ada = client_for(cast.ada)
    [mine] = ada.get(f"{API}/pairs").json()["pairs"]
    assert (mine["first"]["id"], mine["second"]["id"]) == (cast.ada.pk, cast.otto.pk)
    assert ada.get(f"{API}/pairing-rounds/{data['id']}").status_code == 404
    assert (
        ada.post(f"{API}/pairing-rounds", {"kind": "buddy"}, content_type=JSON).status_code == 404
    )
    bad = client_for(cast.hana).post(f"{API}/pairing-rounds", {"kind": "x"}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "kind"
    assert PairingRound.objects.count() == 1


def _talent(client_for: ClientFor, cast: Cast) -> dict[str, object]:
    response = client_for(cast.hana).get(f"{API}/talent-exported")
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def test_talent_exported_manager_with_four_reports_is_only_in_a_withheld_group(
    cast: Cast, client_for: ClientFor
) -> None:
    _reports(cast, 3)  # Maya: Ada and three more, four reports
    _walk(cast.ada, cast.hana, _hr_opp(cast), [S.SHORTLISTED, S.OFFERED, S.ACCEPTED])
    data = _talent(client_for, cast)
    assert data["min_group"] == 5 and data["rows"] == []
    # Maya's four and Dora's one: five people in the small-teams group, shown only as a group.
    small = data["small"]
    assert small is not None and small["manager"] is None  # type: ignore[index]
    assert (small["reports"], small["moved"]) == (5, 1)  # type: ignore[index]
    assert "Maya" not in str(data)


def test_talent_exported_group_of_four_people_is_withheld(
    cast: Cast, client_for: ClientFor
) -> None:
    _reports(cast, 2)  # Maya: three reports; with Dora's one, four people in the group
    _walk(cast.ada, cast.hana, _hr_opp(cast), [S.SHORTLISTED, S.OFFERED, S.ACCEPTED])
    data = _talent(client_for, cast)
    assert data["rows"] == [] and data["small"] is None


def test_talent_exported_manager_with_five_reports_is_shown(
    cast: Cast, client_for: ClientFor
) -> None:
    _reports(cast, 4)  # Maya: five reports
    _walk(cast.ada, cast.hana, _hr_opp(cast), [S.SHORTLISTED, S.OFFERED, S.ACCEPTED])
    data = _talent(client_for, cast)
    [row] = data["rows"]  # type: ignore[misc]
    assert (row["manager"], row["manager_name"], row["reports"]) == (
        cast.maya.pk, "Maya Manager", 5,
    )  # fmt: skip
    assert (row["applied"], row["offered"], row["moved"]) == (1, 1, 1)
    # Dora's one report is a group of one person: withheld, not shown with zeros.
    assert data["small"] is None
    for person in (cast.ada, cast.maya, cast.dora, cast.otto):
        assert client_for(person).get(f"{API}/talent-exported").status_code == 404
