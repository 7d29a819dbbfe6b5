"""A manager prepares and logs a conversation; the employee takes it into her career.

The issue's "done means" journey: the prep sheet shows a missing piece with a suggested
question and an opportunity that fits; the manager logs an unplanned conversation with two
pull items, a push item linked to that opportunity and a follow-up; the employee accepts a
pull item into her profile, sees the opportunity as a link, and finds the follow-up on her
map. A second journey plans a conversation, answers the pre-work as the employee and marks
it held.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.utils import timezone

from tests.cast import Cast
from tests.e2e.conftest import login
from trellis.careers.models import CareerProfile
from trellis.market import cache
from trellis.market import services as market
from trellis.market.models import Kind, Opportunity
from trellis.market.services import SkillNeed
from trellis.org.access import viewer_for
from trellis.talks.models import Conversation, PreWork, SpurQuestion

pytestmark = pytest.mark.e2e


def _ensure_guide() -> None:
    # Transactional tests flush the seeded guide between tests; put it back.
    if not SpurQuestion.objects.exists():
        seed = importlib.import_module("trellis.talks.migrations.0002_seed_guide")
        SpurQuestion.objects.bulk_create(
            SpurQuestion(area=a, kind=k, stance=s, category=c, text=t)
            for a, k, s, c, t in seed.GUIDE
        )
    # The flushed database may reuse ids: the market's in-process cache must start afresh.
    cache.cache_clear()


def _gig(cast: Cast) -> Opportunity:
    maya = viewer_for(cast.maya.user)
    opp = market.opportunity_create(
        viewer=maya,
        kind=Kind.GIG,
        title="Storage metrics dashboard",
        unit=cast.team,
        skills=[SkillNeed(cast.python, 3, 5, True), SkillNeed(cast.sql, 3, 3, True)],
    )
    return market.opportunity_publish(viewer=maya, opp=opp)


def test_manager_logs_conversation_employee_accepts(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    _ensure_guide()
    gig = _gig(e2e_cast)
    ada = e2e_cast.ada
    login(page, live_server, "maya")
    page.goto(f"{live_server.url}/talks/with/{ada.pk}/prep/")
    interests = page.locator('.piece[data-category="interests"]')
    assert "missing" in interests.inner_text().lower()
    suggested = page.locator("ul.suggested li")
    assert suggested.count() > 0
    assert "?" in suggested.first.inner_text()
    offer = page.locator("li.opportunity", has_text="Storage metrics dashboard")
    assert "Would grow: SQL (2 of 3)" in offer.inner_text()

    # From the opportunity on the sheet to the log form, its push item already filled in.
    offer.get_by_role("link", name="Offer it in a conversation").click()
    page.wait_for_url(f"{live_server.url}/talks/with/{ada.pk}/new/?opportunity={gig.pk}")
    assert page.locator('[name="item-0-kind"]').input_value() == "push:opportunities"
    assert page.locator('[name="item-0-opportunity"]').input_value() == str(gig.pk)
    page.get_by_label("Kind").select_option("informal")
    page.get_by_label("Summary").fill("Corridor chat after the demo.")
    page.locator('[name="item-1-kind"]').select_option("pull:interests")
    page.locator('[name="item-1-text"]').fill("Bouldering on weekends")
    page.get_by_role("button", name="Add item").click()
    page.locator('[name="item-2-text"]').wait_for()
    page.locator('[name="item-2-kind"]').select_option("pull:learning")
    page.locator('[name="item-2-text"]').fill("Wants to learn Rust")
    page.locator('[name="fu-0-text"]').fill("Pick a Rust course")
    page.locator('[name="fu-0-owner"]').select_option("them")
    page.locator('[name="fu-0-due"]').fill("2031-03-01")
    page.get_by_role("button", name="Save conversation").click()
    page.wait_for_url(f"{live_server.url}/talks/*/")
    assert page.get_by_text("Conversation with Ada Lovelace saved.").is_visible()
    conversation = Conversation.objects.get()
    assert not conversation.planned
    assert sorted(conversation.items.values_list("direction", "category", "opportunity_id")) == [
        ("pull", "interests", None),
        ("pull", "learning", None),
        ("push", "opportunities", gig.pk),
    ]
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/talks/")
    assert page.get_by_text("Pick a Rust course").is_visible()  # her follow-up
    page.get_by_role("link", name=conversation.when.strftime("%-d %b %Y")).click()
    page.get_by_role("button", name="Accept “Bouldering on weekends” into my career").click()
    page.wait_for_url("**#item-*")
    assert page.get_by_text("Item added to your career.").is_visible()
    assert CareerProfile.objects.get(person=ada).interests == "Bouldering on weekends"
    page.get_by_role("link", name="Storage metrics dashboard").click()
    page.wait_for_url(f"{live_server.url}/market/{gig.pk}/")

    page.goto(f"{live_server.url}/career/{ada.pk}/map/")
    assert page.get_by_text("Pick a Rust course").is_visible()


def test_planned_conversation_with_prework(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    _ensure_guide()
    ada = e2e_cast.ada
    login(page, live_server, "maya")
    page.goto(f"{live_server.url}/talks/with/{ada.pk}/plan/")
    when = timezone.localtime() + dt.timedelta(days=3)
    page.get_by_label("When").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Kind").select_option("career_session")
    page.get_by_role("button", name="Plan it").click()
    page.wait_for_url(f"{live_server.url}/talks/*/")
    conversation = Conversation.objects.get()
    assert PreWork.objects.filter(conversation=conversation, person=ada).exists()
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/talks/{conversation.pk}/")
    page.get_by_role("link", name="Write a short plan before it").click()
    page.get_by_label("What do you enjoy most in your work").fill("Untangling slow queries")
    page.get_by_label("Which role could come next for you").fill("Database specialist")
    page.get_by_role("button", name="Save my plan").click()
    assert page.get_by_text("Your plan is saved.").is_visible()
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "maya")
    page.goto(f"{live_server.url}/talks/with/{ada.pk}/prep/")
    assert page.locator("section.prework").get_by_text("Untangling slow queries").is_visible()
    page.goto(f"{live_server.url}/talks/{conversation.pk}/")
    page.get_by_role("link", name="Fill in the notes and mark it held").click()
    page.get_by_label("Summary").fill("Talked through the database path.")
    page.get_by_role("button", name="Save and mark held").click()
    assert page.get_by_text("Conversation with Ada Lovelace marked as held.").is_visible()
    conversation.refresh_from_db()
    assert (conversation.status, conversation.planned) == ("held", True)
