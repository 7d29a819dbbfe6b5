from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.market import rounds, services
from trellis.market.models import Interest, Opportunity
from trellis.org.access import viewer_for

READ_ONLY = [
    "marketplaceoptin",
    "interest",
    "round",
    "pairinground",
    "mentorrequest",
    "proposal",
]


def test_every_market_model_is_in_the_admin_or_inline() -> None:
    registered = {m._meta.model_name for m in admin.site._registry if m._meta.app_label == "market"}
    inline = {"opportunityskill", "interestevent", "roundassignment", "pairing", "pairingleftout"}
    labels = {m._meta.model_name for m in apps.get_app_config("market").get_models()}
    assert labels == registered | inline


@pytest.mark.parametrize(
    "model",
    [
        "opportunity",
        "marketpolicy",
        "marketplaceoptin",
        "interest",
        "round",
        "pairinground",
        "mentorrequest",
        "proposal",
    ],
)
def test_changelists_open_for_the_admin(cast: Cast, client_for: ClientFor, model: str) -> None:
    make_opportunity(cast)
    response = client_for(cast.alex).get(reverse(f"admin:market_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", READ_ONLY)
def test_records_of_choices_cannot_be_added(cast: Cast, client_for: ClientFor, model: str) -> None:
    assert client_for(cast.alex).get(reverse(f"admin:market_{model}_add")).status_code == 403


def test_interest_page_hides_the_note_and_cannot_be_changed(
    cast: Cast, client_for: ClientFor
) -> None:
    opp = make_opportunity(cast)
    interest = services.interest_express(
        viewer=viewer_for(cast.ada.user), opp=opp, note="Please keep this between us"
    )
    client = client_for(cast.alex)
    url = reverse("admin:market_interest_change", args=[interest.pk])
    body = client.get(url).content.decode()
    assert "Ada Lovelace" in body
    assert "Please keep this between us" not in body
    client.post(url, {"status": "accepted"})
    assert Interest.objects.get().status == "interested"


def test_opportunity_edits_people_by_raw_id(cast: Cast, client_for: ClientFor) -> None:
    opp = make_opportunity(cast)
    body = (
        client_for(cast.alex)
        .get(reverse("admin:market_opportunity_change", args=[opp.pk]))
        .content.decode()
    )
    assert 'name="owner" value="' in body and "vForeignKeyRawIdAdminField" in body
    assert Opportunity.objects.get().owner == cast.maya


def test_round_page_lists_assignments_not_the_packed_inputs(
    cast: Cast, client_for: ClientFor
) -> None:
    opp = make_opportunity(cast)
    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    rnd = rounds.round_run(viewer=viewer_for(cast.hana.user), name="R", opportunity_ids=[opp.pk])
    body = (
        client_for(cast.alex)
        .get(reverse("admin:market_round_change", args=[rnd.pk]))
        .content.decode()
    )
    assert 'name="preferences"' not in body and 'name="inputs"' not in body
    assert "Round assignments" in body


def test_career_profiles_stay_out_of_the_admin() -> None:
    from trellis.careers.models import CareerProfile

    assert CareerProfile not in admin.site._registry


def test_hr_partner_without_staff_status_is_sent_to_the_login(
    cast: Cast, client_for: ClientFor
) -> None:
    response = client_for(cast.hana).get(reverse("admin:market_interest_changelist"))
    assert response.status_code == 302
