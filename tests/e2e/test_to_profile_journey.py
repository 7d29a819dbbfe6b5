"""Push items reach the profile: Ada accepts a strength Maya observed, adds it to what she is
known for, visible to everyone, and finds it on her profile."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login
from tests.talks.helpers import log, push
from trellis.careers.models import CareerProfile

pytestmark = pytest.mark.e2e


def test_accept_a_strength_and_add_it_to_known_for(page, live_server, e2e_cast: Cast) -> None:
    c = log(e2e_cast.maya, e2e_cast.ada, items=[push("strengths_seen", "Calm in incidents")])
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/talks/{c.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept “Calm in incidents” into my career").click()
    page.get_by_label("Add to my profile:").select_option("known_for")
    page.get_by_label("visible to").select_option("everyone")
    with page.expect_navigation():
        page.get_by_role("button", name="Add", exact=True).click()
    assert page.get_by_text("On my profile").is_visible()
    profile = CareerProfile.objects.get(person=e2e_cast.ada)
    assert profile.known_for == "Calm in incidents"
    assert profile.visibility_of("known_for") == "everyone"
    page.goto(f"{live_server.url}/career/{e2e_cast.ada.pk}/")
    assert page.get_by_text("Calm in incidents").first.is_visible()
