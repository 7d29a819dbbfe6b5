"""The prep sheet's pushes from the marketplace: opportunities, people to meet, pre-work."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from tests.talks.helpers import followup, log, opportunity, pair, pull, push
from trellis.careers import services as careers
from trellis.market import services as market
from trellis.market.models import PairingKind
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.org.services import person_set_manager
from trellis.skills.models import PersonSkill
from trellis.talks import prep, services


def _aiming_for_senior(cast: Cast) -> None:
    careers.goal_create(
        actor=cast.ada.user,
        person=cast.ada,
        title="Become a senior engineer",
        target_role=cast.senior_engineer,
    )


def _sql_expert(cast: Cast) -> Person:
    """Otto, in another department, strong in SQL and opted in to be found."""
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=5)
    market.opt_in_set(viewer=viewer_for(cast.otto.user), person=cast.otto, opted_in=True)
    return cast.otto


def _sheet(viewer: Person, person: Person) -> prep.PrepSheet:
    return prep.prep_sheet(viewer=viewer_for(viewer.user), person=person)


def test_best_opportunities_with_their_explanation(cast: Cast) -> None:
    gig = opportunity(cast, title="Storage metrics dashboard")
    opportunity(cast, title="Draft gig").delete()  # gone: never ranked
    sheet = _sheet(cast.maya, cast.ada)
    assert [o.opportunity for o in sheet.opportunities] == [gig]
    why = sheet.opportunities[0].why
    assert [line.skill.name for line in why.met] == ["Python"]
    assert [(line.skill.name, line.level, line.min_level) for line in why.partial] == [
        ("SQL", 2, 3)
    ]
    assert (cast.sql, ["wants to grow it", "one level above theirs"]) in why.growth_skills


def test_only_open_opportunities_are_pushed(cast: Cast) -> None:
    gig = opportunity(cast)
    market.opportunity_close(viewer=viewer_for(cast.maya.user), opp=gig)
    draft = market.opportunity_create(
        viewer=viewer_for(cast.maya.user), kind="gig", title="Not yet", unit=cast.team
    )
    assert draft.status == "draft"
    assert _sheet(cast.maya, cast.ada).opportunities == []


def test_target_role_reasons_hidden_when_the_map_is_private(cast: Cast) -> None:
    _aiming_for_senior(cast)
    opportunity(cast)
    shown = _sheet(cast.maya, cast.ada).opportunities[0].why
    assert [role for role, _skills in shown.target_roles] == [cast.senior_engineer]
    careers.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"map": "private"}
    )
    hidden = _sheet(cast.maya, cast.ada).opportunities[0].why
    assert hidden.target_roles == []
    assert all("target" not in r for _s, reasons in hidden.growth_skills for r in reasons)


def test_buddy_sees_no_opportunity_ranking(cast: Cast) -> None:
    # A buddy may not see Ada's skills, and the explanation is made of them.
    opportunity(cast)
    pair(PairingKind.BUDDY, cast.otto, cast.ada)
    sheet = _sheet(cast.otto, cast.ada)
    assert sheet.opportunities == [] and not sheet.sees_skills


def test_people_to_meet_for_the_gap_skills(cast: Cast) -> None:
    _aiming_for_senior(cast)
    otto = _sql_expert(cast)
    hidden = Person.objects.create(
        employee_id="E-x", first_name="Quiet", last_name="Expert", unit=cast.other_team
    )
    PersonSkill.objects.create(person=hidden, skill=cast.sql, level=5)  # not opted in
    sheet = _sheet(cast.maya, cast.ada)
    assert [(c.person, c.skills, c.other_team) for c in sheet.skill_contacts] == [
        (otto, [(cast.sql, 5)], True)
    ]


def test_prep_page_shows_pushes(cast: Cast, client_for: ClientFor) -> None:
    _aiming_for_senior(cast)
    _sql_expert(cast)
    gig = opportunity(cast, title="Storage <metrics> dashboard")
    body = client_for(cast.maya).get(reverse("talks:prep", args=[cast.ada.pk])).content.decode()
    assert "Storage &lt;metrics&gt; dashboard" in body and "<metrics>" not in body
    assert "Would grow: SQL (2 of 3)" in body
    assert f"/talks/with/{cast.ada.pk}/new/?opportunity={gig.pk}" in body
    assert 'Otto Outsider</a> <span class="muted">holds SQL (level 5) · Field Sales' in body


def test_offer_link_prefills_an_opportunity_item(cast: Cast, client_for: ClientFor) -> None:
    gig = opportunity(cast)
    url = reverse("talks:log", args=[cast.ada.pk]) + f"?opportunity={gig.pk}"
    body = client_for(cast.maya).get(url).content.decode()
    assert '<option value="push:opportunities" selected>' in body
    assert f'<option value="{gig.pk}" selected>' in body
    assert "Offered “Storage metrics dashboard” to Ada" in body


def _grow(cast: Cast, reports: int, conversations: int, opportunities: int) -> None:
    start = Person.objects.count()
    for n in range(start, start + reports):
        p = Person.objects.create(
            employee_id=f"G{n}", first_name="Rep", last_name=f"G{n}", email=f"g{n}@example.com"
        )
        person_set_manager(person=p, manager=cast.maya)
    for n in range(conversations):
        log(
            cast.maya,
            cast.ada,
            items=[pull("values", f"v{n}"), push("feedback", "f")],
            followups=[followup(cast.ada)],
        )
    for n in range(opportunities):
        opportunity(cast, title=f"Gig {start}-{n}")


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the market's in-process cache is warm from here on
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_prep_sheet_query_count_does_not_grow(cast: Cast, client_for: ClientFor) -> None:
    _aiming_for_senior(cast)
    _sql_expert(cast)
    url = reverse("talks:prep", args=[cast.ada.pk])
    _grow(cast, reports=1, conversations=1, opportunities=1)
    services.conversation_log(
        viewer=viewer_for(cast.maya.user),
        person=cast.ada,
        when=timezone.now() + dt.timedelta(days=2),
        status="planned",
    )
    small = _queries(client_for(cast.maya), url)
    _grow(cast, reports=6, conversations=15, opportunities=6)
    large = _queries(client_for(cast.maya), url)
    assert small == large
    # Three of these serve the market's pushes: its cache's check that the report's own
    # skills and targets have not changed since it was built, and the gap skills' names.
    assert large <= 31


def test_people_to_meet_follow_the_market_rule(cast: Cast) -> None:
    _aiming_for_senior(cast)
    _sql_expert(cast)  # Otto, level 5, another department, opted in
    opted = viewer_for(cast.hana.user)
    others = [
        (4, cast.other_team, True),
        (3, cast.other_team, True),
        (5, cast.team, True),
        (5, cast.other_team, False),
    ]
    for n, (level, unit, active) in enumerate(others):
        p = Person.objects.create(
            employee_id=f"S{n}",
            first_name="Sql",
            last_name=f"S{n}",
            unit=unit,
            is_active=active,
        )
        PersonSkill.objects.create(person=p, skill=cast.sql, level=level)
        market.opt_in_set(viewer=opted, person=p, opted_in=True)
    contacts = _sheet(cast.maya, cast.ada).skill_contacts
    # Other teams first, by level; the inactive colleague is not named.
    assert [(c.person.last_name, c.skills[0][1], c.other_team) for c in contacts] == [
        ("Outsider", 5, True),
        ("S0", 4, True),
        ("S1", 3, True),
        ("S2", 5, False),
    ]


def test_target_role_holders_are_met_only_when_the_map_is_readable(cast: Cast) -> None:
    _aiming_for_senior(cast)
    senior = Person.objects.create(
        employee_id="SR",
        first_name="Sen",
        last_name="Ior",
        unit=cast.other_team,
        role=cast.senior_engineer,
    )
    market.opt_in_set(viewer=viewer_for(cast.hana.user), person=senior, opted_in=True)
    contacts = _sheet(cast.maya, cast.ada).skill_contacts
    assert [(c.person, c.role) for c in contacts] == [(senior, cast.senior_engineer)]
    careers.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"map": "private"}
    )
    assert _sheet(cast.maya, cast.ada).skill_contacts == []
