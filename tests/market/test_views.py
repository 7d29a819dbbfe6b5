from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.careers.models import Action
from trellis.market import cache, services
from trellis.market.models import Interest, InterestStatus, Opportunity
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill


def test_feed_lists_open_newest_first_with_few_queries(cast: Cast, client_for: ClientFor) -> None:
    for n in range(5):
        make_opportunity(cast, title=f"Gig {n}")
    make_opportunity(cast, title="Hidden draft", publish=False)
    client = client_for(cast.otto)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("market:feed"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Gig 4") < body.index("Gig 0")
    assert "Hidden draft" not in body
    assert len(ctx.captured_queries) <= 10  # session, user, viewer, count, page: not per row
    assert "Gig 3" in client.get(reverse("market:feed"), {"kind": "gig", "q": "3"}).content.decode()
    assert "Gig 3" not in client.get(reverse("market:feed"), {"kind": "role"}).content.decode()


def test_draft_is_refused_to_others(cast: Cast, client_for: ClientFor) -> None:
    draft = make_opportunity(cast, publish=False)
    assert client_for(cast.otto).get(reverse("market:detail", args=[draft.pk])).status_code == 404
    assert client_for(cast.maya).get(reverse("market:detail", args=[draft.pk])).status_code == 200


def test_post_form_keeps_input_and_reports_specific_errors(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.maya)
    data = {
        "kind": "gig",
        "title": "Typed title",
        "unit": cast.team.pk,
        "capacity": 0,
        "hours_per_week": 4,
        "min_months_in_role": 0,
        "remote": "on",
        "start_date": "2025-05-02",
        "end_date": "2025-05-01",
        "skills-TOTAL_FORMS": 1,
        "skills-INITIAL_FORMS": 0,
        "skills-0-min_level": 3,
        "skills-0-weight": 3,
    }
    response = client.post(reverse("market:new"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Typed title" in body
    assert "An opportunity needs at least one seat." in body
    assert "The end date must not be before the start date." in body
    data.update({"capacity": 1, "end_date": "2025-06-01"})
    body = client.post(reverse("market:new"), data).content.decode()
    assert "A gig needs at least one skill (or a linked role)." in body
    data.update({"skills-0-skill": cast.python.pk, "skills-0-required": "on", "publish": "on"})
    response = client.post(reverse("market:new"), data)
    assert response.status_code == 302
    opp = Opportunity.objects.get(title="Typed title")
    assert opp.owner == cast.maya and opp.status == "open"


def test_posting_refused_to_employee_and_other_units(cast: Cast, client_for: ClientFor) -> None:
    assert client_for(cast.ada).get(reverse("market:new")).status_code == 404
    data = {
        "kind": "stretch",
        "title": "x",
        "unit": cast.other_team.pk,
        "capacity": 1,
        "hours_per_week": 0,
        "min_months_in_role": 0,
        "skills-TOTAL_FORMS": 0,
        "skills-INITIAL_FORMS": 0,
    }
    response = client_for(cast.maya).post(reverse("market:new"), data)
    assert response.status_code == 400
    assert not Opportunity.objects.exists()


def test_for_you_lists_nothing_without_matching_skills(
    cast: Cast, client_for: ClientFor, opp: Opportunity
) -> None:
    body = client_for(cast.otto).get(reverse("market:for_you")).content.decode()
    assert "Nothing fits you right now" in body


def test_for_you_for_ada(cast: Cast, client_for: ClientFor, opp: Opportunity) -> None:
    body = client_for(cast.ada).get(reverse("market:for_you")).content.decode()
    assert "Storage metrics dashboard" in body
    assert "Met: Python (4 of 3)" in body
    assert "Partly met: SQL — level 2, needs 3 (1 to go)" in body
    assert "Growth: SQL" in body
    response = client_for(cast.ada).post(
        reverse("market:learn", args=[cast.sql.pk]), {"opportunity": opp.pk}, HTTP_HX_REQUEST="true"
    )
    assert "is on your career map" in response.content.decode()
    assert Action.objects.get().title == "Learn SQL"


def test_for_you_cache_refreshes_when_skills_change(
    cast: Cast, client_for: ClientFor, opp: Opportunity
) -> None:
    client = client_for(cast.otto)
    assert "Storage metrics" not in client.get(reverse("market:for_you")).content.decode()
    first = cache.market_data()
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=5)
    assert "Storage metrics" in client.get(reverse("market:for_you")).content.decode()
    assert cache.market_data() is not first
    assert cache.market_data() is cache.market_data()


def test_interest_pages_and_refusals(cast: Cast, client_for: ClientFor, opp: Opportunity) -> None:
    ada = client_for(cast.ada)
    response = ada.post(reverse("market:express", args=[opp.pk]), {"apply": "on"})
    interest = Interest.objects.get()
    assert response.status_code == 302 and interest.status == InterestStatus.APPLIED
    response = ada.post(reverse("market:express", args=[opp.pk]), follow=True)
    assert "You have already expressed interest in this opportunity." in response.content.decode()
    url = reverse("market:interest", args=[interest.pk])
    assert client_for(cast.otto).get(url).status_code == 404
    assert (
        client_for(cast.otto)
        .post(reverse("market:move", args=[interest.pk]), {"to": "withdrawn"})
        .status_code
        == 404
    )
    maya = client_for(cast.maya)
    assert "Shortlist" in maya.get(url).content.decode()
    maya.post(reverse("market:move", args=[interest.pk]), {"to": "shortlisted"})
    interest.refresh_from_db()
    assert interest.status == InterestStatus.SHORTLISTED


def test_candidates_only_opted_in_and_owner_of_other_unit_refused(
    cast: Cast, client_for: ClientFor, opp: Opportunity
) -> None:
    url = reverse("market:candidates", args=[opp.pk])
    assert client_for(cast.otto).get(url).status_code == 404
    assert client_for(cast.ada).get(url).status_code == 404
    body = client_for(cast.maya).get(url).content.decode()
    assert "Ada Lovelace" not in body  # not opted in yet
    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    body = client_for(cast.hana).get(url).content.decode()
    assert "Ada Lovelace" in body and "Met: Python" in body
    response = client_for(cast.hana).post(reverse("market:invite", args=[opp.pk, cast.ada.pk]))
    assert response.status_code == 302
    assert Interest.objects.get().status == InterestStatus.INVITED


def test_candidates_filter_ready_now(
    cast: Cast, client_for: ClientFor, opp: Opportunity, opted_in: None
) -> None:
    url = reverse("market:candidates", args=[opp.pk])
    assert "Ada Lovelace" in client_for(cast.maya).get(url, {"ready": "growth"}).content.decode()
    assert "Ada Lovelace" not in client_for(cast.maya).get(url, {"ready": "now"}).content.decode()


def test_opt_in_page(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    assert client.get(reverse("market:opt_in")).status_code == 200
    client.post(
        reverse("market:opt_in"), {"opted_in": "on", "digest": "daily", "mentor_capacity": 0}
    )
    assert cast.ada.market.opted_in and cast.ada.market.digest == "daily"
    response = client.post(reverse("market:opt_in"), {"digest": "hourly", "mentor_capacity": 0})
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["rounds", "round_new", "hoarding", "pairing"])
def test_hr_pages_refused_to_others(cast: Cast, client_for: ClientFor, name: str) -> None:
    assert client_for(cast.maya).get(reverse(f"market:{name}")).status_code == 404
    assert client_for(cast.otto).get(reverse(f"market:{name}")).status_code == 404
    assert client_for(cast.hana).get(reverse(f"market:{name}")).status_code == 200


def test_closed_opportunity_refuses_interest_with_a_clear_message(
    cast: Cast, client_for: ClientFor, opp: Opportunity
) -> None:
    services.opportunity_close(viewer=viewer_for(cast.maya.user), opp=opp)
    client = client_for(cast.ada)
    response = client.post(reverse("market:express", args=[opp.pk]), {"apply": "on"}, follow=True)
    assert "This opportunity is closed and no longer takes interest." in response.content.decode()
    response = client.post(
        f"/api/v1/market/opportunities/{opp.pk}/interest", {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "This opportunity is closed and no longer takes interest."}
    assert not Interest.objects.exists()


def test_confidential_interest_stays_off_the_managers_pages_until_shortlisted(
    cast: Cast, client_for: ClientFor
) -> None:
    opp = make_opportunity(cast, publish=False)
    opp.owner = cast.hana
    opp.save()
    services.opportunity_publish(viewer=viewer_for(cast.hana.user), opp=opp)
    # Followed, so that Ada's own confirmation is shown to her, not left for the next login.
    client_for(cast.ada).post(
        reverse("market:express", args=[opp.pk]),
        {"apply": "on", "confidential": "on"},
        follow=True,
    )
    interest = Interest.objects.get()
    assert interest.confidential and interest.status == InterestStatus.APPLIED
    url = reverse("market:interest", args=[interest.pk])
    for boss in (cast.maya, cast.dora):
        client = client_for(boss)
        assert client.get(url).status_code == 404
        assert (
            "Storage metrics dashboard" not in client.get(reverse("market:mine")).content.decode()
        )
    services.interest_move(
        viewer=viewer_for(cast.hana.user), interest=interest, to=InterestStatus.SHORTLISTED
    )
    client = client_for(cast.maya)
    assert client.get(url).status_code == 200
    assert "Storage metrics dashboard" in client.get(reverse("market:mine")).content.decode()
