"""The taxonomy browser in a browser: open groups level by level (htmx), read a skill's
facts, search and land on the match with the tree open above it."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def _tree(cast: Cast) -> None:
    from trellis.skills.models import Skill, SkillAlias

    top = Skill.objects.create(name="Skills", onet_id="2.A")
    basic = Skill.objects.create(name="Basic Skills", onet_id="2.A.1", parent=top)
    reading = Skill.objects.create(name="Reading Comprehension", onet_id="2.A.1.a", parent=basic)
    SkillAlias.objects.create(skill=reading, name="Understanding written sentences")
    Skill.objects.create(name="Writing", onet_id="2.A.1.c", parent=basic)


def _node(tree, name: str):  # type: ignore[no-untyped-def]
    return tree.locator(f'li:has(> a:text-is("{name}"))')


def test_browse_the_tree_then_search_opens_it_at_the_match(
    page, live_server, e2e_cast: Cast
) -> None:
    _tree(e2e_cast)
    login(page, live_server, "otto")
    page.goto(f"{live_server.url}/skills/")
    page.get_by_role("link", name="Browse the skill tree").click()
    tree = page.locator("#tree")
    assert tree.get_by_role("link", name="Basic Skills").count() == 0

    _node(tree, "Skills").locator(":scope > details.skill-below > summary").click()
    basic = tree.get_by_role("link", name="Basic Skills")
    basic.wait_for()
    _node(tree, "Basic Skills").locator(":scope > details.skill-below > summary").click()
    tree.get_by_role("link", name="Reading Comprehension").wait_for()
    reading = _node(tree, "Reading Comprehension")
    reading.locator(":scope > details.skill-facts > summary").click()
    reading.get_by_text("Understanding written sentences").wait_for()
    assert "O*NET 2.A.1.a" in reading.inner_text()
    _node(tree, "Skills").locator(":scope > details.skill-below > summary").click()  # collapse
    assert not basic.is_visible()

    page.get_by_label("Find a skill").fill("written sentences")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/skills/tree/?q=written+sentences")
    match = page.locator('#tree a[aria-current="true"]')
    assert match.inner_text() == "Reading Comprehension"
    assert match.is_visible()  # every group above it open
    # Its facts open with it (loaded as the page loads).
    page.locator("#tree").get_by_text("Understanding written sentences").wait_for()
    assert page.locator("#tree").get_by_role("link", name="Writing").is_visible()
