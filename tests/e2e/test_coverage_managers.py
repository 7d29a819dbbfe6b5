"""Coverage per manager: Hana (HR) finds which managers' teams lack a development
conversation; Maya (a manager) is refused the page and reads her own six-month figure."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login
from tests.talks.helpers import log
from trellis.org.models import Person
from trellis.org.services import person_set_manager

pytestmark = pytest.mark.e2e


def test_hr_reads_coverage_by_manager(page, live_server, e2e_cast: Cast) -> None:
    for n in range(4):  # Maya: Ada and four more
        report = Person.objects.create(
            employee_id=f"R-{n}",
            first_name=f"Report{n}",
            last_name="Storage",
            email=f"r{n}@example.com",
            unit=e2e_cast.team,
        )
        person_set_manager(person=report, manager=e2e_cast.maya)
    log(e2e_cast.maya, e2e_cast.ada)
    login(page, live_server, "hana")
    page.goto(f"{live_server.url}/talks/coverage/managers/")
    row = page.get_by_role("row", name="Maya Manager")
    assert "5" in row.inner_text() and "20%" in row.inner_text()
    assert "withheld" in page.locator("#small-teams").inner_text()  # Dora's team of one

    page.context.clear_cookies()
    login(page, live_server, "maya")
    response = page.goto(f"{live_server.url}/talks/coverage/managers/")
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/talks/coverage/")
    assert "1 of 5" in page.locator("#six-months").inner_text()
