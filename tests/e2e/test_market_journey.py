"""The marketplace journeys in a real browser (issue 8, "Done means")."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login, settle_long_work

pytestmark = pytest.mark.e2e


def _gig(cast: Cast):  # type: ignore[no-untyped-def]
    from trellis.market import services
    from trellis.market.models import Kind
    from trellis.market.services import SkillNeed
    from trellis.org.access import viewer_for

    maya = viewer_for(cast.maya.user)
    opp = services.opportunity_create(
        viewer=maya,
        kind=Kind.GIG,
        title="Storage metrics dashboard",
        unit=cast.team,
        hours_per_week=4,
        skills=[SkillNeed(cast.python, 3, 5), SkillNeed(cast.sql, 3, 3)],
    )
    return services.opportunity_publish(viewer=maya, opp=opp)


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log out").click()


def test_opt_in_for_you_interest_shortlist_offer_accept(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    from trellis.market.models import Interest

    opp = _gig(e2e_cast)
    base = live_server.url
    login(page, live_server, "ada")
    page.goto(f"{base}/market/opt-in/")
    page.get_by_label("Let opportunity owners and HR find me in the marketplace").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("You are in the marketplace.").wait_for()

    page.goto(f"{base}/market/for-you/")
    card = page.get_by_role("article", name="Storage metrics dashboard")
    assert card.get_by_text("Met: Python (4 of 3)").is_visible()
    assert card.get_by_text("Partly met: SQL — level 2, needs 3 (1 to go)").is_visible()
    card.get_by_role("button", name="Add “Learn SQL” to my map").click()
    page.get_by_text("“Learn SQL” is on your career map.").wait_for()

    card.get_by_role("link", name="Storage metrics dashboard").click()
    page.get_by_label("Apply right away").check()
    page.get_by_role("button", name="Express interest").click()
    page.locator("#interest-status", has_text="Applied").wait_for()
    interest_url = page.url
    _logout(page)

    login(page, live_server, "maya")
    page.goto(interest_url)
    page.get_by_role("button", name="Shortlist").click()
    page.locator("#interest-status", has_text="Shortlisted").wait_for()
    page.get_by_role("button", name="Make an offer").click()
    page.locator("#interest-status", has_text="Offered").wait_for()
    _logout(page)

    login(page, live_server, "ada")
    page.goto(interest_url)
    page.get_by_role("button", name="Accept the offer").click()
    page.locator("#interest-status", has_text="Accepted").wait_for()
    assert Interest.objects.get(opportunity=opp).events.count() == 4


def test_hr_runs_and_publishes_a_round_on_demo_data(page, live_server, transactional_db) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    from trellis.market.demo import market_demo_generate
    from trellis.market.models import Interest, Round
    from trellis.skills.demo import demo_generate

    demo_generate(people=150, seed=5)
    market_demo_generate(seed=5)
    hr = User.objects.filter(groups__name="HR partners").first()
    assert hr is not None
    hr.set_password("correct-horse-battery-staple")
    hr.save()
    login(page, live_server, hr.username)
    page.goto(f"{live_server.url}/market/rounds/new/?kind=gig")
    page.get_by_label("Name").fill("Quarterly gigs")
    page.get_by_role("button", name="Preview preferences").click()
    page.get_by_text("Opportunities' lists").wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Run the round").click()
    settle_long_work(page)
    page.locator("#blocking", has_text="Blocking pairs: 0").wait_for()
    offers_before = Interest.objects.filter(status="offered").count()
    page.get_by_role("button", name="Publish as offers").click()
    page.get_by_text("offers published").wait_for()
    rnd = Round.objects.get()
    assert rnd.status == "published"
    assert Interest.objects.filter(status="offered").count() >= offers_before + 1
