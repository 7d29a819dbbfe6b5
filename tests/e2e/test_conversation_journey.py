"""A manager prepares and logs a conversation; the employee takes it into her career.

The marketplace does not exist yet, so the push item links a role (Senior Software
Engineer) instead of an opportunity.
"""

from __future__ import annotations

import importlib

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login
from trellis.careers.models import CareerProfile
from trellis.talks.models import Conversation, SpurQuestion

pytestmark = pytest.mark.e2e


def _ensure_guide() -> None:
    # Transactional tests flush the seeded guide between tests; put it back.
    if not SpurQuestion.objects.exists():
        seed = importlib.import_module("trellis.talks.migrations.0002_seed_guide")
        SpurQuestion.objects.bulk_create(
            SpurQuestion(area=a, kind=k, stance=s, category=c, text=t)
            for a, k, s, c, t in seed.GUIDE
        )


def test_manager_logs_conversation_employee_accepts(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    _ensure_guide()
    ada = e2e_cast.ada
    login(page, live_server, "maya")
    page.goto(f"{live_server.url}/talks/with/{ada.pk}/prep/")
    interests = page.locator('.piece[data-category="interests"]')
    assert "missing" in interests.inner_text().lower()
    suggested = page.locator("ul.suggested li")
    assert suggested.count() > 0
    assert "?" in suggested.first.inner_text()

    page.get_by_role("link", name="Log a conversation").first.click()
    page.wait_for_url(f"{live_server.url}/talks/with/{ada.pk}/new/")
    page.get_by_label("Kind").select_option("informal")
    page.get_by_label("Summary").fill("Corridor chat after the demo.")
    page.locator('[name="item-0-kind"]').select_option("pull:interests")
    page.locator('[name="item-0-text"]').fill("Bouldering on weekends")
    page.locator('[name="item-1-kind"]').select_option("pull:learning")
    page.locator('[name="item-1-text"]').fill("Wants to learn Rust")
    page.get_by_role("button", name="Add item").click()
    page.locator('[name="item-2-text"]').wait_for()
    page.locator('[name="item-2-kind"]').select_option("push:paths")
    page.locator('[name="item-2-text"]').fill("Senior engineer path in a year")
    page.locator('[name="item-2-role"]').select_option(str(e2e_cast.senior_engineer.pk))
    page.locator('[name="fu-0-text"]').fill("Pick a Rust course")
    page.locator('[name="fu-0-owner"]').select_option("them")
    page.locator('[name="fu-0-due"]').fill("2031-03-01")
    page.get_by_role("button", name="Save conversation").click()
    page.wait_for_url(f"{live_server.url}/talks/*/")
    assert page.get_by_text("Conversation with Ada Lovelace saved.").is_visible()
    conversation = Conversation.objects.get()
    assert conversation.items.count() == 3
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/talks/")
    assert page.get_by_text("Pick a Rust course").is_visible()  # her follow-up
    page.get_by_role("link", name=conversation.when.strftime("%-d %b %Y")).click()
    page.get_by_role("button", name="Accept “Bouldering on weekends” into my career").click()
    page.wait_for_url("**#item-*")
    assert page.get_by_text("Item added to your career.").is_visible()
    assert page.get_by_role("link", name="Senior Software Engineer").is_visible()
    assert CareerProfile.objects.get(person=ada).interests == "Bouldering on weekends"

    page.goto(f"{live_server.url}/career/{ada.pk}/map/")
    assert page.get_by_text("Pick a Rust course").is_visible()
