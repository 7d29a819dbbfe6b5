"""Pairs and proposals under concurrency: nothing is given twice when two answers race."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.market.test_round_seats import _at_once
from trellis.market import pairing_answers, proposals, services
from trellis.market.models import Opportunity, Pairing, PairStatus
from trellis.market.pairing import pairing_run
from trellis.market.proposals import ProposalData
from trellis.org.access import viewer_for


@pytest.mark.django_db(transaction=True)
def test_two_mentor_rounds_at_once_never_fill_a_seat_twice(cast: Cast) -> None:
    services.opt_in_set(
        viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True, mentor_capacity=1
    )
    for person in (cast.otto, cast.hana):
        pairing_answers.mentor_request_create(
            viewer=viewer_for(person.user), skill=cast.python, goal="Learn", hours_per_month=2
        )
    hana = viewer_for(cast.hana.user)
    results = _at_once(
        lambda: pairing_run(viewer=hana, kind="mentor"),
        lambda: pairing_run(viewer=hana, kind="mentor"),
    )
    # One round takes Ada's only seat; the other finds no seat left and runs no round.
    assert "A mentor round needs mentors with seats and people to mentor." in results, results
    assert Pairing.objects.filter(first=cast.ada).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_accept_and_a_decline_at_once_end_declined(cast: Cast) -> None:
    services.opt_in_set(
        viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True, mentor_capacity=1
    )
    pairing_answers.mentor_request_create(
        viewer=viewer_for(cast.otto.user), skill=cast.python, goal="Learn", hours_per_month=2
    )
    pairing_run(viewer=viewer_for(cast.hana.user), kind="mentor")
    pair = Pairing.objects.get()
    pairing_answers.pairing_answer(viewer=viewer_for(cast.ada.user), pairing=pair, accept=True)
    _at_once(
        lambda: pairing_answers.pairing_answer(
            viewer=viewer_for(cast.otto.user), pairing=pair, accept=True
        ),
        lambda: pairing_answers.pairing_answer(
            viewer=viewer_for(cast.ada.user), pairing=pair, accept=False, reason="Changed plans"
        ),
    )
    pair.refresh_from_db()
    # Either order ends declined: a decline after an accept ends an accepted pair too.
    assert pair.status == PairStatus.DECLINED
    assert pair.request is not None and pair.request.status == "open"


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_make_one_opportunity(cast: Cast) -> None:
    proposal = proposals.proposal_submit(
        viewer=viewer_for(cast.ada.user),
        data=ProposalData(
            sponsor=cast.dora,
            title="Storage cost dashboard",
            problem="Nobody sees costs.",
            solution="A dashboard.",
            skills_needed=[cast.python],
            skills_built=[],
            hours_per_week=2,
        ),
    )
    dora = viewer_for(cast.dora.user)
    results = _at_once(
        lambda: proposals.proposal_decide(viewer=dora, proposal=proposal, decision="approve"),
        lambda: proposals.proposal_decide(viewer=dora, proposal=proposal, decision="approve"),
    )
    assert "This proposal has been answered already." in results, results
    assert Opportunity.objects.filter(title="Storage cost dashboard").count() == 1
