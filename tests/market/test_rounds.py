from __future__ import annotations

from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.market import rounds, services
from trellis.market.models import Interest, InterestStatus, Round, RoundAssignment
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill


def _setup(cast: Cast) -> list[int]:
    for person in (cast.ada, cast.otto, cast.dora):
        services.opt_in_set(viewer=viewer_for(person.user), person=person, opted_in=True)
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=3)
    PersonSkill.objects.create(person=cast.dora, skill=cast.sql, level=4)
    a = make_opportunity(cast, title="Gig A")
    b = make_opportunity(cast, title="Gig B", hours_per_week=2)
    return [a.pk, b.pk]


def test_round_is_stable_stored_and_reproducible(cast: Cast) -> None:
    opps = _setup(cast)
    rnd = rounds.round_run(viewer=viewer_for(cast.hana.user), name="Q3 gigs", opportunity_ids=opps)
    assert rnd.blocking_pairs == 0
    stored = dict(
        RoundAssignment.objects.filter(round=rnd).values_list("person_id", "opportunity_id")
    )
    assert len(stored) == 2
    # Change the data: the stored preferences still give the same result.
    PersonSkill.objects.filter(person=cast.ada).delete()
    assert rounds.round_replay(Round.objects.get(pk=rnd.pk)) == stored


def test_lock_exclude_and_publish(cast: Cast, client_for: ClientFor) -> None:
    opps = _setup(cast)
    hr = client_for(cast.hana)
    response = hr.post(reverse("market:round_new"), {"opportunities": opps, "step": "preview"})
    assert response.status_code == 200 and "Preview" in response.content.decode()
    response = hr.post(
        reverse("market:round_new"), {"opportunities": opps, "step": "run", "name": "R"}
    )
    rnd = Round.objects.get()
    body = hr.get(reverse("market:round", args=[rnd.pk])).content.decode()
    assert "Blocking pairs: 0" in body
    first = rnd.assignments.first()
    assert first is not None
    pair = f"{first.person_id}:{first.opportunity_id}"
    hr.post(reverse("market:round_adjust", args=[rnd.pk]), {"pair": pair, "action": "exclude"})
    adjusted = Round.objects.exclude(pk=rnd.pk).get()
    assert not adjusted.assignments.filter(
        person_id=first.person_id, opportunity_id=first.opportunity_id
    ).exists()
    hr.post(reverse("market:round_adjust", args=[adjusted.pk]), {"pair": pair, "action": "lock"})
    locked = Round.objects.order_by("-id").first()
    assert locked.assignments.get(person_id=first.person_id).locked
    assert rounds.round_replay(locked)[first.person_id] == first.opportunity_id
    hr.post(reverse("market:round_publish", args=[locked.pk]))
    assert (
        Interest.objects.filter(status=InterestStatus.OFFERED).count() == locked.assignments.count()
    )
    assert client_for(cast.maya).get(reverse("market:round", args=[locked.pk])).status_code == 404
