"""Accessibility: axe-core audits the main page of every app for every role, and each page is
photographed at a laptop and a phone width for review (``var/screenshots/``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone

from tests.cast import Cast
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = {"laptop": 1366, "phone": 390}
# What blocks or seriously hinders someone: the two impact levels we hold at zero.
BLOCKING = {"serious", "critical"}


def audited_pages(cast: Cast, who: str) -> dict[str, str]:
    """The main page of each app, as this person reaches it."""
    me = getattr(cast, who)
    pages = {
        "home": "/",
        "my-career": f"/career/{me.pk}/",
        "my-skills": f"/career/{me.pk}/skills/",
        "career-map": f"/career/{me.pk}/map/",
        "career-os": f"/career/{me.pk}/checkins/",
        "people": "/people/",
        "person": f"/people/{me.pk}/",
        "organization": "/org/",
        "skills": "/skills/",
        "taxonomy": "/skills/tree/",
        "taxonomy-match": "/skills/tree/?q=Python",
        "roles": "/roles/",
        "lattice": "/roles/lattice/",
        "role": f"/roles/{cast.senior_engineer.pk}/",
        "gap": f"/roles/{cast.senior_engineer.pk}/gap/",
        "opportunities": "/market/",
        "for-you": "/market/for-you/",
        "conversations": "/talks/",
        "search": "/search/?q=Python",
        "learning": "/learning/",
        "cycles": "/cycles/",
        "pulse": "/pulse/",
        "pairs": "/market/pairs/",
        "proposals": "/market/proposals/",
        "deck-reviews": "/career/reviews/",
    }
    extra = {
        "ada": {},
        "maya": {
            "prep-sheet": f"/talks/with/{cast.ada.pk}/prep/",
            "coverage": "/talks/coverage/",
        },
        "hana": {
            "insights": "/insights/",
            "pulse-results": "/insights/pulse/",
            "coverage-by-manager": "/talks/coverage/managers/",
            "rounds": "/market/rounds/",
            "imports": "/imports/people/",
        },
        "alex": {"insights": "/insights/"},
    }
    return {**pages, **extra[who]}


def _chart_data(cast: Cast, who: str) -> None:
    """Two check-ins, a goal toward a role and a skill change, so the chart pages draw lines."""
    from trellis.careers import services
    from trellis.careers.models import CheckIn, Muscle, PersonSkillHistory

    me = getattr(cast, who)
    for days_ago, score in ((120, 2), (60, 3), (5, 4)):
        checkin = services.checkin_record(
            actor=me.user, person=me, scores=dict.fromkeys(Muscle.values, (score, ""))
        )
        when = timezone.now() - dt.timedelta(days=days_ago)
        CheckIn.objects.filter(pk=checkin.pk).update(created_at=when)
    services.goal_create(
        actor=me.user, person=me, title="Grow into senior", target_role=cast.senior_engineer
    )
    services.person_skill_set(actor=me.user, person=me, skill=cast.sql, level=3)
    changed = timezone.now() - dt.timedelta(days=90)
    PersonSkillHistory.objects.filter(person=me).update(at=changed)


def _blocking(results: Any) -> list[str]:
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    return found


@pytest.mark.parametrize("who", ["ada", "maya", "hana", "alex"])
def test_main_pages_have_no_serious_accessibility_violation(
    page, live_server, e2e_cast: Cast, who: str
) -> None:
    axe = Axe()
    _chart_data(e2e_cast, who)
    login(page, live_server, who)
    found: dict[str, list[str]] = {}
    for name, path in audited_pages(e2e_cast, who).items():
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (path, response)
            page.wait_for_load_state("networkidle")  # the parts htmx loads with the page
            shot = SHOTS / who / f"{name}-{width_name}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
            if width_name == "laptop":
                problems = _blocking(axe.run(page))
                if problems:
                    found[path] = problems
    assert found == {}


def test_the_audit_sees_a_serious_violation(page, live_server, e2e_cast: Cast) -> None:
    """The detector itself: an image without a text alternative and an unlabelled field."""
    login(page, live_server, "ada")
    page.evaluate(
        """() => {
        const img = document.createElement("img");
        img.src = "/static/trellis/favicon.svg";
        document.querySelector("main").appendChild(img);
        const input = document.createElement("input");
        document.querySelector("main").appendChild(input);
    }"""
    )
    problems = " ".join(_blocking(Axe().run(page)))
    assert re.search(r"image-alt \(critical\)", problems), problems
    assert re.search(r"label \((critical|serious)\)", problems), problems


def test_messages_and_the_state_file_banner_pass_the_audit(
    page, live_server, e2e_cast: Cast, settings, tmp_path: Path
) -> None:
    """The banner HR sees while no market state file exists, and the messages after a login,
    are lists inside a live region (a role on the list itself unmakes it as a list)."""
    settings.TRELLIS_MARKET_STATE_FILE = True
    settings.TRELLIS_STATE_DIR = str(tmp_path)
    login(page, live_server, "hana")
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("status").filter(has_text="The worker has not written").is_visible()
    assert _blocking(Axe().run(page)) == []
