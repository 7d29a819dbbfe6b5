from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.careers.models import Notification
from trellis.market import services
from trellis.market.models import Pairing
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill


def test_send_digests_once_per_period(cast: Cast) -> None:
    make_opportunity(cast)
    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "1 digests sent." in out.getvalue()
    assert Notification.objects.filter(recipient=cast.ada, message__contains="fit you").count() == 1
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "0 digests sent." in out.getvalue()


def test_mentor_pairing_with_reasons(cast: Cast, client_for: ClientFor) -> None:
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=1, appetite="grow")
    services.opt_in_set(
        viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True, mentor_capacity=1
    )
    services.opt_in_set(viewer=viewer_for(cast.otto.user), person=cast.otto, opted_in=True)
    response = client_for(cast.hana).post(reverse("market:pairing"), {"kind": "mentor"})
    assert response.status_code == 302
    pair = Pairing.objects.get()
    assert (pair.first, pair.second) == (cast.ada, cast.otto)
    assert "Ada can help Otto with Python (4 vs 1)" in pair.reasons
    body = client_for(cast.otto).get(reverse("market:my_pairs")).content.decode()
    assert "Ada can help Otto with Python" in body


def _buddies(cast: Cast, *, otto_shares: str) -> None:
    from trellis.careers import services as careers

    # Otto can teach Ada the SQL she wants to grow: they pair whatever they share.
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=4)
    for person, interests, level in (
        (cast.ada, "Climbing, chess; Jazz", "marketplace"),
        (cast.otto, "chess\nclimbing, sailing", otto_shares),
    ):
        services.opt_in_set(
            viewer=viewer_for(person.user), person=person, opted_in=True, wants_buddy=True
        )
        careers.profile_update(actor=person.user, person=person, data={"interests": interests})
        careers.profile_set_visibility(
            actor=person.user, person=person, visibility={"interests": level}
        )


def test_buddy_reasons_name_shared_interests(cast: Cast, client_for: ClientFor) -> None:
    _buddies(cast, otto_shares="everyone")
    response = client_for(cast.hana).post(reverse("market:pairing"), {"kind": "buddy"})
    assert response.status_code == 302
    pair = Pairing.objects.get()
    assert {pair.first, pair.second} == {cast.ada, cast.otto}
    first, second = pair.first.first_name, pair.second.first_name
    assert f"{first} and {second} both enjoy chess, climbing" in pair.reasons
    body = client_for(cast.ada).get(reverse("market:my_pairs")).content.decode()
    assert "both enjoy chess, climbing" in body


def test_interests_not_shared_with_the_marketplace_are_not_used(
    cast: Cast, client_for: ClientFor
) -> None:
    _buddies(cast, otto_shares="manager")
    client_for(cast.hana).post(reverse("market:pairing"), {"kind": "buddy"})
    pair = Pairing.objects.get()
    reasons = pair.reasons
    assert "Otto can help Ada with SQL (4 vs 2)" in reasons
    assert not any("enjoy" in r for r in reasons)
    assert "chess" not in " ".join(reasons)


def test_interest_tags_are_short_phrases() -> None:
    from trellis.market.fetch import interest_tags

    assert interest_tags(" Climbing,  chess;\nJazz piano., chess ,,") == [
        "climbing",
        "chess",
        "jazz piano",
    ]
    assert interest_tags("I like to spend my weekends outdoors with my family and friends") == []
