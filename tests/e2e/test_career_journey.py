"""The employee's career journey in a real browser (issue 6, "Done means")."""

from __future__ import annotations

import pytest
from pptx import Presentation

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_profile_skills_map_share_comment_deck(
    page, browser, live_server, e2e_cast: Cast, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from trellis.skills.models import Skill

    for name in ("Go", "Rust", "Kubernetes"):
        Skill.objects.create(name=name)
    base = live_server.url
    ada = e2e_cast.ada.pk

    # Guided profile: fill the first step, save the next, skip the rest.
    login(page, live_server, "ada")
    page.goto(f"{base}/career/")
    page.wait_for_url(f"{base}/career/welcome/1/")
    assert "Step 1 of 6" in page.content()
    page.get_by_label("Summary").fill("I build storage engines that never lose data.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"{base}/career/welcome/2/")
    page.get_by_label("Long-term aspirations").fill("Principal engineer")
    page.get_by_role("button", name="Save and continue").click()
    for step in (3, 4, 5, 6):
        page.wait_for_url(f"{base}/career/welcome/{step}/")
        page.get_by_role("button", name="Skip this step").click()
    page.wait_for_url(f"{base}/career/{ada}/")
    assert page.get_by_text("I build storage engines that never lose data.").is_visible()

    # Three skills from the catalogue, searched as you type.
    page.goto(f"{base}/career/{ada}/skills/")
    for name in ("Go", "Rust", "Kubernetes"):
        page.get_by_label("Search the skills catalogue").fill(name)
        page.get_by_role("button", name=f"Add {name}").click()
        page.wait_for_selector(f"#held-skills >> text={name}")
    assert page.locator("#held-skills tbody tr").count() == 5

    # A target role proposes actions from the gap; accept them.
    page.goto(f"{base}/career/{ada}/map/")
    page.get_by_label("Title").fill("Become a senior engineer")
    page.get_by_label("Target role").select_option(label="Senior Software Engineer (L3)")
    page.get_by_role("button", name="Add goal").click()
    page.wait_for_selector("#proposals")
    proposed = page.get_by_label("Action for SQL")
    assert proposed.input_value() == "Use SQL on real work to grow from 2 to 3"
    page.get_by_role("button", name="Add these actions").click()
    page.wait_for_selector("text=1 action added")
    page.get_by_role("button", name="Share with my manager for comments").click()
    page.wait_for_selector("text=Shared with Maya Manager")

    # The manager comments.
    other = browser.new_context()
    manager = other.new_page()
    login(manager, live_server, "maya")
    manager.goto(f"{base}/career/{ada}/map/")
    manager.get_by_label("Comment on “Become a senior engineer”").fill(
        "Pair with Ravi on the billing queries."
    )
    manager.get_by_role("button", name="Send comment").click()
    manager.wait_for_selector("text=Pair with Ravi on the billing queries.")
    other.close()

    # The employee is told, and exports the deck.
    page.goto(f"{base}/career/notifications/")
    assert "Maya Manager commented on" in page.inner_text("#notifications")
    page.goto(f"{base}/career/{ada}/deck/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PowerPoint (PPTX)").click()
    path = tmp_path / "deck.pptx"
    download.value.save_as(path)
    prs = Presentation(str(path))
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert titles == [
        "Ada Lovelace — career strategy",
        "Who I am",
        "Where I am going",
        "Roadmap",
        "Competencies to develop",
        "Highlights",
        "My asks",
    ]
    text = "\n".join(
        s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame
    )
    assert "I build storage engines" in text and "Target role: Senior Software Engineer" in text
