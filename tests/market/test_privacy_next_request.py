"""Privacy changes act on the very next request, whatever the cached market bundle says.

Each test first shows the person (or opportunity) in a list, which builds the engine bundle,
then makes the change, then asks again at once. The bundle is left stale on purpose, as it
is in production while a rebuild runs in the background or in another web process: the
background rebuild is switched on and never finishes (``stale_bundle``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from trellis.careers import services as careers
from trellis.careers.models import Status
from trellis.market import cache, refresh, services
from trellis.market.models import Opportunity
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.org.privacy import personal_data_erase
from trellis.skills.models import PersonSkill

API = "/api/v1/market"


@pytest.fixture
def stale_bundle(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.TRELLIS_MARKET_BACKGROUND_REFRESH = True
    monkeypatch.setattr(refresh, "start", lambda rebuild: None)
    yield


def bundle_lists_as_opted_in(person: Person) -> bool:
    data = cache._cache["all"]
    return bool(data.state.opted_in[data.person_index[person.pk]])


def bundle_lists_as_open(opp: Opportunity) -> bool:
    return opp.pk in cache._cache["all"].opp_index


def candidate_names_web(client: Client, opp: Opportunity) -> str:
    response = client.get(reverse("market:candidates", args=[opp.pk]))
    assert response.status_code == 200
    return response.content.decode()


def candidates_api(client: Client, opp: Opportunity) -> Any:
    response = client.get(f"{API}/opportunities/{opp.pk}/candidates")
    assert response.status_code == 200
    return response.json()


def test_opting_out_leaves_the_candidate_lists_at_once(
    cast: Cast, opp: Opportunity, opted_in: None, stale_bundle: None, client_for: ClientFor
) -> None:
    maya = client_for(cast.maya)
    assert "Ada Lovelace" in candidate_names_web(maya, opp)
    assert "Ada Lovelace" in [c["name"] for c in candidates_api(maya, opp)]

    ada = client_for(cast.ada)
    response = ada.post(reverse("market:opt_in"), {"digest": "weekly", "mentor_capacity": 0})
    assert response.status_code == 302
    maya = client_for(cast.maya)
    assert "Ada Lovelace" not in candidate_names_web(maya, opp)
    assert "Ada Lovelace" not in [c["name"] for c in candidates_api(maya, opp)]
    assert bundle_lists_as_opted_in(cast.ada)  # the bundle still says otherwise


def test_opting_out_leaves_people_to_talk_to_at_once(
    cast: Cast, opp: Opportunity, opted_in: None, stale_bundle: None, client_for: ClientFor
) -> None:
    """Ada's "For you" names Otto as someone to talk to about SQL, until he opts out."""
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=5)
    ada = client_for(cast.ada)
    assert "Otto Outsider</a>" in ada.get(reverse("market:for_you")).content.decode()
    services.opt_in_set(viewer=viewer_for(cast.otto.user), person=cast.otto, opted_in=False)
    assert "Otto Outsider" not in ada.get(reverse("market:for_you")).content.decode()
    assert bundle_lists_as_opted_in(cast.otto)


def test_a_section_made_private_leaves_the_candidate_lists_at_once(
    cast: Cast, opp: Opportunity, opted_in: None, stale_bundle: None, client_for: ClientFor
) -> None:
    me = viewer_for(cast.ada.user).user
    careers.profile_update(actor=me, person=cast.ada, data={"summary": "I build storage."})
    careers.goal_create(
        actor=me,
        person=cast.ada,
        title="Senior",
        target_role=cast.senior_engineer,
        status=Status.ACTIVE,
    )
    careers.profile_set_visibility(
        actor=me, person=cast.ada, visibility={"summary": "marketplace", "map": "marketplace"}
    )
    maya = client_for(cast.maya)
    page = candidate_names_web(maya, opp)
    assert "I build storage." in page and "Toward your target role Senior Software Engineer" in page
    (shown,) = [c for c in candidates_api(maya, opp) if c["name"] == "Ada Lovelace"]
    assert shown["shared"] == {"Who I am": "I build storage."}
    assert [t["role"] for t in shown["target_roles"]] == ["Senior Software Engineer"]

    ada = client_for(cast.ada)
    response = ada.put(
        "/api/v1/careers/me/visibility",
        {"summary": "private", "map": "manager"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    maya = client_for(cast.maya)
    page = candidate_names_web(maya, opp)
    assert "Ada Lovelace" in page
    assert "I build storage." not in page and "Senior Software Engineer" not in page
    (shown,) = [c for c in candidates_api(maya, opp) if c["name"] == "Ada Lovelace"]
    assert shown["shared"] == {} and shown["target_roles"] == []


def test_closing_an_opportunity_leaves_for_you_at_once(
    cast: Cast, opp: Opportunity, opted_in: None, stale_bundle: None, client_for: ClientFor
) -> None:
    ada = client_for(cast.ada)
    assert opp.title in ada.get(reverse("market:for_you")).content.decode()
    assert [r["opportunity"] for r in ada.get(f"{API}/recommendations").json()["items"]] == [opp.pk]

    maya = client_for(cast.maya)
    response = maya.post(f"{API}/opportunities/{opp.pk}/status/close")
    assert response.json()["status"] == "closed"
    ada = client_for(cast.ada)
    assert opp.title not in ada.get(reverse("market:for_you")).content.decode()
    assert ada.get(f"{API}/recommendations").json()["items"] == []
    # Its owner's candidate search is empty too: it no longer takes people.
    maya = client_for(cast.maya)
    assert "Ada Lovelace" not in candidate_names_web(maya, opp)
    assert candidates_api(maya, opp) == []
    assert bundle_lists_as_open(opp)


def test_a_passed_closing_date_leaves_for_you_at_once(
    cast: Cast, opp: Opportunity, opted_in: None, stale_bundle: None, client_for: ClientFor
) -> None:
    ada = client_for(cast.ada)
    assert opp.title in ada.get(reverse("market:for_you")).content.decode()
    yesterday = timezone.localdate() - timedelta(days=1)
    Opportunity.objects.filter(pk=opp.pk).update(closes_on=yesterday)
    assert opp.title not in ada.get(reverse("market:for_you")).content.decode()
    assert ada.get(f"{API}/recommendations").json()["items"] == []
    Opportunity.objects.filter(pk=opp.pk).update(closes_on=timezone.localdate())
    assert opp.title in ada.get(reverse("market:for_you")).content.decode()


def test_leaving_and_erasure_leave_the_candidate_lists_at_once(
    cast: Cast, opp: Opportunity, opted_in: None, stale_bundle: None, client_for: ClientFor
) -> None:
    name = "Ada Lovelace"
    maya = client_for(cast.maya)
    assert name in candidate_names_web(maya, opp)
    assert name in [c["name"] for c in candidates_api(maya, opp)]

    # Erasure starts with the person marked as having left; that alone must hide them.
    Person.objects.filter(pk=cast.ada.pk).update(is_active=False)
    assert name not in candidate_names_web(maya, opp)
    assert name not in [c["name"] for c in candidates_api(maya, opp)]

    cast.ada.refresh_from_db()
    personal_data_erase(actor=cast.alex.user, person=cast.ada)
    Person.objects.filter(pk=cast.ada.pk).update(is_active=True)  # even if rehired later
    page = candidate_names_web(maya, opp)
    assert name not in page and f"person {cast.ada.pk}" not in page
    shown = [c["person"] for c in candidates_api(maya, opp)]
    assert cast.ada.pk not in shown
    assert bundle_lists_as_opted_in(cast.ada)
