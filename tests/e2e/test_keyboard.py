"""The career map with the keyboard alone: reach the goal form by Tab, fill it, submit with
Enter, and see where the focus is at every step."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login
from trellis.careers.models import Goal

pytestmark = pytest.mark.e2e

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {id: el.id, tag: el.tagName, text: (el.innerText || "").trim().slice(0, 40),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0};
}"""


def _tab_to(page, target: str, limit: int = 200) -> dict:  # type: ignore[no-untyped-def]
    """Press Tab until the element with this id (or this text) has the focus; each stop on the
    way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        assert focused is not None, "the focus left the page"
        assert focused["outline"], f"no visible focus on {focused}"
        if target in (focused["id"], focused["text"]):
            return focused
    raise AssertionError(f"{target} not reached with {limit} presses of Tab")


def test_add_a_goal_to_the_career_map_with_the_keyboard_only(
    page, live_server, e2e_cast: Cast
) -> None:
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/career/{e2e_cast.ada.pk}/map/")
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED)["text"] == "Skip to content"

    _tab_to(page, "id_title")
    page.keyboard.type("Lead a storage migration")
    _tab_to(page, "id_horizon")
    page.keyboard.press("ArrowDown")  # from short to long term
    _tab_to(page, "id_target_date")
    page.keyboard.type("06152027")
    _tab_to(page, "id_description")
    page.keyboard.type("Plan it, run it, hand it over.")
    _tab_to(page, "Add goal")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    goal = Goal.objects.get(person=e2e_cast.ada, title="Lead a storage migration")
    assert goal.description == "Plan it, run it, hand it over."
    assert goal.get_horizon_display().lower().startswith("long")
    assert str(goal.target_date) == "2027-06-15"
    assert page.get_by_role("heading", name="Lead a storage migration").is_visible()
