"""The people picker: Ada asks two colleagues for feedback without typing an e-mail, one
chosen with the keyboard and one with the mouse."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login
from trellis.talks.models import FeedbackRequest

pytestmark = pytest.mark.e2e


def test_ask_for_feedback_by_picking_people(page, live_server, e2e_cast: Cast) -> None:
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/talks/feedback/")
    box = page.get_by_role("combobox", name="Colleagues to ask")
    box.fill("mana")
    option = page.get_by_role("option", name="Maya Manager")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    box.press("Enter")  # picks; does not send the form
    chosen = page.locator("[data-picker-chosen] li")
    assert chosen.count() == 1 and "Maya Manager" in chosen.first.inner_text()
    assert box.input_value() == "" and box.get_attribute("aria-expanded") == "false"

    box.fill("field sales")  # a unit
    page.get_by_role("option", name="Otto Outsider").click()
    box.fill("lovel")
    page.get_by_role("option", name="Ada Lovelace").wait_for()
    box.press("Escape")
    assert page.get_by_role("option").count() == 0
    page.get_by_role("button", name="Remove Maya Manager").click()
    box.fill("maya")
    page.get_by_role("option", name="Maya Manager").click()
    assert page.locator("[data-picker-chosen] li").count() == 2

    with page.expect_navigation():
        page.get_by_role("button", name="Ask").click()
    request = FeedbackRequest.objects.get()
    assert sorted(a.respondent.pk for a in request.answers.all()) == sorted(
        [e2e_cast.maya.pk, e2e_cast.otto.pk]
    )
