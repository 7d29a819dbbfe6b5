"""Global search in the header: suggestions as you type, chosen with the keyboard."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_type_move_with_arrows_and_open_with_enter(page, live_server, e2e_cast: Cast) -> None:
    login(page, live_server, "otto")
    box = page.get_by_role("combobox", name="Search people, roles, skills, opportunities and pages")
    box.fill("lovelace")
    options = page.locator("#global-suggest [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.first.inner_text().startswith("Ada Lovelace")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "suggest-people-1"
    box.press("ArrowUp")  # wraps to the last option: all results
    assert box.get_attribute("aria-activedescendant") == "suggest-all"
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == f"{live_server.url}/people/{e2e_cast.ada.pk}/"

    box = page.get_by_role("combobox", name="Search people, roles, skills, opportunities and pages")
    box.fill("pyth")
    page.locator("#global-suggest [role=option]").first.wait_for()
    box.press("Escape")
    assert page.locator("#global-suggest [role=option]").count() == 0
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("pyth")  # a search field's Escape also empties it
    page.locator("#global-suggest [role=option]").first.wait_for()
    with page.expect_navigation():
        box.press("Enter")  # no option chosen: the full results page
    assert "/search/?q=pyth" in page.url
    assert page.locator("#results-skills").get_by_role("link", name="Python").is_visible()
