"""Pages assembled by selectors: For you and the round preview (DESIGN §5)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.urls import reverse

from tests.cast import Cast
from tests.market.conftest import make_opportunity
from trellis.market import round_selectors, rounds, selectors, services
from trellis.market.forms import FeedFilterForm
from trellis.market.models import Kind, Opportunity
from trellis.market.recommend import ForYouFilters
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill


def test_for_you_page_marks_items_with_the_persons_own_pipeline(
    cast: Cast, opp: Opportunity
) -> None:
    ada = viewer_for(cast.ada.user)
    other = make_opportunity(cast, title="Second gig")
    page = selectors.for_you_page(viewer=ada, filters=ForYouFilters())
    assert {i.opportunity.pk: i.status for i in page.items} == {opp.pk: "", other.pk: ""}
    services.interest_express(viewer=ada, opp=opp, apply=True)
    # Someone else's interest in the other gig is not Ada's status.
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=4)
    services.interest_express(viewer=viewer_for(cast.otto.user), opp=other)
    page = selectors.for_you_page(viewer=ada, filters=ForYouFilters())
    assert {i.opportunity.pk: i.status for i in page.items} == {opp.pk: "applied", other.pk: ""}
    # The opt-in is Ada's (not saved yet: she has not opted in).
    assert not page.opt_in.opted_in and page.opt_in.person_id == cast.ada.pk


def test_for_you_page_names_people_for_the_items_gap_skills(cast: Cast, opp: Opportunity) -> None:
    otto = viewer_for(cast.otto.user)
    services.opt_in_set(viewer=otto, person=cast.otto, opted_in=True)
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=5)
    page = selectors.for_you_page(viewer=viewer_for(cast.ada.user), filters=ForYouFilters())
    # SQL is partly met by Ada on the listed gig: Otto, who opted in, holds it.
    assert [line.skill for line in page.items[0].why.partial] == [cast.sql]
    assert [(c.person, c.skills) for c in page.talk] == [(cast.otto, [(cast.sql, 5)])]
    # Nothing listed, nothing to talk about.
    empty = selectors.for_you_page(
        viewer=viewer_for(cast.ada.user), filters=ForYouFilters(kind=Kind.ROLE)
    )
    assert empty.items == [] and empty.talk == []


def test_for_you_page_applies_the_filters(cast: Cast, opp: Opportunity) -> None:
    ada = viewer_for(cast.ada.user)
    assert selectors.for_you_page(viewer=ada, filters=ForYouFilters(kind=Kind.PROJECT)).items == []
    gigs = selectors.for_you_page(viewer=ada, filters=ForYouFilters(kind=Kind.GIG)).items
    assert [i.opportunity.pk for i in gigs] == [opp.pk]
    assert selectors.for_you_page(viewer=ada, filters=ForYouFilters(max_hours=2)).items == []


def test_filter_form_gives_no_filters_when_invalid_or_empty() -> None:
    assert FeedFilterForm(None).for_you_filters() == ForYouFilters()
    assert FeedFilterForm({"max_hours": "-4", "kind": "gig"}).for_you_filters() == ForYouFilters()
    form = FeedFilterForm({"kind": "gig", "unit": " /Acme/Eng/ ", "max_hours": "8", "remote": "on"})
    assert form.for_you_filters() == ForYouFilters(
        kind="gig", unit_path="Acme/Eng", max_hours=8, remote=True
    )


def test_for_you_page_refuses_an_account_without_a_person(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    nobody = User.objects.create_user(username="nobody", password="x")
    with pytest.raises(Http404):
        selectors.for_you_page(viewer=viewer_for(nobody), filters=ForYouFilters())
    client = client_for(cast.ada)
    client.force_login(nobody)
    assert client.get(reverse("market:for_you")).status_code == 404


def _round(cast: Cast) -> list[int]:
    for person in (cast.ada, cast.otto, cast.dora):
        services.opt_in_set(viewer=viewer_for(person.user), person=person, opted_in=True)
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=3)
    PersonSkill.objects.create(person=cast.dora, skill=cast.sql, level=4)
    PersonSkill.objects.create(person=cast.dora, skill=cast.python, level=2)
    return [make_opportunity(cast, title=f"Gig {n}").pk for n in range(3)]


def test_round_preview_lists_both_sides_in_their_order(cast: Cast) -> None:
    prep = rounds.prepare(opportunity_ids=_round(cast))
    preview = round_selectors.round_preview(viewer=viewer_for(cast.hana.user), prep=prep)
    data, prefs = prep.data, prep.prefs
    assert preview.n_people == prefs.n_people == 3
    person_of = prefs.person_of.tolist()
    for o, (opp, n, best) in enumerate(preview.opps):
        assert opp.pk == int(data.opp_ids[o])
        entries = sorted(
            (int(prefs.opp_rank[e]), e) for e in range(prefs.opp.shape[0]) if prefs.opp[e] == o
        )
        assert n == len(entries) > 0
        expected = [int(data.person_ids[prep.people[person_of[e]]]) for _, e in entries]
        assert [p.pk for p in best] == expected[:5]
    for row, (person, listed) in enumerate(preview.people):
        assert person.pk == int(data.person_ids[prep.people[row]])
        assert [o.pk for o, _ in listed] == [int(data.opp_ids[o]) for o in prefs.list_of(row)]


def test_round_preview_is_for_hr_only(cast: Cast) -> None:
    prep = rounds.prepare(opportunity_ids=_round(cast))
    for who in (cast.maya, cast.ada):
        with pytest.raises(Http404):
            round_selectors.round_preview(viewer=viewer_for(who.user), prep=prep)
