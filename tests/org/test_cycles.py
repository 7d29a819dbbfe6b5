"""The review calendar: HR publishes cycles; people see theirs on home, the map and in .ics."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.cast import Cast, ClientFor
from trellis.org import cycles
from trellis.org.access import viewer_for
from trellis.org.models import OrgUnit, ReviewCycle


def _publish(cast: Cast, title: str, unit: OrgUnit | None = None, days: int = 10) -> ReviewCycle:
    start = timezone.localdate() + dt.timedelta(days=days)
    return cycles.cycle_publish(
        viewer=viewer_for(cast.hana.user),  # type: ignore[arg-type]
        data=cycles.CycleData(
            kind="promotion_round",
            title=title,
            starts_on=start,
            ends_on=start + dt.timedelta(days=14),
            unit=unit,
            evaluated="Scope, impact and how you grow others",
            criteria_url="https://wiki.example.com/promotion",
        ),
    )


def _form(**overrides: str) -> dict[str, str]:
    start = timezone.localdate() + dt.timedelta(days=5)
    return {
        "kind": "performance_review",
        "title": "Spring review",
        "starts_on": start.isoformat(),
        "ends_on": (start + dt.timedelta(days=20)).isoformat(),
        "participants": "Everyone past probation",
        "evaluated": "Results against goals",
        "criteria_url": "https://wiki.example.com/review",
        **overrides,
    }


def test_hr_publishes_and_everyone_sees(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.hana).post(reverse("cycle_new"), _form())
    assert response.status_code == 302
    cycle = ReviewCycle.objects.get()
    assert (cycle.kind, cycle.criteria_url) == (
        "performance_review",
        "https://wiki.example.com/review",
    )
    page = client_for(cast.otto).get(reverse("cycles")).content.decode()
    assert "Spring review" in page and "you take part" in page
    home = client_for(cast.ada).get(reverse("home")).content.decode()
    assert "What comes next" in home and "Spring review" in home
    career_map = (
        client_for(cast.ada).get(reverse("careers:map", args=[cast.ada.pk])).content.decode()
    )
    assert "Spring review" in career_map


def test_bad_input_is_refused_with_the_field(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.hana)
    bad_link = client.post(reverse("cycle_new"), _form(criteria_url="javascript:alert(1)"))
    assert bad_link.status_code == 400 and "id_criteria_url-errors" in bad_link.content.decode()
    mail = client.post(reverse("cycle_new"), _form(criteria_url="mailto:hr@example.com"))
    assert mail.status_code == 400 and "http:// or https://" in mail.content.decode()
    start = timezone.localdate()
    backwards = client.post(
        reverse("cycle_new"),
        _form(starts_on=start.isoformat(), ends_on=(start - dt.timedelta(days=1)).isoformat()),
    )
    assert backwards.status_code == 400 and "id_ends_on-errors" in backwards.content.decode()
    far = client.post(reverse("cycle_new"), _form(starts_on="1990-01-01"))
    assert far.status_code == 400 and "id_starts_on-errors" in far.content.decode()
    assert not ReviewCycle.objects.exists()
    assert client_for(cast.maya).post(reverse("cycle_new"), _form()).status_code == 404


def test_a_unit_cycle_reaches_only_its_people(cast: Cast, client_for: ClientFor) -> None:
    mine = _publish(cast, "Storage calibration", unit=cast.team)
    _publish(cast, "Other calibration", unit=cast.other_team)
    everyone = _publish(cast, "Company review", days=30)
    today = timezone.localdate()
    assert cycles.cycles_for_person(person=cast.ada, today=today) == [mine, everyone]
    api = client_for(cast.ada).get("/api/v1/cycles/mine").json()
    assert [c["title"] for c in api] == ["Storage calibration", "Company review"]
    assert api[0]["unit"] == cast.team.path and api[0]["kind_label"] == "Promotion round"


def test_ics_feed_lists_my_cycles(cast: Cast, client_for: ClientFor) -> None:
    cycle = _publish(cast, "Storage calibration, Q3; round", unit=cast.team)
    _publish(cast, "Other calibration", unit=cast.other_team)
    response = client_for(cast.ada).get(reverse("cycle_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Promotion round: Storage calibration, Q3; round"
    ]
    event = events[0]
    assert event.decoded("dtstart") == cycle.starts_on
    assert event.decoded("dtend") == cycle.ends_on + dt.timedelta(days=1)
    assert str(event["uid"]) == f"cycle-{cycle.pk}@testserver"
    assert "https://wiki.example.com/promotion" in str(event["description"])


def test_api_publish_and_refusals(cast: Cast, client_for: ClientFor) -> None:
    body = {
        "kind": "salary_review",
        "title": "Salary review",
        "starts_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "ends_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
        "criteria_url": "ftp://example.com/x",
    }
    hr = client_for(cast.hana)
    bad = hr.post("/api/v1/cycles", body, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "criteria_url"
    backwards = hr.post(
        "/api/v1/cycles",
        {**body, "criteria_url": "", "ends_on": body["starts_on"], "starts_on": body["ends_on"]},
        content_type="application/json",
    )
    assert backwards.status_code == 400
    assert backwards.json() == {
        "detail": "ends_on: The cycle must end on or after the day it starts."
    }
    made = hr.post(
        "/api/v1/cycles",
        {**body, "criteria_url": "https://x.example.com/pay"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["kind_label"] == "Salary review"
    pk = made.json()["id"]
    assert client_for(cast.ada).delete(f"/api/v1/cycles/{pk}").status_code == 404
    assert client_for(cast.hana).delete(f"/api/v1/cycles/{pk}").status_code == 204
    assert not ReviewCycle.objects.exists()
