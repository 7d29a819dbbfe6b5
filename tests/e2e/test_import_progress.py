"""An HR partner uploads an HRIS file: the import runs as a task, the page shows its progress
bar while it waits for and runs in the worker, then the report (preview, then done)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.cast import Cast
from tests.e2e.conftest import login
from trellis.org.models import Person

pytestmark = pytest.mark.e2e

PEOPLE = (
    b"Employee ID,First Name,Last Name,Work Email,Supervisor EID\n"
    b"E-1,Grace,Hopper,grace@example.com,E-maya\n"
    b"E-2,Linus,Kernel,not-an-email,E-1\n"
    b"E-3,Barbara,Liskov,barbara@example.com,E-1\n"
)


def _worker() -> None:
    """The worker's pass, run here (the server may be another process: gunicorn)."""
    call_command("worker", "--once", "--no-schedule")


def test_upload_shows_progress_then_the_report(  # type: ignore[no-untyped-def]
    page, live_server, e2e_cast: Cast, settings
) -> None:
    settings.TRELLIS_LONG_WORK_INLINE = False  # as in production: the worker runs it
    login(page, live_server, "hana")
    page.goto(f"{live_server.url}/imports/people/")
    page.get_by_label("HRIS export (CSV)").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE}]
    )
    page.get_by_role("button", name="Preview").click()

    page.wait_for_url(f"{live_server.url}/imports/runs/*/")
    assert page.get_by_role("progressbar").is_visible()
    assert "Waiting for the worker" in page.locator("#work-status").inner_text()
    _worker()
    # htmx polls the bar each second; once the run is done the page shows the report.
    page.get_by_role("heading", name="Import people: preview").wait_for()
    assert "created 2" in page.locator(".summary").inner_text()
    row = page.get_by_role("row", name="not-an-email")
    assert "3" in row.inner_text() and "Work Email" in row.inner_text()

    page.get_by_role("button", name="Import").click()
    page.wait_for_url(f"{live_server.url}/imports/runs/*/")
    assert page.get_by_role("progressbar").is_visible()
    _worker()
    page.get_by_role("heading", name="Import people: done").wait_for()
    assert "created 2" in page.locator(".summary").inner_text()
    assert set(
        Person.objects.filter(employee_id__in=["E-1", "E-2", "E-3"]).values_list(
            "employee_id", flat=True
        )
    ) == {"E-1", "E-3"}
