"""The pulse: HR schedules one, an employee answers it from the home page and sees her answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_schedule_answer_and_see_own_answer(page, live_server, e2e_cast: Cast) -> None:
    today = timezone.localdate()
    login(page, live_server, "hana")
    page.goto(f"{live_server.url}/insights/pulse/")
    page.get_by_role("link", name="Schedule a pulse").click()
    page.get_by_label("Title").fill("Winter pulse")
    page.get_by_label("Opens on").fill(today.isoformat())
    page.get_by_label("Closes on").fill((today + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Your own questions (optional)").fill("My manager helps me grow")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_role("heading", name="Winter pulse").wait_for()
    assert "fewer than 5" in page.content()

    page.context.clear_cookies()
    login(page, live_server, "ada")
    page.get_by_role("link", name="Winter pulse").click()
    core = page.get_by_role("group", name="I believe I can reach my career goals")
    core.get_by_label("4").check()
    page.get_by_role("group", name="My manager helps me grow").get_by_label("5 completely").check()
    page.get_by_label("Comment (optional)").fill("A clearer path to senior")
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("Thank you: your answer is recorded.").wait_for()
    row = page.get_by_role("row", name="Winter pulse")
    assert "4 / 5" in row.inner_text() and "A clearer path to senior" in row.inner_text()
    assert "No pulse is waiting for your answer." in page.content()
