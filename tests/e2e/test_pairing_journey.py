"""Pairing answered by both sides in a real browser (issue 18, item 8)."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log out").click()


def test_ask_for_a_mentor_left_out_told_why_accept_and_decline(  # type: ignore[no-untyped-def]
    page, live_server, e2e_cast: Cast
) -> None:
    from trellis.market import pairing_answers, services
    from trellis.market.models import MentorRequest, Pairing
    from trellis.org.access import viewer_for
    from trellis.skills.models import Skill

    cast = e2e_cast
    services.opt_in_set(
        viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True, mentor_capacity=1
    )
    go = Skill.objects.create(name="Go")
    pairing_answers.mentor_request_create(
        viewer=viewer_for(cast.dora.user), skill=go, goal="Write our CLI", hours_per_month=2
    )
    base = live_server.url

    login(page, live_server, "otto")
    page.goto(f"{base}/market/pairs/")
    page.get_by_role("link", name="Ask for a mentor").click()
    page.get_by_label("Skill you want a mentor in").select_option(label="Python")
    page.get_by_label("What you want to reach").fill("Automate my pipeline report")
    page.get_by_label("Hours a month").fill("0")
    page.get_by_role("button", name="Ask for a mentor").click()
    page.get_by_role("alert").filter(has_text="greater than or equal to 1").wait_for()
    page.get_by_label("Hours a month").fill("3")
    page.get_by_role("button", name="Ask for a mentor").click()
    page.get_by_text("You asked for a mentor in Python.").wait_for()
    _logout(page)

    login(page, live_server, "hana")
    page.goto(f"{base}/market/pairing/")
    page.get_by_label("Kind").select_option("mentor")
    page.get_by_role("button", name="Run a pairing round").click()
    page.get_by_text("Ada can help Otto with Python (4 vs 0)").wait_for()
    page.get_by_role("cell", name="No compatible partner across teams").wait_for()
    _logout(page)

    login(page, live_server, "dora")
    page.goto(f"{base}/market/pairs/")
    page.get_by_text("No mentor in another team with free seats knows Go").wait_for()
    _logout(page)

    login(page, live_server, "otto")
    page.goto(f"{base}/market/pairs/")
    pair = page.get_by_role("region", name="Pair with Ada Lovelace")
    pair.get_by_role("button", name="Accept").click()
    page.get_by_text("You accepted the pairing.").wait_for()
    _logout(page)

    login(page, live_server, "ada")
    page.goto(f"{base}/market/pairs/")
    pair = page.get_by_role("region", name="Pair with Otto Outsider")
    pair.get_by_role("button", name="Decline").click()
    page.get_by_text("Say why, so that the other side and HR understand.").wait_for()
    pair = page.get_by_role("region", name="Pair with Otto Outsider")
    pair.get_by_label("Why you decline").fill("I am away for two months")
    pair.get_by_role("button", name="Decline").click()
    page.get_by_text("You declined the pairing.").wait_for()
    page.get_by_text("“I am away for two months”").wait_for()
    assert Pairing.objects.get().status == "declined"
    # The decline frees Otto: his ask waits for the next round again.
    assert MentorRequest.objects.get(person=cast.otto).status == "open"
