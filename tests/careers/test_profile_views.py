from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.careers.conftest import PRIVATE_MARKERS, ROLES
from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.models import CareerProfile, Visibility
from trellis.org.models import AuditEvent


@pytest.mark.parametrize("role", ROLES)
def test_overview_per_role(filled: Cast, client_for: ClientFor, role: str) -> None:
    response = client_for(getattr(filled, role)).get(
        reverse("careers:overview", args=[filled.ada.pk])
    )
    if role == "otto":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Builds storage engines" in html
    for marker in PRIVATE_MARKERS:
        assert (marker in html) == (role == "ada")


def test_reading_someone_elses_profile_is_audited(filled: Cast, client_for: ClientFor) -> None:
    client_for(filled.maya).get(reverse("careers:overview", args=[filled.ada.pk]))
    event = AuditEvent.objects.get(action="careers.read")
    assert event.detail == {"page": "overview", "via": "web"}
    assert event.actor == filled.maya.user


def test_everyone_section_opens_the_page_to_an_outsider(
    filled: Cast, client_for: ClientFor
) -> None:
    services.profile_set_visibility(
        actor=filled.ada.user, person=filled.ada, visibility={"interests": Visibility.EVERYONE}
    )
    html = (
        client_for(filled.otto)
        .get(reverse("careers:overview", args=[filled.ada.pk]))
        .content.decode()
    )
    assert "Chess" in html
    assert "Builds storage engines" not in html


def test_previews_show_what_each_audience_sees(filled: Cast, client_for: ClientFor) -> None:
    services.profile_set_visibility(
        actor=filled.ada.user, person=filled.ada, visibility={"strengths": Visibility.MARKETPLACE}
    )
    client = client_for(filled.ada)
    url = reverse("careers:overview", args=[filled.ada.pk])
    manager = client.get(url, {"as": "manager"}).content.decode()
    market = client.get(url, {"as": "marketplace"}).content.decode()
    assert "Builds storage engines" in manager and "SECRET-SWOT" not in manager
    assert "Debugging" in market and "Builds storage engines" not in market
    assert client_for(filled.maya).get(url, {"as": "manager"}).status_code == 404


def test_guided_profile_saves_skips_and_finishes(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    assert client.get(reverse("careers:mine"))["Location"] == reverse(
        "careers:onboarding", args=[1]
    )
    page = client.get(reverse("careers:onboarding", args=[1])).content.decode()
    assert "Step 1 of 6" in page and 'aria-valuenow="1"' in page
    response = client.post(
        reverse("careers:onboarding", args=[1]),
        {"summary": "Me", "known_for": "", "want_known_for": ""},
    )
    assert response["Location"] == reverse("careers:onboarding", args=[2])
    response = client.post(reverse("careers:onboarding", args=[2]), {"skip": "1"})
    assert response["Location"] == reverse("careers:onboarding", args=[3])
    assert client.get(reverse("careers:mine"))["Location"] == reverse(
        "careers:onboarding", args=[3]
    )
    response = client.post(reverse("careers:onboarding", args=[6]), {"skip": "1"})
    assert response["Location"] == reverse("careers:overview", args=[cast.ada.pk])
    profile = CareerProfile.objects.get(person=cast.ada)
    assert profile.summary == "Me" and profile.onboarding_done


def test_edit_keeps_input_and_names_the_error(cast: Cast, client_for: ClientFor) -> None:
    url = reverse("careers:profile_edit", args=[cast.ada.pk])
    response = client_for(cast.ada).post(
        url,
        {
            "summary": "x" * 2001,
            "motivators": "kept text",
            "track_preference": "either",
            "project_hours": "3",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2001)." in html
    assert "kept text" in html
    assert 'maxlength="2000"' in html and "data-counter" in html
    assert not CareerProfile.objects.filter(person=cast.ada, motivators="kept text").exists()


def test_html_is_escaped(cast: Cast, client_for: ClientFor) -> None:
    services.profile_update(
        actor=cast.ada.user, person=cast.ada, data={"summary": "<script>alert(1)</script>"}
    )
    html = (
        client_for(cast.maya).get(reverse("careers:overview", args=[cast.ada.pk])).content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("role", ["maya", "hana", "alex", "otto"])
def test_only_the_owner_edits(cast: Cast, client_for: ClientFor, role: str) -> None:
    client = client_for(getattr(cast, role))
    for name in ("profile_edit", "visibility"):
        assert client.get(reverse(f"careers:{name}", args=[cast.ada.pk])).status_code == 404
    response = client.post(reverse("careers:visibility", args=[cast.ada.pk]), {"swot": "everyone"})
    assert response.status_code == 404


def test_visibility_form_saves_and_audits(cast: Cast, client_for: ClientFor) -> None:
    data = dict.fromkeys(CareerProfile().visibility, "manager")
    data["swot"] = "everyone"
    response = client_for(cast.ada).post(reverse("careers:visibility", args=[cast.ada.pk]), data)
    assert response.status_code == 302
    assert CareerProfile.objects.get(person=cast.ada).visibility_of("swot") == "everyone"
    assert AuditEvent.objects.filter(action="careers.visibility.update").count() == 1


def test_overview_query_count_is_constant(
    filled: Cast, client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(filled.maya)
    url = reverse("careers:overview", args=[filled.ada.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_anonymous_is_sent_to_login(cast: Cast, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("careers:overview", args=[cast.ada.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
