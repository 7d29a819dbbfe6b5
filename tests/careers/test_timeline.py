"""The career map's timeline axis: month labels never crowd each other."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.cast import Cast
from trellis.careers.models import Goal
from trellis.careers.present import TICK_MIN_GAP, timeline


@pytest.mark.parametrize("months", [1, 4, 13, 26, 60, 119])
def test_month_labels_keep_clear_of_each_other(cast: Cast, months: int) -> None:
    today = dt.date(2026, 12, 7)
    goal = Goal.objects.create(
        person=cast.ada, title="Far away", target_date=today + dt.timedelta(days=int(months * 30.5))
    )
    axis = timeline([goal], today=today)
    xs = [x for x, _ in axis.ticks]
    assert xs == sorted(xs) and len(xs) >= 2
    assert all(b - a >= TICK_MIN_GAP - 0.5 for a, b in itertools.pairwise(xs))
    labels = [label for _, label in axis.ticks]
    assert len(set(labels)) == len(labels)
    # Dense enough to read the axis: not more than twice the spacing needed.
    if months >= 4:
        assert any(b - a < 2 * TICK_MIN_GAP + 40 for a, b in itertools.pairwise(xs))
