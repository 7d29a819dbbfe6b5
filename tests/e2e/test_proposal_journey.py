"""Proposals from the bottom up in a real browser (issue 18, item 11)."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_propose_changes_asked_revise_approve_becomes_a_project(  # type: ignore[no-untyped-def]
    page, live_server, e2e_cast: Cast
) -> None:
    from trellis.market.models import Proposal

    base = live_server.url
    login(page, live_server, "ada")
    page.goto(f"{base}/market/proposals/")
    page.get_by_role("link", name="Propose a project").click()
    page.get_by_label("Title").fill("Storage cost dashboard")
    page.get_by_label("Sponsor").select_option(label="Dora Director")
    page.get_by_label("The pain point").fill("Nobody sees what storage costs.")
    page.get_by_label("The proposed solution").fill("A weekly dashboard.")
    page.get_by_label("Skills it needs").select_option(label="Python")
    page.get_by_label("Skills it builds").select_option(label="SQL")
    page.get_by_label("Hours a week").fill("50")
    page.get_by_role("button", name="Send to the sponsor").click()
    # Out of bounds: refused on the field, nothing sent.
    page.get_by_role("alert").filter(has_text="less than or equal to 40").wait_for()
    page.get_by_label("Hours a week").fill("3")
    page.get_by_role("button", name="Send to the sponsor").click()
    page.get_by_text("“Storage cost dashboard” is with Dora Director.").wait_for()
    proposal_url = page.url
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "dora")
    page.goto(f"{base}/market/proposals/")
    page.get_by_role("link", name="Storage cost dashboard").click()
    page.get_by_label("Ask for changes").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_role("alert").filter(has_text="Say why").wait_for()
    page.get_by_label("Ask for changes").check()
    page.get_by_label("Your word to the proposer").fill("Say how you will measure it.")
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("Your answer is sent to Ada Lovelace.").wait_for()
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "ada")
    page.goto(proposal_url)
    page.get_by_text("Say how you will measure it.").wait_for()
    page.get_by_role("link", name="Revise it").click()
    page.get_by_label("The proposed solution").fill("A weekly dashboard; cost per terabyte.")
    page.get_by_role("button", name="Send the new version").click()
    page.get_by_text("Waiting for the sponsor").wait_for()
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "dora")
    page.goto(proposal_url)
    page.get_by_label("Approve: it becomes a project I own").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_role("link", name="Storage cost dashboard").last.click()
    page.get_by_role("heading", name="Storage cost dashboard").wait_for()
    page.get_by_text("Dora Director").first.wait_for()
    opp = Proposal.objects.get().opportunity
    assert opp is not None and opp.owner == e2e_cast.dora
    assert opp.interests.get().person == e2e_cast.ada
