"""Proposals from the bottom up: the sponsor's answers, the opportunity made, refusals."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from trellis.market import proposals
from trellis.market.models import (
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    Proposal,
    ProposalStatus,
)
from trellis.market.proposals import ProposalData, ProposalError
from trellis.org.access import viewer_for


def _propose(cast: Cast, **fields: object) -> Proposal:
    data: dict[str, object] = {
        "sponsor": cast.dora,
        "title": "Storage cost dashboard",
        "problem": "Nobody sees what storage costs.",
        "solution": "A weekly dashboard.",
        "skills_needed": [cast.python],
        "skills_built": [cast.sql],
        "hours_per_week": 3,
    }
    data.update(fields)
    return proposals.proposal_submit(
        viewer=viewer_for(cast.ada.user),
        data=ProposalData(**data),  # type: ignore[arg-type]
    )


def test_approval_makes_a_project_owned_by_the_sponsor_with_the_proposer_on_it(
    cast: Cast,
) -> None:
    proposal = _propose(cast, extra_seats=2)
    decided = proposals.proposal_decide(
        viewer=viewer_for(cast.dora.user), proposal=proposal, decision="approve"
    )
    assert decided.status == ProposalStatus.APPROVED
    opp = Opportunity.objects.get(pk=decided.opportunity_id)
    assert (opp.owner, opp.unit_id, opp.kind) == (cast.dora, cast.dora.unit_id, "project")
    assert (opp.capacity, opp.status, opp.hours_per_week) == (3, OpportunityStatus.OPEN, 3)
    skills = {(s.skill.name, s.required) for s in opp.skills.select_related("skill")}
    assert skills == {("Python", True), ("SQL", False)}
    seat = opp.interests.get()
    assert (seat.person, seat.status) == (cast.ada, InterestStatus.ACCEPTED)
    assert cast.ada.career_notifications.filter(message__contains="approved").exists()


def test_a_project_nobody_else_joins_is_filled_at_once(cast: Cast) -> None:
    proposal = _propose(cast)
    proposals.proposal_decide(
        viewer=viewer_for(cast.dora.user), proposal=proposal, decision="approve"
    )
    opp = Opportunity.objects.get(proposal=proposal)
    assert (opp.capacity, opp.status) == (1, OpportunityStatus.FILLED)


def test_a_proposal_is_answered_once(cast: Cast) -> None:
    proposal = _propose(cast)
    dora = viewer_for(cast.dora.user)
    proposals.proposal_decide(viewer=dora, proposal=proposal, decision="approve")
    with pytest.raises(ProposalError, match="answered already"):
        proposals.proposal_decide(viewer=dora, proposal=proposal, decision="approve")
    assert Opportunity.objects.filter(title="Storage cost dashboard").count() == 1


def test_only_the_sponsor_answers(cast: Cast) -> None:
    proposal = _propose(cast)
    for person in (cast.ada, cast.hana, cast.maya):
        with pytest.raises(ProposalError, match="Only the sponsor"):
            proposals.proposal_decide(
                viewer=viewer_for(person.user), proposal=proposal, decision="approve"
            )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_declining_or_asking_for_changes_needs_a_reason(cast: Cast) -> None:
    proposal = _propose(cast)
    dora = viewer_for(cast.dora.user)
    for decision in ("decline", "changes"):
        with pytest.raises(ProposalError) as caught:
            proposals.proposal_decide(
                viewer=dora,
                proposal=proposal,
                decision=decision,  # type: ignore[arg-type]
                response="  ",
            )
        assert caught.value.field == "response"
    declined = proposals.proposal_decide(
        viewer=dora, proposal=proposal, decision="decline", response="No budget this quarter."
    )
    assert (declined.status, declined.response) == ("declined", "No budget this quarter.")
    assert declined.opportunity_id is None


def test_changes_asked_then_revised_waits_again(cast: Cast) -> None:
    proposal = _propose(cast)
    proposals.proposal_decide(
        viewer=viewer_for(cast.dora.user),
        proposal=proposal,
        decision="changes",
        response="Say how you measure it.",
    )
    revised = proposals.proposal_revise(
        viewer=viewer_for(cast.ada.user),
        proposal=proposal,
        data=ProposalData(
            sponsor=cast.dora,
            title="Storage cost dashboard",
            problem="Nobody sees what storage costs.",
            solution="A weekly dashboard, measured by cost per terabyte.",
            skills_needed=[cast.python],
            skills_built=[],
            hours_per_week=4,
        ),
    )
    assert (revised.status, revised.hours_per_week) == (ProposalStatus.SUBMITTED, 4)
    assert list(revised.skills_built.all()) == []


def test_the_proposer_cannot_sponsor_themselves(cast: Cast) -> None:
    with pytest.raises(ProposalError) as caught:
        _propose(cast, sponsor=cast.ada)
    assert caught.value.field == "sponsor"
    assert not Proposal.objects.exists()


def test_the_page_refuses_bad_input_with_the_field(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.ada).post(
        "/market/proposals/new/",
        {
            "title": "X",
            "sponsor": cast.dora.pk,
            "problem": "P",
            "solution": "S",
            "hours_per_week": "41",
            "extra_seats": "0",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"hours_per_week", "skills_needed"}
    assert not Proposal.objects.exists()


def test_the_api_refuses_a_decline_without_a_reason_with_the_field(  # type: ignore[no-untyped-def]
    client_for, cast: Cast
) -> None:
    proposal = _propose(cast)
    response = client_for(cast.dora).post(
        f"/api/v1/market/proposals/{proposal.pk}/decide",
        {"decision": "decline"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Say why, so that the proposer can act on it.",
        "field": "response",
    }
    bad = client_for(cast.dora).post(
        f"/api/v1/market/proposals/{proposal.pk}/decide",
        {"decision": "maybe"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "decision"
