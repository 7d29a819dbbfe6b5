from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login
from trellis.skills.models import RoleTransition, TransitionKind

pytestmark = pytest.mark.e2e


def test_lattice_nodes_are_drawn_and_a_click_opens_the_role(
    page, live_server, e2e_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    RoleTransition.objects.create(
        from_role=e2e_cast.engineer, to_role=e2e_cast.senior_engineer, kind=TransitionKind.PROMOTION
    )
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/roles/lattice/?target={e2e_cast.senior_engineer.pk}")
    svg = page.locator("svg.lattice")
    assert svg.is_visible()
    nodes = svg.locator("a.role-node")
    assert nodes.count() == 2
    assert svg.locator("path.edge-promotion").count() == 1
    current = svg.locator(f'a[data-role-id="{e2e_cast.engineer.pk}"]')
    assert "current role" in (current.get_attribute("aria-label") or "")
    svg.locator(f'a[data-role-id="{e2e_cast.senior_engineer.pk}"]').click()
    page.wait_for_url(f"{live_server.url}/roles/{e2e_cast.senior_engineer.pk}/")
    assert page.get_by_role("heading", name="Senior Software Engineer").is_visible()
    page.get_by_role("link", name="How far am I from this role?").click()
    # Wait for the gap page: is_visible() does not wait for the navigation to end.
    page.get_by_text("Readiness: 87.5 %").wait_for()
    assert page.get_by_text("Readiness: 87.5 %").is_visible()
