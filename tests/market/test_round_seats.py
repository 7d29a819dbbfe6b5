"""Rounds never sell a seat twice: supersession, seats already held, and publication checks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.market import rounds, services
from trellis.market.models import (
    SEAT_STATUSES,
    Interest,
    InterestStatus,
    Kind,
    Opportunity,
    Round,
    RoundStatus,
)
from trellis.market.services import MarketError
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill

API = "/api/v1/market"
SUPERSEDED = (
    "This round was adjusted and is superseded by “Q3 (adjusted)”; it cannot be published. "
    "Use the adjusted round."
)


def seats_used(opp: Opportunity) -> int:
    return Interest.objects.filter(opportunity=opp, status__in=SEAT_STATUSES).count()


def market_of_three(cast: Cast, *, capacity: int = 2) -> Opportunity:
    """One open role with ``capacity`` seats; Ada, Otto and Dora opted in and qualified."""
    for person in (cast.ada, cast.otto, cast.dora):
        services.opt_in_set(viewer=viewer_for(person.user), person=person, opted_in=True)
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=3)
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=3)
    PersonSkill.objects.create(person=cast.dora, skill=cast.python, level=3)
    PersonSkill.objects.create(person=cast.dora, skill=cast.sql, level=4)
    return make_opportunity(cast, kind=Kind.ROLE, title="Storage engineer", capacity=capacity)


def offer_through_workflow(cast: Cast, opp: Opportunity, person: object) -> Interest:
    interest = services.interest_express(viewer=viewer_for(person.user), opp=opp, apply=True)  # type: ignore[attr-defined]
    maya = viewer_for(cast.maya.user)
    services.interest_move(viewer=maya, interest=interest, to=InterestStatus.SHORTLISTED)
    return services.interest_move(viewer=maya, interest=interest, to=InterestStatus.OFFERED)


def test_adjusted_round_supersedes_its_origin_web(cast: Cast, client_for: ClientFor) -> None:
    """The reproduction: adjust round 1 into round 2, publish both: the second is refused."""
    opp = market_of_three(cast)
    hr = client_for(cast.hana)
    hr.post(reverse("market:round_new"), {"opportunities": [opp.pk], "step": "run", "name": "Q3"})
    first = Round.objects.get()
    assert first.assignments.count() == 2
    pair = first.assignments.order_by("person_id").first()
    assert pair is not None
    response = hr.post(
        reverse("market:round_adjust", args=[first.pk]),
        {"pair": f"{pair.person_id}:{pair.opportunity_id}", "action": "exclude"},
    )
    second = Round.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("market:round", args=[second.pk])
    first.refresh_from_db()
    assert first.status == RoundStatus.SUPERSEDED and first.superseded_by == second
    page = hr.get(reverse("market:round", args=[first.pk])).content.decode()
    assert "This round was adjusted and cannot be published" in page
    assert reverse("market:round_publish", args=[first.pk]) not in page
    assert "Superseded by an adjusted round" in hr.get(reverse("market:rounds")).content.decode()

    hr.post(reverse("market:round_publish", args=[second.pk]))
    page = hr.get(reverse("market:round", args=[second.pk])).content.decode()
    assert "2 offers published." in page
    response = hr.post(reverse("market:round_publish", args=[first.pk]), follow=True)
    assert SUPERSEDED in response.content.decode()
    first.refresh_from_db()
    assert first.status == RoundStatus.SUPERSEDED
    assert seats_used(opp) == 2 == opp.capacity


def test_superseded_round_publish_refused_first_api(cast: Cast, client_for: ClientFor) -> None:
    """The other order: the superseded round is refused even before its copy is published."""
    opp = market_of_three(cast)
    hr = client_for(cast.hana)
    made = hr.post(
        f"{API}/rounds",
        {"name": "Q3", "opportunity_ids": [opp.pk]},
        content_type="application/json",
    ).json()
    victim = min(a["person"] for a in made["assignments"])
    adjusted = hr.post(
        f"{API}/rounds/{made['id']}/adjust",
        {"person_id": victim, "opportunity_id": opp.pk, "action": "exclude"},
        content_type="application/json",
    )
    assert adjusted.status_code == 201, adjusted.content
    new = adjusted.json()
    assert new["name"] == "Q3 (adjusted)" and new["status"] == "run"
    old = hr.get(f"{API}/rounds/{made['id']}").json()
    assert old["status"] == "superseded" and old["superseded_by"] == new["id"]

    refused = hr.post(f"{API}/rounds/{made['id']}/publish")
    assert refused.status_code == 400
    assert refused.json() == {"detail": SUPERSEDED}
    assert seats_used(opp) == 0
    again = hr.post(
        f"{API}/rounds/{made['id']}/adjust",
        {"person_id": victim, "opportunity_id": opp.pk, "action": "lock"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json() == {"detail": SUPERSEDED.replace("be published", "be adjusted")}

    published = hr.post(f"{API}/rounds/{new['id']}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published" and published.json()["offers"] == 2
    twice = hr.post(f"{API}/rounds/{new['id']}/publish")
    assert twice.json() == {"detail": "This round is already published."}
    assert seats_used(opp) == 2
    # Outsiders and owners who are not HR see no round at all.
    assert client_for(cast.maya).post(f"{API}/rounds/{new['id']}/publish").status_code == 404


def test_round_fills_only_the_seats_left(cast: Cast) -> None:
    opp = market_of_three(cast, capacity=2)
    offer_through_workflow(cast, opp, cast.dora)
    hana = viewer_for(cast.hana.user)
    rnd = rounds.round_run(viewer=hana, name="Rest", opportunity_ids=[opp.pk])
    assignments = list(rnd.assignments.values_list("person_id", "opportunity_id"))
    # One seat was left; Dora, who holds the other, is not offered it again.
    assert len(assignments) == 1
    assert assignments[0][0] in {cast.ada.pk, cast.otto.pk}
    assert rnd.inputs["seats_held"] == {str(opp.pk): 1}
    assert rounds.round_publish(viewer=hana, rnd=rnd) == 1
    assert seats_used(opp) == 2


def test_round_on_a_full_opportunity_assigns_nobody(cast: Cast) -> None:
    opp = market_of_three(cast, capacity=1)
    offer_through_workflow(cast, opp, cast.dora)
    rnd = rounds.round_run(viewer=viewer_for(cast.hana.user), name="Full", opportunity_ids=[opp.pk])
    assert rnd.assignments.count() == 0
    assert rounds.round_publish(viewer=viewer_for(cast.hana.user), rnd=rnd) == 0
    assert seats_used(opp) == 1


def test_publish_refused_when_offers_were_made_since_the_run(
    cast: Cast, client_for: ClientFor
) -> None:
    opp = market_of_three(cast, capacity=2)
    PersonSkill.objects.create(person=cast.hana, skill=cast.python, level=3)
    hana = viewer_for(cast.hana.user)
    rnd = rounds.round_run(
        viewer=hana, name="Q3", opportunity_ids=[opp.pk], person_ids=[cast.ada.pk, cast.otto.pk]
    )
    assert rnd.assignments.count() == 2
    offer_through_workflow(cast, opp, cast.dora)
    response = client_for(cast.hana).post(f"{API}/rounds/{rnd.pk}/publish")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "“Storage engineer” has 1 of 2 seats free, but this round offers 2: offers "
        "were made since it ran. Run the round again."
    }
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.RUN
    assert seats_used(opp) == 1  # nothing of the refused publication was kept


def test_publish_refused_on_a_closed_opportunity(cast: Cast, client_for: ClientFor) -> None:
    opp = market_of_three(cast)
    rnd = rounds.round_run(viewer=viewer_for(cast.hana.user), name="Q3", opportunity_ids=[opp.pk])
    services.opportunity_close(viewer=viewer_for(cast.maya.user), opp=opp)
    response = client_for(cast.hana).post(
        reverse("market:round_publish", args=[rnd.pk]), follow=True
    )
    assert "“Storage engineer” is no longer open; run the round again." in response.content.decode()
    assert seats_used(opp) == 0


def test_a_lock_needs_a_free_seat(cast: Cast) -> None:
    opp = market_of_three(cast, capacity=1)
    hana = viewer_for(cast.hana.user)
    rnd = rounds.round_run(viewer=hana, name="Q3", opportunity_ids=[opp.pk])
    offer_through_workflow(cast, opp, cast.dora)
    with pytest.raises(MarketError) as refused:
        rounds.round_adjust(viewer=hana, rnd=rnd, pair=(cast.ada.pk, opp.pk), lock=True)
    assert str(refused.value) == "No seat is left on this opportunity for the locked pair."
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.RUN  # the refused adjustment superseded nothing


# --- at the same time ----------------------------------------------------------------------


def _at_once(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs on their own threads (own database connections), released together.

    Each result is what the job returned, or the text of the MarketError it raised; any
    other exception is returned as is, to fail the test's assertion with its repr.
    """
    start = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(n: int) -> None:
        try:
            start.wait(timeout=30)
            results[n] = jobs[n]()
        except MarketError as error:
            results[n] = str(error)
        except Exception as error:  # reported through the results
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_publications_at_once_never_oversell(cast: Cast) -> None:
    opp = market_of_three(cast, capacity=2)
    PersonSkill.objects.create(person=cast.hana, skill=cast.python, level=3)
    PersonSkill.objects.create(person=cast.hana, skill=cast.sql, level=3)
    services.opt_in_set(viewer=viewer_for(cast.hana.user), person=cast.hana, opted_in=True)
    hana = viewer_for(cast.hana.user)
    # Two rounds over the same two seats with different people: each fills both seats.
    one = rounds.round_run(
        viewer=hana, name="One", opportunity_ids=[opp.pk], person_ids=[cast.ada.pk, cast.otto.pk]
    )
    two = rounds.round_run(
        viewer=hana, name="Two", opportunity_ids=[opp.pk], person_ids=[cast.dora.pk, cast.hana.pk]
    )
    assert one.assignments.count() == two.assignments.count() == 2

    results = _at_once(
        lambda: rounds.round_publish(viewer=hana, rnd=one),
        lambda: rounds.round_publish(viewer=hana, rnd=two),
    )
    refusal = (
        "“Storage engineer” has 0 of 2 seats free, but this round offers 2: offers were made "
        "since it ran. Run the round again."
    )
    assert sorted(results, key=str) == [2, refusal], results
    assert seats_used(opp) == 2
    statuses = set(Round.objects.values_list("status", flat=True))
    assert statuses == {RoundStatus.PUBLISHED, RoundStatus.RUN}


@pytest.mark.django_db(transaction=True)
def test_two_offers_and_a_publication_at_once_never_oversell(cast: Cast) -> None:
    opp = market_of_three(cast, capacity=1)
    hana, maya = viewer_for(cast.hana.user), viewer_for(cast.maya.user)
    rnd = rounds.round_run(
        viewer=hana, name="One", opportunity_ids=[opp.pk], person_ids=[cast.ada.pk]
    )
    assert rnd.assignments.count() == 1
    shortlisted = []
    for person in (cast.otto, cast.dora):
        interest = services.interest_express(viewer=viewer_for(person.user), opp=opp, apply=True)
        shortlisted.append(
            services.interest_move(viewer=maya, interest=interest, to=InterestStatus.SHORTLISTED)
        )

    results = _at_once(
        lambda: rounds.round_publish(viewer=hana, rnd=rnd),
        lambda: (
            services.interest_move(
                viewer=maya, interest=shortlisted[0], to=InterestStatus.OFFERED
            ).status
        ),
        lambda: (
            services.interest_move(
                viewer=maya, interest=shortlisted[1], to=InterestStatus.OFFERED
            ).status
        ),
    )
    winners = [r for r in results if r in (1, InterestStatus.OFFERED)]
    refused = [r for r in results if isinstance(r, str) and r.startswith("“Storage engineer”")]
    refused += [r for r in results if isinstance(r, str) and r.startswith("Every seat of")]
    assert len(winners) == 1 and len(refused) == 2, results
    assert seats_used(opp) == 1


def test_adjust_api_refuses_bad_pairs_without_a_server_error(
    cast: Cast, client_for: ClientFor
) -> None:
    opp = market_of_three(cast)
    rnd = rounds.round_run(viewer=viewer_for(cast.hana.user), name="Q3", opportunity_ids=[opp.pk])
    hr = client_for(cast.hana)
    url = f"{API}/rounds/{rnd.pk}/adjust"
    huge = hr.post(
        url,
        {"person_id": 10**20, "opportunity_id": opp.pk, "action": "exclude"},
        content_type="application/json",
    )
    assert huge.status_code == 422
    assert huge.json()["detail"][0]["loc"][-1] == "person_id"
    outside = hr.post(
        url,
        {"person_id": cast.ada.pk, "opportunity_id": opp.pk + 1000, "action": "lock"},
        content_type="application/json",
    )
    assert outside.status_code == 400
    assert outside.json() == {"detail": "A locked pair names an opportunity outside the round."}
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.RUN
    stranger = hr.post(
        url,
        {"person_id": 2**31 - 1, "opportunity_id": 2**31 - 1, "action": "exclude"},
        content_type="application/json",
    )
    assert stranger.status_code == 201  # excluding a pair nobody holds changes nothing
    assert len(stranger.json()["assignments"]) == rnd.assignments.count()
