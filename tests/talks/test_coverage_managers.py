"""Coverage per manager (HR): teams of five or more one by one, smaller teams together and
withheld below five people; the manager's own page counts with the same six months."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from tests.talks.helpers import log
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.org.services import person_set_manager
from trellis.talks.coverage_managers import manager_coverage


def _report(cast: Cast, manager: Person, n: int) -> Person:
    person = Person.objects.create(
        employee_id=f"R-{manager.pk}-{n}",
        first_name=f"Report{n}",
        last_name=manager.last_name,
        email=f"r{manager.pk}-{n}@example.com",
        unit=cast.team,
    )
    person_set_manager(person=person, manager=manager)
    return person


def _boss(cast: Cast, reports: int) -> tuple[Person, list[Person]]:
    user = User.objects.create_user(username="boss", password="x-Long-enough-1")
    boss = Person.objects.create(
        user=user, employee_id="B-1", first_name="Big", last_name="Boss", email="b@example.com"
    )
    return boss, [_report(cast, boss, n) for n in range(reports)]


def test_five_reports_shown_with_the_six_month_share(cast: Cast) -> None:
    boss, team = _boss(cast, 5)
    log(boss, team[0])
    log(boss, team[1], when=timezone.now() - dt.timedelta(days=100))
    log(boss, team[1])  # the same person twice counts once
    log(boss, team[2], when=timezone.now() - dt.timedelta(days=200))  # outside the window
    log(cast.maya, cast.ada)
    data = manager_coverage(viewer=viewer_for(cast.hana.user))
    assert [(r.manager, r.reports, r.covered, r.percent) for r in data.rows] == [(boss, 5, 2, 40)]
    # Dora (Maya) and Maya (Ada): two people in small teams, figures withheld.
    assert (data.small.managers, data.small.reports, data.small.withheld) == (2, 2, True)


def test_a_team_of_four_joins_the_small_group_which_shows_at_five(
    cast: Cast, client_for: ClientFor
) -> None:
    boss, team = _boss(cast, 4)
    log(boss, team[0])
    data = manager_coverage(viewer=viewer_for(cast.hana.user))
    assert data.rows == [] and (data.small.reports, data.small.withheld) == (6, False)
    assert (data.small.covered, data.small.percent) == (1, 17)
    page = client_for(cast.hana).get(reverse("talks:coverage_managers")).content.decode()
    assert "Smaller teams (3 managers, combined)" in page and "17%" in page
    api = client_for(cast.hana).get("/api/v1/talks/coverage/managers").json()
    assert api["small_teams"] == {"managers": 3, "reports": 6, "covered": 1, "percent": 17}


def test_withheld_in_the_api_as_on_the_page(cast: Cast, client_for: ClientFor) -> None:
    _report(cast, cast.maya, 1)
    _report(cast, cast.maya, 2)  # Maya 3 + Dora 1: four people
    api = client_for(cast.hana).get("/api/v1/talks/coverage/managers").json()
    assert api["small_teams"] == {"managers": 2, "reports": 4, "covered": None, "percent": None}
    page = client_for(cast.hana).get(reverse("talks:coverage_managers")).content.decode()
    assert "withheld (fewer than 5 people)" in page
    assert client_for(cast.maya).get(reverse("talks:coverage_managers")).status_code == 404
    assert client_for(cast.maya).get("/api/v1/talks/coverage/managers").status_code == 404


def test_the_manager_view_uses_the_same_window(cast: Cast, client_for: ClientFor) -> None:
    other = _report(cast, cast.maya, 1)
    log(cast.maya, cast.ada, when=timezone.now() - dt.timedelta(days=150))
    log(cast.maya, other, when=timezone.now() - dt.timedelta(days=190))
    page = client_for(cast.maya).get(reverse("talks:coverage")).content.decode()
    assert "<strong>1 of 2</strong> reports (50%)" in page
    api = client_for(cast.maya).get("/api/v1/talks/coverage/me").json()
    assert api == {"window_days": 182, "reports": 2, "covered": 1, "percent": 50}
