"""The org chart explorer in a browser: open, expand and collapse with htmx, search and reopen."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def _toggle(lines, name: str):  # type: ignore[no-untyped-def]
    """The expand/collapse control of the person called ``name`` (not of anyone above them)."""
    node = lines.locator(f'li:has(> .who > a:text-is("{name}"))')
    return node.locator(":scope > details > summary")


def test_explore_the_chart_and_open_it_at_someone(page, live_server, e2e_cast: Cast) -> None:
    login(page, live_server, "otto")
    page.goto(f"{live_server.url}/org/")
    lines = page.locator("#reporting-lines")
    assert lines.locator('[aria-current="true"]').inner_text().startswith("Otto Outsider")
    assert lines.get_by_role("link", name="Maya Manager").count() == 0

    _toggle(lines, "Dora Director").click()  # loads Dora's reports on demand
    maya = lines.get_by_role("link", name="Maya Manager")
    maya.wait_for()
    _toggle(lines, "Maya Manager").click()
    lines.get_by_role("link", name="Ada Lovelace").wait_for()
    _toggle(lines, "Dora Director").click()  # collapse
    assert not maya.is_visible()

    units = page.locator("#units")
    units.locator("summary").first.click()
    units.get_by_role("link", name="Engineering").wait_for()
    assert "3 people" in units.inner_text()

    page.get_by_label("Find a person").fill("Lovelace")
    page.get_by_role("button", name="Find").click()
    page.locator("#matches").get_by_role("link", name="Ada Lovelace").click()
    page.wait_for_url(f"{live_server.url}/org/?person={e2e_cast.ada.pk}")
    focus = page.locator('#reporting-lines [aria-current="true"]')
    assert focus.inner_text().startswith("Ada Lovelace")
    assert page.locator("#reporting-lines").get_by_role("link", name="Maya Manager").is_visible()
