"""People to talk to on the gap page and the career map: the rule of For you and the prep
sheet, named only among opted-in colleagues, target roles only to the person."""

from __future__ import annotations

from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.careers import services as careers
from trellis.market import services as market
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.skills.models import PersonSkill


def _otto_knows_sql(cast: Cast) -> None:
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=5)
    market.opt_in_set(viewer=viewer_for(cast.otto.user), person=cast.otto, opted_in=True)
    quiet = Person.objects.create(
        employee_id="E-q", first_name="Quiet", last_name="Expert", unit=cast.other_team
    )
    PersonSkill.objects.create(person=quiet, skill=cast.sql, level=5)  # not opted in


def _section(html: str) -> str:
    return (
        html.split('id="talk-to"', 1)[1].split("</section>", 1)[0] if 'id="talk-to"' in html else ""
    )


def test_gap_page_names_who_holds_the_missing_skill(cast: Cast, client_for: ClientFor) -> None:
    _otto_knows_sql(cast)
    html = client_for(cast.ada).get(reverse("my_gap", args=[cast.senior_engineer.pk])).content
    section = _section(html.decode())
    assert "Otto Outsider" in section and "SQL at level 5" in section
    assert "Quiet Expert" not in section
    # The manager reading Ada's gap sees the same people for the skills.
    url = reverse("person_gap", args=[cast.ada.pk, cast.senior_engineer.pk])
    assert "Otto Outsider" in _section(client_for(cast.maya).get(url).content.decode())


def test_map_lists_people_for_the_goals_roles_to_its_owner_only(
    cast: Cast, client_for: ClientFor
) -> None:
    _otto_knows_sql(cast)
    url = reverse("careers:map", args=[cast.ada.pk])
    assert _section(client_for(cast.ada).get(url).content.decode()) == ""  # no goal yet
    careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Senior", target_role=cast.senior_engineer
    )
    section = _section(client_for(cast.ada).get(url).content.decode())
    assert "Otto Outsider" in section and "Quiet Expert" not in section
    page = client_for(cast.maya).get(url)
    assert page.status_code != 200 or _section(page.content.decode()) == ""
