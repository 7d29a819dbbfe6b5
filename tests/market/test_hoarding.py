from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.market import selectors, services
from trellis.market.models import Interest, InterestEvent, Opportunity
from trellis.market.models import InterestStatus as S
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.org.services import person_set_manager

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


def _reports(cast: Cast, n: int) -> list[Person]:
    """n more direct reports of Maya (Ada is the first)."""
    people = []
    for k in range(n):
        person = Person.objects.create(
            employee_id=f"E-rep-{k}",
            first_name=f"Rep{k}",
            last_name="Report",
            email=f"rep{k}@example.com",
            unit=cast.team,
        )
        person_set_manager(person=person, manager=cast.maya)
        people.append(person)
    return people


def _hr_opp(cast: Cast) -> Opportunity:
    # Owned by HR, so that Maya's answers never come from Maya herself.
    opp = make_opportunity(cast, publish=False, capacity=3)
    opp.owner = cast.hana
    opp.save()
    return services.opportunity_publish(viewer=viewer_for(cast.hana.user), opp=opp)


def _walk(viewer_person: Person, hr: Person, opp: Opportunity, steps: list[str]) -> Interest:
    interest = services.interest_express(viewer=viewer_for(viewer_person.user), opp=opp, apply=True)
    for to in steps:
        who = viewer_person if to in (S.ACCEPTED, S.WITHDRAWN) else hr
        services.interest_move(viewer=viewer_for(who.user), interest=interest, to=to)
    return interest


def _at(interest: Interest, status: str, days: float) -> None:
    InterestEvent.objects.filter(interest=interest, to_status=status).update(
        at=T0 + dt.timedelta(days=days)
    )


def test_figures_per_manager(cast: Cast) -> None:
    from django.contrib.auth.models import User

    others = _reports(cast, 4)  # Maya now has five reports
    for k, person in enumerate(others[:2]):
        person.user = User.objects.create_user(username=f"rep{k}")
        person.save()
    opp = _hr_opp(cast)
    moved = _walk(cast.ada, cast.hana, opp, [S.SHORTLISTED, S.OFFERED, S.ACCEPTED])
    declined = _walk(others[0], cast.hana, opp, [S.DECLINED])
    _walk(others[1], cast.hana, opp, [])  # still waiting
    for interest, answer, days in ((moved, S.SHORTLISTED, 2), (declined, S.DECLINED, 4)):
        _at(interest, S.APPLIED, 0)
        _at(interest, answer, days)

    report = selectors.talent_exported(viewer=viewer_for(cast.hana.user))
    [row] = report.rows
    assert row.manager == cast.maya and row.reports == 5
    assert (len(row.applied), len(row.offered), len(row.moved)) == (3, 1, 1)
    assert row.wait_days == pytest.approx(3.0)
    assert row.waiting == 1
    # Dora's only report is Maya: a group of one manager and one person, not shown.
    assert (report.small.managers, report.small.reports) == (1, 1)
    assert not report.small_shown


def test_page_shows_the_table_to_hr(cast: Cast, client_for: ClientFor) -> None:
    _reports(cast, 4)
    _walk(cast.ada, cast.hana, _hr_opp(cast), [S.SHORTLISTED, S.OFFERED, S.ACCEPTED])
    body = client_for(cast.hana).get(reverse("market:hoarding")).content.decode()
    assert (
        "<tr><td>Maya Manager</td><td>Storage</td><td>5</td><td>1</td><td>1</td><td>1</td>" in body
    )
    assert "Managers with fewer than 5 reports (1)" in body
    assert "Not shown: fewer than 5 people in this group." in body


def test_manager_with_fewer_than_five_reports_is_only_in_the_group(
    cast: Cast, client_for: ClientFor
) -> None:
    # Maya has four reports, Otto manages four people: eight people in the group.
    _reports(cast, 3)
    for k in range(4):
        person = Person.objects.create(
            employee_id=f"E-sales-{k}", first_name="S", last_name=f"Seller{k}", email="s@x.org"
        )
        person_set_manager(person=person, manager=cast.otto)
    _walk(cast.ada, cast.hana, _hr_opp(cast), [S.SHORTLISTED, S.OFFERED, S.ACCEPTED])
    report = selectors.talent_exported(viewer=viewer_for(cast.hana.user))
    assert report.rows == []
    assert (report.small.managers, report.small.reports) == (3, 9)  # Dora, Maya, Otto
    assert report.small_shown and len(report.small.moved) == 1
    body = client_for(cast.hana).get(reverse("market:hoarding")).content.decode()
    assert "Maya Manager" not in body
    assert "Managers with fewer than 5 reports (3)" in body
    assert "No manager with 5 or more reports has reports who applied yet." in body


@pytest.mark.parametrize("who", ["ada", "maya", "dora", "otto"])
def test_refused_to_everyone_but_hr(cast: Cast, client_for: ClientFor, who: str) -> None:
    response = client_for(getattr(cast, who)).get(reverse("market:hoarding"))
    assert response.status_code == 404
    with pytest.raises(Http404) as refused:
        selectors.talent_exported(viewer=viewer_for(getattr(cast, who).user))
    assert str(refused.value) == "No such page."


def test_hr_and_admin_may_read(cast: Cast, client_for: ClientFor) -> None:
    assert client_for(cast.hana).get(reverse("market:hoarding")).status_code == 200
    assert client_for(cast.alex).get(reverse("market:hoarding")).status_code == 200
