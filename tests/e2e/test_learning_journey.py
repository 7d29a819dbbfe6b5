"""The learning catalog: Hana imports it from CSV (a preview names the bad row by line),
then Ada finds an item suggested on her gap to a role and in the catalog."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login, settle_long_work
from trellis.skills.models import LearningItem

pytestmark = pytest.mark.e2e

CSV = (
    "title,kind,skills,effort_hours,url\n"
    "SQL deep dive,course,SQL:4,12,https://example.com/sql\n"
    "Mystery,course,Cobol:2,,\n"
)


def test_hr_imports_the_catalog_and_a_gap_suggests_it(
    page, live_server, e2e_cast: Cast, tmp_path
) -> None:
    login(page, live_server, "hana")
    page.goto(f"{live_server.url}/imports/learning/")
    csv = tmp_path / "learning.csv"
    csv.write_text(CSV)
    page.get_by_label("Learning catalog (CSV)").set_input_files(str(csv))
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    settle_long_work(page)
    problems = page.locator("table").inner_text()
    assert "3" in problems and "Cobol" in problems and "unknown skill" in problems
    assert LearningItem.objects.count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    settle_long_work(page)
    assert list(LearningItem.objects.values_list("title", flat=True)) == ["SQL deep dive"]

    page.context.clear_cookies()
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/roles/{e2e_cast.senior_engineer.pk}/gap/")
    section = page.locator("#learning")
    assert section.get_by_role("link", name="SQL deep dive").get_attribute("href") == (
        "https://example.com/sql"
    )
    section.get_by_role("link", name="learning catalog").click()
    assert page.get_by_role("heading", name="SQL deep dive").is_visible()
