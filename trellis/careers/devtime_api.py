"""Development time in the API: the year view, for whoever may read the career's time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from trellis.careers import selectors
from trellis.careers.devtime import devtime_year
from trellis.org.access import viewer_of
from trellis.org.request_id import request_id
from trellis.org.validation import EARLIEST_RECORD, Id

router = Router(tags=["careers"])


class DevMonthOut(Schema):
    month: dt.date
    allowance_hours: float
    used_hours: float | None  # None for a month still to come
    left_hours: float | None


class DevYearOut(Schema):
    year: int
    allowance_hours: float
    used_hours: float
    months: list[DevMonthOut]


class YearQuery(Schema):
    year: Annotated[int, Field(ge=EARLIEST_RECORD.year, le=9999)] | None = None


@router.get("/careers/{int:pk}/devtime", response=DevYearOut)
def devtime_get(request: HttpRequest, pk: Id, query: Query[YearQuery]) -> DevYearOut:
    """A year of development time (this year when ``year`` is left out), month by month."""
    career = selectors.career_read(
        viewer=viewer_of(request),
        pk=pk,
        page="devtime",
        via="api",
        request_id=request_id(request),
        section="devtime",
    )
    today = timezone.localdate()
    devyear = devtime_year(career=career, year=query.year or today.year, today=today)
    return DevYearOut(
        year=devyear.year,
        allowance_hours=float(devyear.allowance),
        used_hours=float(devyear.used),
        months=[
            DevMonthOut(
                month=m.month,
                allowance_hours=float(m.allowance),
                used_hours=None if m.future else float(m.used),
                left_hours=None if m.future else float(m.left),
            )
            for m in devyear.months
        ],
    )
