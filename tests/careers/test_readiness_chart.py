"""Readiness toward a target role over time, replayed from the skill history, on the map."""

from __future__ import annotations

from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.gap import gap_for, readiness_charts, readiness_history


def test_readiness_follows_each_change_and_ends_at_today(cast: Cast) -> None:
    ada, senior = cast.ada, cast.senior_engineer
    services.person_skill_set(actor=ada.user, person=ada, skill=cast.sql, level=1)
    services.person_skill_set(actor=ada.user, person=ada, skill=cast.python, level=5)
    services.person_skill_set(actor=ada.user, person=ada, skill=cast.sql, level=3)
    points = readiness_history(person_id=ada.pk, roles=[senior])[senior.pk]
    values = [pct for _, pct in points]
    assert len(values) == 4  # three changes, then now
    assert values == sorted(values) and values[0] < values[-1]
    assert values[-1] == gap_for(person_id=ada.pk, role=senior).readiness_pct == 100.0
    chart = readiness_charts(person_id=ada.pk, roles=[senior])[senior.pk]
    assert chart.title == "Readiness toward Senior Software Engineer over time"
    assert [row[1] for row in chart.rows][-1] == "100%"
    assert len(chart.rows) == 4
    assert "0%" in [t.label for t in chart.y_ticks] and chart.y_ticks[-1].label == "100%"


def test_a_role_without_requirements_has_no_line(cast: Cast) -> None:
    cast.senior_engineer.requirements.all().delete()
    assert readiness_history(person_id=cast.ada.pk, roles=[cast.senior_engineer]) == {
        cast.senior_engineer.pk: []
    }
    chart = readiness_charts(person_id=cast.ada.pk, roles=[cast.senior_engineer])
    assert chart[cast.senior_engineer.pk].empty


def test_the_map_shows_the_line_to_whoever_may_see_the_skills(
    cast: Cast, client_for: ClientFor
) -> None:
    services.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Grow", target_role=cast.senior_engineer
    )
    url = reverse("careers:map", args=[cast.ada.pk])
    body = client_for(cast.ada).get(url).content.decode()
    assert "Readiness toward Senior Software Engineer over time" in body
    assert "<summary>Show data" in body


def test_check_ins_draw_each_muscle_over_dated_axes(cast: Cast, client_for: ClientFor) -> None:
    from trellis.careers.models import Muscle

    for score in (2, 4):
        services.checkin_record(
            actor=cast.ada.user,
            person=cast.ada,
            scores=dict.fromkeys(Muscle.values, (score, "")),
        )
    body = client_for(cast.ada).get(reverse("careers:checkins", args=[cast.ada.pk])).content
    html = body.decode()
    assert html.count('class="chart-svg chart-line"') == len(Muscle.values)
    assert html.count("<summary>Show data") == len(Muscle.values)
    label = Muscle.values[0]
    assert f'id="muscle-{label}-t"' in html
    assert 'class="axis axis-x"' in html and ">Score</text>" in html
