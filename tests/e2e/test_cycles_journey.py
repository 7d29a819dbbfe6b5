"""The review calendar: HR publishes a promotion round; an employee sees it on her home page
and her career map, and downloads her calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_publish_and_see_what_comes_next(page, live_server, e2e_cast: Cast) -> None:
    start = timezone.localdate() + dt.timedelta(days=12)
    login(page, live_server, "hana")
    page.goto(f"{live_server.url}/cycles/")
    page.get_by_role("link", name="Publish a cycle").click()
    page.get_by_label("Kind").select_option("promotion_round")
    page.get_by_label("Title").fill("Autumn promotions")
    page.get_by_label("Starts on").fill(start.isoformat())
    page.get_by_label("Ends on").fill((start + dt.timedelta(days=10)).isoformat())
    page.get_by_label("What is evaluated").fill("Scope and impact")
    page.get_by_label("Link to the criteria").fill("javascript:alert(1)")
    page.get_by_role("button", name="Publish").click()
    page.locator("#id_criteria_url-errors").wait_for()
    page.get_by_label("Link to the criteria").fill("https://wiki.example.com/promotions")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Cycle published.").wait_for()

    page.context.clear_cookies()
    login(page, live_server, "ada")
    next_up = page.get_by_role("region", name="What comes next")
    assert "Autumn promotions" in next_up.inner_text()
    assert next_up.get_by_role("link", name="how you are evaluated").get_attribute("href") == (
        "https://wiki.example.com/promotions"
    )
    with page.expect_download() as download:
        next_up.get_by_role("link", name="Add it to my calendar (.ics)").click()
    body = Path(download.value.path()).read_bytes()
    assert b"SUMMARY:Promotion round: Autumn promotions" in body
    page.goto(f"{live_server.url}/career/{e2e_cast.ada.pk}/map/")
    assert "Autumn promotions" in page.get_by_role("region", name="What comes next").inner_text()
