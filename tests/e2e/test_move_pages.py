"""Suggested moves on the role page and the lattice, in a real browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login
from tests.skills.test_move_pages import build_roles

pytestmark = pytest.mark.e2e


def _shots(tmp_path: Path) -> Path:
    # Set TRELLIS_SCREENSHOTS to keep the pictures for a look after the run.
    return Path(os.environ.get("TRELLIS_SCREENSHOTS", tmp_path))


def test_role_page_suggestions_render_and_hr_hides_one(
    page, live_server, e2e_cast: Cast, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    roles = build_roles(e2e_cast)
    login(page, live_server, "hana")
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/roles/{e2e_cast.engineer.pk}/")
    section = page.locator("#suggested-moves")
    assert page.get_by_role("heading", name="Roles like this one").is_visible()
    items = section.locator("li.suggested-move")
    assert items.count() == 6
    backend = section.locator(f'li.suggested-move[data-role-id="{roles["backend"].pk}"]')
    assert backend.get_by_text("Lateral move", exact=True).is_visible()
    assert backend.get_by_text(
        "Someone in Software Engineer already meets 1 of its 3 requirements (33% ready)."
    ).is_visible()
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(_shots(tmp_path) / "role-suggested-moves.png"))

    backend.get_by_role("button", name="Hide this suggestion").click()
    page.wait_for_url(f"**/roles/{e2e_cast.engineer.pk}/#suggested-moves")
    assert page.get_by_text(
        "Backend Software Developer is no longer suggested from Software Engineer."
    ).is_visible()
    assert section.locator(f'li.suggested-move[data-role-id="{roles["backend"].pk}"]').count() == 0
    section.get_by_text("Hidden suggestions (1)").click()
    assert section.get_by_role("button", name="Suggest again").is_visible()


def test_lattice_shows_suggested_edges_and_the_toggle_hides_them(
    page, live_server, e2e_cast: Cast, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    build_roles(e2e_cast)
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/roles/lattice/")
    svg = page.locator("svg.lattice")
    assert svg.locator("path.edge-suggested").count() > 0
    svg.screenshot(path=str(_shots(tmp_path) / "lattice-suggested.png"))
    page.get_by_role("link", name="Hide suggested moves").click()
    page.wait_for_url("**/roles/lattice/?suggested=0")
    assert page.locator("svg.lattice path.edge-suggested").count() == 0
    page.get_by_role("link", name="Show suggested moves too").click()
    assert page.locator("svg.lattice path.edge-suggested").count() > 0
