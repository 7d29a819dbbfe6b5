"""The main navigation: one line at 1280 px, areas as menus, one menu open at a time."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_menus_fit_one_line_and_open_one_at_a_time(page, live_server, e2e_cast: Cast) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, live_server, "hana")
    nav = page.get_by_role("navigation", name="Main")
    summaries = nav.locator("summary")
    names = [summaries.nth(i).inner_text().strip() for i in range(summaries.count())]
    assert names == ["My career", "Opportunities", "People", "Career paths", "Talent"]
    tops = {round(summaries.nth(i).bounding_box()["y"]) for i in range(summaries.count())}
    assert len(tops) == 1, f"the navigation wraps: {tops}"

    people = nav.locator("details.menu", has_text="People")
    paths = nav.locator("details.menu", has_text="Career paths")
    people.locator("summary").click()
    directory = people.get_by_role("link", name="Directory")
    assert directory.is_visible()
    paths.locator("summary").click()
    assert paths.get_by_role("link", name="Skills").is_visible()
    assert not directory.is_visible()  # opening one menu closed the other
    page.keyboard.press("Escape")
    assert not paths.get_by_role("link", name="Skills").is_visible()

    people.locator("summary").click()
    directory.click()
    page.wait_for_url(f"{live_server.url}/people/")


def test_an_employee_has_no_talent_menu(page, live_server, e2e_cast: Cast) -> None:
    login(page, live_server, "ada")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.locator("summary", has_text="Talent").count() == 0
    nav.locator("summary", has_text="My career").click()
    nav.get_by_role("link", name="Notifications").click()
    page.wait_for_url(f"{live_server.url}/career/notifications/")
