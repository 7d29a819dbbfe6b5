"""Market routes the other tests only reached through the browser: each used by its owner
(HR for rounds) with the effect checked, and refused to others with the 404 of a missing id."""

from __future__ import annotations

from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from tests.market.test_round_seats import market_of_three
from trellis.market import rounds, services
from trellis.market.models import Opportunity, PairingRound
from trellis.market.pairing import pairing_run
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill

MISSING = 999_999


def _edit_form(cast: Cast, title: str) -> dict[str, object]:
    return {
        "kind": "gig",
        "title": title,
        "unit": cast.team.pk,
        "capacity": 2,
        "hours_per_week": 6,
        "min_months_in_role": 0,
        "skills-TOTAL_FORMS": 1,
        "skills-INITIAL_FORMS": 0,
        "skills-0-skill": cast.python.pk,
        "skills-0-min_level": 3,
        "skills-0-weight": 5,
        "skills-0-required": "on",
    }


def test_edit(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    url = reverse("market:edit", args=[opp.pk])
    data = _edit_form(cast, "Storage metrics, second take")
    for outsider in (cast.otto, cast.ada):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, data).status_code == 404
    opp.refresh_from_db()
    assert (opp.title, opp.capacity) == ("Storage metrics dashboard", 1)
    response = client_for(cast.maya).post(url, data)
    assert response.status_code == 302
    opp.refresh_from_db()
    assert (opp.title, opp.capacity, opp.hours_per_week) == ("Storage metrics, second take", 2, 6)
    assert list(opp.skills.values_list("skill_id", flat=True)) == [cast.python.pk]


def test_status(cast: Cast, client_for: ClientFor) -> None:
    draft = make_opportunity(cast, publish=False)
    publish = reverse("market:status", args=[draft.pk, "publish"])
    assert client_for(cast.otto).post(publish).status_code == 404
    assert client_for(cast.ada).post(publish).status_code == 404
    assert Opportunity.objects.get(pk=draft.pk).status == "draft"
    assert client_for(cast.maya).post(publish).status_code == 302
    assert Opportunity.objects.get(pk=draft.pk).status == "open"
    close = reverse("market:status", args=[draft.pk, "close"])
    assert client_for(cast.otto).post(close).status_code == 404
    assert Opportunity.objects.get(pk=draft.pk).status == "open"
    assert client_for(cast.hana).post(close).status_code == 302
    assert Opportunity.objects.get(pk=draft.pk).status == "closed"
    unknown = reverse("market:status", args=[draft.pk, "reopen"])
    assert client_for(cast.maya).post(unknown).status_code == 404


def test_rounds(cast: Cast, client_for: ClientFor) -> None:
    opp = market_of_three(cast)
    rounds.round_run(viewer=viewer_for(cast.hana.user), name="Q3 storage", opportunity_ids=[opp.pk])
    url = reverse("market:rounds")
    for hr in (cast.hana, cast.alex):
        response = client_for(hr).get(url)
        assert response.status_code == 200
        assert "Q3 storage" in response.content.decode()
    missing = client_for(cast.maya).get(reverse("market:round", args=[MISSING]))
    for refused in (cast.maya, cast.ada, cast.otto):
        response = client_for(refused).get(url)
        assert response.status_code == 404
        assert response.content == missing.content
        assert "Q3 storage" not in response.content.decode()


def test_pairing_round(cast: Cast, client_for: ClientFor) -> None:
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=4)
    for person in (cast.ada, cast.otto):
        services.opt_in_set(
            viewer=viewer_for(person.user), person=person, opted_in=True, wants_buddy=True
        )
    pr = pairing_run(viewer=viewer_for(cast.hana.user), kind="buddy")
    assert PairingRound.objects.filter(pk=pr.pk).exists()
    url = reverse("market:pairing_round", args=[pr.pk])
    response = client_for(cast.hana).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert cast.ada.full_name in body and cast.otto.full_name in body
    missing = client_for(cast.hana).get(reverse("market:pairing_round", args=[MISSING]))
    assert missing.status_code == 404
    # Even the people paired do not open HR's page: they read their pairs on their own page.
    for refused in (cast.ada, cast.otto, cast.maya):
        response = client_for(refused).get(url)
        assert response.status_code == 404
        assert response.content == missing.content
    mine = client_for(cast.ada).get(reverse("market:my_pairs"))
    assert cast.otto.full_name in mine.content.decode()
