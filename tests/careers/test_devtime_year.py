"""Development time over a year: each month's allowance from the policy and the hours used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.models import DevelopmentPolicy


def _log(cast: Cast, day: dt.date, hours: str) -> None:
    services.devtime_log(
        actor=cast.ada.user, person=cast.ada, date=day, hours=Decimal(hours), activity="Course"
    )


def test_last_year_month_by_month(cast: Cast, client_for: ClientFor) -> None:
    year = timezone.localdate().year - 1
    DevelopmentPolicy.objects.create(
        hours_per_month=Decimal("10"), effective_from=dt.date(year, 7, 1)
    )
    _log(cast, dt.date(year, 3, 4), "2.5")
    _log(cast, dt.date(year, 3, 20), "1")
    _log(cast, dt.date(year, 8, 2), "12")
    _log(cast, dt.date(year - 1, 8, 2), "5")  # another year: not counted
    response = client_for(cast.ada).get(reverse("careers:devtime_year", args=[cast.ada.pk, year]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3.5 h used of" not in html  # the year's total, not March's
    assert "year: 15.5 h used of 108.0 h" in html  # 6 months at 8 h, then 6 at 10 h
    assert "2.0 h over" in html
    api = client_for(cast.ada).get(f"/api/v1/careers/{cast.ada.pk}/devtime?year={year}").json()
    assert api["year"] == year and api["used_hours"] == 15.5 and api["allowance_hours"] == 108.0
    march, june, july, august = (api["months"][i] for i in (2, 5, 6, 7))
    assert march == {
        "month": f"{year}-03-01",
        "allowance_hours": 8.0,
        "used_hours": 3.5,
        "left_hours": 4.5,
    }
    assert (june["allowance_hours"], june["used_hours"]) == (8.0, 0.0)
    assert (july["allowance_hours"], august["left_hours"]) == (10.0, -2.0)


def test_this_year_leaves_future_months_empty(cast: Cast, client_for: ClientFor) -> None:
    today = timezone.localdate()
    _log(cast, today, "2")
    api = client_for(cast.ada).get(f"/api/v1/careers/{cast.ada.pk}/devtime").json()
    assert api["year"] == today.year
    this_month = api["months"][today.month - 1]
    assert this_month["used_hours"] == 2.0 and this_month["left_hours"] == 6.0
    later = api["months"][today.month :]
    assert all(m["used_hours"] is None and m["allowance_hours"] == 8.0 for m in later)


def test_refusals_and_bad_years(cast: Cast, client_for: ClientFor) -> None:
    year = timezone.localdate().year
    page = reverse("careers:devtime_year", args=[cast.ada.pk, year])
    assert client_for(cast.otto).get(page).status_code == 404
    assert client_for(cast.otto).get(f"/api/v1/careers/{cast.ada.pk}/devtime").status_code == 404
    client = client_for(cast.ada)
    assert client.get(reverse("careers:devtime_year", args=[cast.ada.pk, 1900])).status_code == 404
    assert (
        client.get(reverse("careers:devtime_year", args=[cast.ada.pk, year + 1])).status_code == 404
    )
    bad = client.get(f"/api/v1/careers/{cast.ada.pk}/devtime?year=1900")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "year"
    future = client.get(f"/api/v1/careers/{cast.ada.pk}/devtime?year={year + 1}")
    assert future.status_code == 404
