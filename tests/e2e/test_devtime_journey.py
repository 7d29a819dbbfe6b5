"""Development time: an employee logs hours and reads her year, month by month."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_log_time_and_read_the_year(page, live_server, e2e_cast: Cast) -> None:
    today = timezone.localdate()
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/career/{e2e_cast.ada.pk}/time/")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Hours").fill("3.5")
    page.get_by_label("Activity").fill("Capacity planning course")
    page.get_by_role("button", name="Log time").click()
    page.get_by_text("Time logged.").wait_for()
    page.get_by_role("link", name="The year, month by month").click()
    page.get_by_role("heading", name=f"Development time in {today.year}").wait_for()
    row = page.locator("#devtime-year").get_by_role("row", name=today.strftime("%B"))
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells == ["8 h", "3.5 h", "4.5 h"]
