"""The pulse: HR schedules, people answer once, results withheld under five answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.cast import Cast, ClientFor
from trellis.insights import pulse_selectors
from trellis.insights.models import Pulse, PulseAnswer
from trellis.insights.pulse_services import (
    ALREADY_ANSWERED,
    PulseError,
    pulse_answer,
    pulse_schedule,
)
from trellis.org.access import Viewer, viewer_for
from trellis.org.aggregates import WITHHELD
from trellis.org.models import OrgUnit, Person


@pytest.fixture(autouse=True)
def _no_cached_trend() -> None:
    # Test databases roll back and reuse ids, so the trend's cache key could repeat.
    caches["shared"].clear()


def _pulse(cast: Cast, questions: tuple[str, ...] = ("I learn something new each month",)) -> Pulse:
    today = timezone.localdate()
    return pulse_schedule(
        viewer=viewer_for(cast.hana.user),
        title="Autumn pulse",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=6),
        questions=questions,
    )


def _crowd(
    pulse: Pulse, n: int, *, unit: OrgUnit, manager: Person | None, core: int, prefix: str
) -> None:
    for i in range(n):
        person = Person.objects.create(
            employee_id=f"{prefix}{i}",
            first_name=prefix,
            last_name=str(i),
            email="",
            unit=unit,
            manager=manager,
        )
        viewer = Viewer(user=AnonymousUser(), person=person, is_hr=False, is_admin=False)
        pulse_answer(
            viewer=viewer, pulse=pulse, core=core, scores=[4], comment=f"{prefix} note {i}"
        )


def test_answer_once_and_see_it(cast: Cast, client_for: ClientFor) -> None:
    pulse = _pulse(cast)
    client = client_for(cast.ada)
    url = reverse("insights:pulse_answer", args=[pulse.pk])
    assert "Autumn pulse" in client.get(reverse("insights:pulse_home")).content.decode()
    response = client.post(url, {"core": "4", "q1": "2", "comment": "More stretch work"})
    assert response.status_code == 302
    answer = PulseAnswer.objects.get(person=cast.ada)
    assert (answer.core, answer.q1, answer.comment) == (4, 2, "More stretch work")
    assert answer.unit == cast.ada.unit and answer.manager == cast.maya
    page = client.get(reverse("insights:pulse_home")).content.decode()
    assert "4 / 5" in page and "More stretch work" in page
    assert "No pulse is waiting" in page
    # The pulse is no longer offered; a second post is refused beside the field.
    again = client.post(url, {"core": "5"})
    assert again.status_code == 400
    assert ALREADY_ANSWERED in again.content.decode()
    assert PulseAnswer.objects.count() == 1


def test_score_off_the_scale_is_refused(cast: Cast, client_for: ClientFor) -> None:
    pulse = _pulse(cast)
    response = client_for(cast.ada).post(
        reverse("insights:pulse_answer", args=[pulse.pk]), {"core": "6"}
    )
    assert response.status_code == 400
    assert "id_core-errors" in response.content.decode()
    with pytest.raises(PulseError) as refused:
        pulse_answer(viewer=viewer_for(cast.ada.user), pulse=pulse, core=0)
    assert refused.value.field == "core"
    with pytest.raises(PulseError) as refused:
        pulse_answer(viewer=viewer_for(cast.ada.user), pulse=pulse, core=3, scores=[9])
    assert refused.value.field == "scores"
    assert not PulseAnswer.objects.exists()


def test_closed_pulse_cannot_be_answered(cast: Cast, client_for: ClientFor) -> None:
    today = timezone.localdate()
    pulse = pulse_schedule(
        viewer=viewer_for(cast.hana.user),
        title="Old",
        opens_on=today - dt.timedelta(days=9),
        closes_on=today - dt.timedelta(days=2),
    )
    url = reverse("insights:pulse_answer", args=[pulse.pk])
    assert client_for(cast.ada).post(url, {"core": "3"}).status_code == 404


def test_schedule_refuses_bad_input(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.hana)
    today = timezone.localdate()
    response = client.post(
        reverse("insights:pulse_new"),
        {
            "title": "Q",
            "opens_on": today.isoformat(),
            "closes_on": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "id_closes_on-errors" in response.content.decode()
    six = "\n".join(f"Question {i}" for i in range(6))
    response = client.post(
        reverse("insights:pulse_new"),
        {
            "title": "Q",
            "opens_on": today.isoformat(),
            "closes_on": today.isoformat(),
            "questions": six,
        },
    )
    assert response.status_code == 400 and "at most 5" in response.content.decode()
    assert not Pulse.objects.exists()
    assert client_for(cast.maya).get(reverse("insights:pulse_new")).status_code == 404


@pytest.mark.parametrize("n", [4, 5])
def test_groups_under_five_are_withheld(cast: Cast, client_for: ClientFor, n: int) -> None:
    pulse = _pulse(cast)
    _crowd(pulse, n, unit=cast.team, manager=cast.maya, core=2, prefix="Crowd")
    hr = client_for(cast.hana)
    dept = hr.get(f"/api/v1/pulses/{pulse.pk}/results").json()["by_department"][0]
    assert hr.get(f"/api/v1/pulses/{pulse.pk}/results").json()["by_manager"] == []
    # Managers are listed within one department.
    chosen = f"department={dept['department_id']}"
    body = hr.get(f"{reverse('insights:pulse_results', args=[pulse.pk])}?{chosen}").content.decode()
    api = hr.get(f"/api/v1/pulses/{pulse.pk}/results?department_id={dept['department_id']}").json()
    assert api["by_department"][0] == dept
    if n == 4:
        assert "Crowd note" not in body and "Maya" not in body
        assert dept == {
            "name": dept["name"],
            "department_id": dept["department_id"],
            "answers": None,
            "core": None,
            "questions": [None],
            "comments": [],
        }
        assert api["by_manager"] == [
            {
                "name": "Smaller teams, together",
                "department_id": None,
                "answers": None,
                "core": None,
                "questions": [None],
                "comments": [],
            }
        ]
        assert api["overall"]["core"] is None
    else:
        assert "Crowd note 0" in body and "Maya Manager" in body
        assert dept["answers"] == 5 and dept["core"] == 2.0 and dept["questions"] == [4.0]
        assert sorted(dept["comments"]) == [f"Crowd note {i}" for i in range(5)]
        assert api["by_manager"][0]["name"] == "Maya Manager"
        assert api["overall"] == {
            "name": "Everyone",
            "department_id": None,
            "answers": 5,
            "core": 2.0,
            "questions": [4.0],
            "comments": [],
        }
    # Comments never carry a name.
    assert "Crowd 0" not in body and "Crowd 0" not in str(api)


def test_trend_across_pulses(cast: Cast, client_for: ClientFor) -> None:
    first = _pulse(cast)
    _crowd(first, 5, unit=cast.team, manager=cast.maya, core=2, prefix="A")
    second = _pulse(cast)
    _crowd(second, 5, unit=cast.team, manager=cast.maya, core=4, prefix="B")
    third = _pulse(cast)
    _crowd(third, 3, unit=cast.team, manager=cast.maya, core=5, prefix="C")
    trend = client_for(cast.hana).get("/api/v1/pulse-trend").json()
    assert [r["overall"] for r in trend["rows"]] == [2.0, 4.0, None]
    page = client_for(cast.hana).get(reverse("insights:pulse_admin")).content.decode()
    assert "withheld" in page and "4.0" in page
    # The same figures as a line over the pulses, its data table withholding the third.
    chart = page[page.index('<figure class="chart">') :]
    assert "Belief in growing here" in chart and "<svg" in chart
    table = chart[chart.index("<table") : chart.index("</table>")]
    assert [cell in table for cell in (">2<", ">4<", WITHHELD)] == [True, True, True]


def test_results_cost_constant_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    pulse = _pulse(cast)
    hr = viewer_for(cast.hana.user)
    _crowd(pulse, 6, unit=cast.team, manager=cast.maya, core=3, prefix="A")
    dept = cast.team.parent_id  # any id: the department's managers are one more query
    with django_assert_num_queries(3):
        pulse_selectors.pulse_results(viewer=hr, pulse=pulse)
    _crowd(pulse, 12, unit=cast.other_team, manager=cast.otto, core=3, prefix="B")
    with django_assert_num_queries(3):
        pulse_selectors.pulse_results(viewer=hr, pulse=pulse)
    results = pulse_selectors.pulse_results(viewer=hr, pulse=pulse, department=0)
    with django_assert_num_queries(5):
        pulse_selectors.pulse_results(
            viewer=hr, pulse=pulse, department=results.by_department[0].key
        )
    with django_assert_num_queries(4):
        pulse_selectors.pulse_trend(viewer=hr)
    with django_assert_num_queries(3):  # the grouped figures are cached
        pulse_selectors.pulse_trend(viewer=hr)
    assert dept is not None


def test_api_answer_and_refusals(cast: Cast, client_for: ClientFor) -> None:
    pulse = _pulse(cast)
    client = client_for(cast.ada)
    assert [p["id"] for p in client.get("/api/v1/pulses").json()] == [pulse.pk]
    url = f"/api/v1/pulses/{pulse.pk}/answers"
    off = client.post(url, {"core": 6}, content_type="application/json")
    assert off.status_code == 422 and off.json()["detail"][0]["loc"][-1] == "core"
    made = client.post(
        url, {"core": 5, "scores": [3], "comment": "ok"}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["scores"] == [3]
    twice = client.post(url, {"core": 5}, content_type="application/json")
    assert twice.status_code == 400
    assert twice.json() == {"detail": f"pulse: {ALREADY_ANSWERED}"}
    assert [a["core"] for a in client.get("/api/v1/pulse-answers").json()] == [5]
    assert client.get(f"/api/v1/pulses/{pulse.pk}/results").status_code == 404
    assert (
        client.post(
            "/api/v1/pulses",
            {"title": "x", "opens_on": "2027-01-01", "closes_on": "2027-01-02"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_no_subtraction_tells_a_small_group(cast: Cast, client_for: ClientFor) -> None:
    """Beside a withheld group of fewer than five, the smallest group shown is withheld too
    (departments), or counted with the smaller teams (managers): the total less what is shown
    never describes fewer than five people."""
    pulse = _pulse(cast)
    # Two departments with answers: 6 in one, 2 in the other; the overall (8) is shown.
    _crowd(pulse, 6, unit=cast.team, manager=cast.maya, core=2, prefix="Big")
    _crowd(pulse, 2, unit=cast.other_team, manager=cast.hana, core=5, prefix="Few")
    hr = client_for(cast.hana)
    api = hr.get(f"/api/v1/pulses/{pulse.pk}/results").json()
    assert api["overall"]["answers"] == 8 and api["overall"]["core"] is not None
    departments = api["by_department"]
    assert len(departments) == 2
    assert all(d["answers"] is None and d["core"] is None for d in departments)
    page = hr.get(reverse("insights:pulse_results", args=[pulse.pk])).content.decode()
    assert "withheld beside a smaller group" in page and "Big note" not in page


def test_a_few_answers_in_smaller_teams_join_the_smallest_named_team(
    cast: Cast, client_for: ClientFor
) -> None:
    pulse = _pulse(cast)
    _crowd(pulse, 7, unit=cast.team, manager=cast.maya, core=2, prefix="Seven")
    _crowd(pulse, 6, unit=cast.team, manager=cast.hana, core=4, prefix="Six")
    _crowd(pulse, 1, unit=cast.team, manager=None, core=5, prefix="One")
    hr = client_for(cast.hana)
    dept = hr.get(f"/api/v1/pulses/{pulse.pk}/results").json()["by_department"][0]
    assert dept["answers"] == 14
    managers = hr.get(
        f"/api/v1/pulses/{pulse.pk}/results?department_id={dept['department_id']}"
    ).json()["by_manager"]
    assert [(m["name"], m["answers"]) for m in managers] == [
        ("Maya Manager", 7),
        ("Smaller teams, together", 7),
    ]
    # The six answers of Hana's team and the single one are shown together: (6×4 + 5) / 7.
    assert managers[1]["core"] == round((6 * 4 + 5) / 7, 2)
