"""Pairing answered by both sides: asks for a mentor, left-out reasons, accept and decline."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from trellis.careers.models import Notification
from trellis.market import pairing_answers, services
from trellis.market.models import (
    LeftOutReason,
    MentorRequest,
    Pairing,
    PairingLeftOut,
    PairStatus,
    RequestStatus,
)
from trellis.market.pairing import pairing_run
from trellis.market.proposals import ProposalError
from trellis.market.services import MarketError
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.skills.models import PersonSkill, Skill


def _mentor(cast: Cast, person: Person, seats: int = 1) -> None:
    services.opt_in_set(
        viewer=viewer_for(person.user), person=person, opted_in=True, mentor_capacity=seats
    )


def _ask(person: Person, skill: Skill, goal: str = "Review my queries") -> MentorRequest:
    return pairing_answers.mentor_request_create(
        viewer=viewer_for(person.user), skill=skill, goal=goal, hours_per_month=2
    )


def _run(cast: Cast, kind: str = "mentor"):  # type: ignore[no-untyped-def]
    return pairing_run(viewer=viewer_for(cast.hana.user), kind=kind)


def test_an_ask_is_paired_with_a_mentor_who_knows_the_skill(cast: Cast) -> None:
    _mentor(cast, cast.ada)
    ask = _ask(cast.otto, cast.python, goal="Automate my pipeline report")
    pr = _run(cast)
    pair = Pairing.objects.get(round=pr)
    assert (pair.first, pair.second, pair.request) == (cast.ada, cast.otto, ask)
    assert pair.reasons == [
        "Ada can help Otto with Python (4 vs 0)",
        "Otto asked for a mentor in Python: “Automate my pipeline report” (2 hours a month)",
    ]
    assert pair.status == PairStatus.PROPOSED
    ask.refresh_from_db()
    assert ask.status == RequestStatus.PAIRED


def test_left_out_people_are_told_why_and_kept_for_the_next_round(cast: Cast) -> None:
    go = Skill.objects.create(name="Go")
    _mentor(cast, cast.ada)
    asks = [_ask(cast.otto, cast.python), _ask(cast.hana, cast.python), _ask(cast.dora, go)]
    pr = _run(cast)
    paired = Pairing.objects.get(round=pr)
    left = {x.person: x for x in PairingLeftOut.objects.filter(round=pr)}
    loser = cast.hana if paired.second == cast.otto else cast.otto
    assert set(left) == {loser, cast.dora}
    assert left[loser].reason == LeftOutReason.CAPACITY
    assert "had all their seats taken" in left[loser].message
    assert left[cast.dora].reason == LeftOutReason.NO_PARTNER
    assert left[cast.dora].message.startswith("No mentor in another team with free seats knows Go")
    assert Notification.objects.filter(recipient=cast.dora, message__contains="knows Go").exists()
    statuses = {
        a.person: a.status for a in MentorRequest.objects.filter(pk__in=[a.pk for a in asks])
    }
    assert statuses[loser] == statuses[cast.dora] == RequestStatus.OPEN

    # The pair holds Ada's only seat: the next round pairs nobody new with her ...
    with pytest.raises(MarketError, match="needs mentors with seats"):
        _run(cast)
    # ... until the pair is declined, which frees her seat and opens the mentee's ask again.
    pairing_answers.pairing_answer(
        viewer=viewer_for(paired.second.user), pairing=paired, accept=False, reason="Wrong time"
    )
    again = Pairing.objects.get(round=_run(cast))
    assert again.first == cast.ada and again.second in (cast.otto, cast.hana)


def test_both_accept_makes_the_pair_accepted(cast: Cast) -> None:
    _mentor(cast, cast.ada)
    _ask(cast.otto, cast.python)
    pair = Pairing.objects.get(round=_run(cast))
    pair = pairing_answers.pairing_answer(
        viewer=viewer_for(cast.otto.user), pairing=pair, accept=True
    )
    assert (pair.status, pair.second_accepted, pair.first_accepted) == ("proposed", True, False)
    pair = pairing_answers.pairing_answer(
        viewer=viewer_for(cast.ada.user), pairing=pair, accept=True
    )
    assert pair.status == PairStatus.ACCEPTED
    assert Notification.objects.filter(
        recipient=cast.otto, message="Ada Lovelace accepted your pairing."
    ).exists()


def test_a_decline_needs_a_reason_and_only_the_pair_answers(cast: Cast) -> None:
    _mentor(cast, cast.ada)
    _ask(cast.otto, cast.python)
    pair = Pairing.objects.get(round=_run(cast))
    with pytest.raises(ProposalError) as caught:
        pairing_answers.pairing_answer(
            viewer=viewer_for(cast.otto.user), pairing=pair, accept=False, reason=" "
        )
    assert caught.value.field == "reason"
    with pytest.raises(ProposalError, match="Only the two people paired"):
        pairing_answers.pairing_answer(viewer=viewer_for(cast.maya.user), pairing=pair, accept=True)
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED
    pairing_answers.pairing_answer(
        viewer=viewer_for(cast.ada.user), pairing=pair, accept=False, reason="Too busy"
    )
    with pytest.raises(ProposalError, match="declined already"):
        pairing_answers.pairing_answer(viewer=viewer_for(cast.otto.user), pairing=pair, accept=True)
    pair.refresh_from_db()
    assert (pair.status, pair.declined_by, pair.decline_reason) == (
        "declined",
        cast.ada,
        "Too busy",
    )


def test_buddies_left_out_are_told_why(cast: Cast) -> None:
    # Otto can teach Ada the SQL she grows; Hana (no skills, no shared interests) fits nobody.
    PersonSkill.objects.create(person=cast.otto, skill=cast.sql, level=4)
    for person in (cast.ada, cast.otto, cast.hana):
        services.opt_in_set(
            viewer=viewer_for(person.user), person=person, opted_in=True, wants_buddy=True
        )
    pr = _run(cast, "buddy")
    pair = Pairing.objects.get(round=pr)
    assert {pair.first, pair.second} == {cast.ada, cast.otto}
    left = PairingLeftOut.objects.get(round=pr)
    assert (left.person, left.reason) == (cast.hana, LeftOutReason.NO_PARTNER)
    # Ada and Otto are held by their pair: Hana alone asks now, and no round can run.
    with pytest.raises(MarketError, match="At least two people without a buddy"):
        _run(cast, "buddy")


def test_asking_twice_for_one_skill_is_refused_on_the_field(cast: Cast) -> None:
    _ask(cast.otto, cast.python)
    with pytest.raises(ProposalError) as caught:
        _ask(cast.otto, cast.python)
    assert caught.value.field == "skill"
    assert MentorRequest.objects.count() == 1


def test_the_ask_page_refuses_bad_hours_with_the_field(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.otto).post(
        "/market/pairs/ask/", {"skill": cast.python.pk, "goal": "Learn", "hours_per_month": "0"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"hours_per_month"}
    assert not MentorRequest.objects.exists()
