from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_employee_logs_in_and_sees_her_skills(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, "ada")
    assert page.get_by_role("heading", name="Welcome, Ada").is_visible()
    page.get_by_role("link", name="My directory entry and skills").click()
    page.wait_for_url(f"{live_server.url}/people/{e2e_cast.ada.pk}/")
    skills = page.locator("#skills")
    assert skills.get_by_role("link", name="Python").is_visible()
    assert skills.get_by_role("link", name="SQL").is_visible()
    rows = skills.locator("tbody tr")
    assert rows.count() == 2
    assert "Wants to grow it" in rows.nth(1).inner_text()


def test_outsider_sees_directory_entry_but_not_skills(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, "otto")
    page.goto(f"{live_server.url}/people/")
    page.get_by_label("Name, title or employee id").fill("Lovelace")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ada Lovelace").click()
    page.wait_for_url(f"{live_server.url}/people/{e2e_cast.ada.pk}/")
    assert page.get_by_role("heading", name="Ada Lovelace").is_visible()
    assert page.locator("#skills").count() == 0


def test_wrong_password_is_refused(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text().startswith("Your username and password")
