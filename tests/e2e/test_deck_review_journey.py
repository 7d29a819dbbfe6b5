"""Deck reviews in a real browser (issue 18, item 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log out").click()


def test_schedule_submit_review_and_read_the_answer_on_the_map(  # type: ignore[no-untyped-def]
    page, live_server, e2e_cast: Cast
) -> None:
    from django.utils import timezone

    from trellis.careers import services as careers

    cast = e2e_cast
    careers.profile_update(
        actor=cast.ada.user,
        person=cast.ada,
        data={"summary": "Builds storage engines", "weaknesses": "Private weakness"},
    )
    careers.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"weaknesses": "private"}
    )
    base = live_server.url
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()

    login(page, live_server, "maya")
    page.goto(f"{base}/career/reviews/")
    page.get_by_role("link", name="Schedule a deck review").click()
    page.get_by_label("Title").fill("Storage deck review")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Panel").select_option(label="Dora Director")
    page.get_by_label("People invited to present").select_option(label="Ada Lovelace")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_text("“Storage deck review” is scheduled; everyone is told.").wait_for()
    _logout(page)

    login(page, live_server, "ada")
    page.goto(f"{base}/career/reviews/")
    page.get_by_role("link", name="Storage deck review").click()
    page.get_by_role("link", name="Preview your deck as the panel will see it").click()
    page.get_by_text("Summary: Builds storage engines").wait_for()
    assert page.get_by_text("Private weakness").count() == 0
    page.get_by_role("button", name="Submit my deck to the panel").click()
    page.get_by_text("Your deck is with the panel.").wait_for()
    _logout(page)

    login(page, live_server, "dora")
    page.goto(f"{base}/career/reviews/")
    page.get_by_role("link", name="Storage deck review").click()
    page.get_by_role("link", name="Ada Lovelace").click()
    page.get_by_text("Summary: Builds storage engines").wait_for()
    assert page.get_by_text("Private weakness").count() == 0
    page.get_by_role("button", name="Send to Ada").click()
    page.get_by_role("alert").filter(has_text="This field is required").wait_for()
    page.get_by_label("Your comment or the help you offer").fill(
        "I can introduce you to the storage guild"
    )
    page.get_by_label("This is an offer of help").check()
    page.get_by_role("button", name="Send to Ada").click()
    page.get_by_text("Ada will read it on their map.").wait_for()
    _logout(page)

    login(page, live_server, "ada")
    page.goto(f"{base}/career/{cast.ada.pk}/map/")
    section = page.get_by_role("heading", name="From deck reviews")
    section.wait_for()
    page.get_by_text("I can introduce you to the storage guild").wait_for()
