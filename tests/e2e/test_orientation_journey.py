"""Orientation: HR writes a page for new joiners; a new joiner reads it from her home page and
ticks her checklist; her manager sees how far she is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.cast import Cast
from tests.e2e.conftest import login
from trellis.org.models import Person

pytestmark = pytest.mark.e2e


def test_new_joiner_orientation(page, live_server, e2e_cast: Cast) -> None:
    Person.objects.filter(pk=e2e_cast.ada.pk).update(
        hire_date=timezone.localdate() - dt.timedelta(days=5)
    )
    login(page, live_server, "hana")
    page.goto(f"{live_server.url}/orientation/")
    page.get_by_role("link", name="Write a page").click()
    page.get_by_label("Title").fill("How internal mobility works")
    page.get_by_label("Body").fill("# After a year\n\nYou may apply after **12 months** in a role.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="How internal mobility works").wait_for()

    page.context.clear_cookies()
    login(page, live_server, "ada")
    card = page.get_by_role("region", name="Your first 90 days")
    assert "0 of 4 done" in card.inner_text()
    card.get_by_role("link", name="How internal mobility works").click()
    assert page.locator("article strong").inner_text() == "12 months"
    page.goto(f"{live_server.url}/")
    card.get_by_role("button", name="Mark “Read the internal mobility policy” as done").click()
    page.get_by_text("Marked as done.").wait_for()
    assert "1 of 4 done" in page.get_by_role("region", name="Your first 90 days").inner_text()

    page.context.clear_cookies()
    login(page, live_server, "maya")
    page.get_by_role("link", name="Orientation: 1 of 4 done").click()
    page.get_by_role("heading", name="Orientation of Ada Lovelace").wait_for()
