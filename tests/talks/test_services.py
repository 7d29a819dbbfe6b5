from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.talks.helpers import followup, log, pair, pull, push
from trellis.careers.models import Action, CareerProfile, Goal
from trellis.market.models import PairingKind
from trellis.org.access import viewer_for
from trellis.org.models import AuditEvent
from trellis.talks import access, services
from trellis.talks.models import ConversationItem
from trellis.talks.services import EMPTY_CONVERSATION, TalkError


def test_log_with_items_and_followups_is_audited_without_content(cast: Cast) -> None:
    c = log(
        cast.maya,
        cast.ada,
        summary="Secret words",
        items=[
            pull("interests", "Bouldering"),
            push("paths", "Senior role", role=cast.senior_engineer),
        ],
        followups=[followup(cast.ada)],
        spur_areas=["self", "reality", "self"],
        stance="facilitator",
    )
    assert c.items.count() == 2 and c.followups.count() == 1
    assert c.spur_areas == ["self", "reality"]
    event = AuditEvent.objects.get(action="talks.conversation.log")
    assert event.detail == {
        "person": cast.ada.pk,
        "visibility": "shared",
        "items": 2,
        "followups": 1,
    }
    assert "Secret" not in str(event.detail)


def test_empty_conversation_refused(cast: Cast) -> None:
    with pytest.raises(TalkError) as error:
        log(cast.maya, cast.ada, summary="  ")
    assert str(error.value) == EMPTY_CONVERSATION


@pytest.mark.parametrize("author", ["otto", "ada", "alex"])
def test_partner_out_of_reach_refused(cast: Cast, author: str) -> None:
    with pytest.raises(TalkError) as error:
        log(getattr(cast, author), cast.maya if author == "ada" else cast.ada)
    assert str(error.value) == access.REFUSED_PARTNER


def test_indirect_manager_and_hr_may_log(cast: Cast) -> None:
    assert log(cast.dora, cast.ada).author == cast.dora
    assert log(cast.hana, cast.otto).author == cast.hana


def test_private_followup_must_be_the_authors(cast: Cast) -> None:
    with pytest.raises(TalkError, match="private note's follow-ups can only be yours"):
        log(cast.maya, cast.ada, visibility="private", followups=[followup(cast.ada)])
    with pytest.raises(TalkError, match="belongs to you or to the person"):
        log(cast.maya, cast.ada, followups=[followup(cast.otto)])


def test_accept_pull_items_into_profile_and_map(cast: Cast) -> None:
    c = log(
        cast.maya,
        cast.ada,
        items=[
            pull("interests", "Bouldering"),
            pull("learning", "Learn Rust"),
            pull("goals", "Lead a team within two years"),
            pull("values", "Honesty"),
        ],
    )
    ada = viewer_for(cast.ada.user)
    for item in c.items.all():
        services.item_decide(viewer=ada, item=item, accept=True)
    profile = CareerProfile.objects.get(person=cast.ada)
    assert profile.interests == "Bouldering"
    assert profile.values_own == "Honesty"
    assert Goal.objects.filter(person=cast.ada, title="Lead a team within two years").exists()
    action = Action.objects.get(goal__person=cast.ada, title="Learn Rust")
    assert action.goal.title == services.LEARNING_GOAL_TITLE
    assert set(c.items.values_list("outcome", flat=True)) == {"accepted"}


def test_only_the_subject_decides_once(cast: Cast) -> None:
    c = log(cast.maya, cast.ada, items=[pull("interests", "Chess")])
    item = c.items.get()
    for person in (cast.maya, cast.hana, cast.otto):
        with pytest.raises(TalkError):
            services.item_decide(viewer=viewer_for(person.user), item=item, accept=True)
    services.item_decide(viewer=viewer_for(cast.ada.user), item=item, accept=False)
    with pytest.raises(TalkError, match="already dismissed"):
        services.item_decide(viewer=viewer_for(cast.ada.user), item=item, accept=True)
    assert not CareerProfile.objects.filter(person=cast.ada, interests__contains="Chess").exists()


def test_subject_cannot_decide_on_private_notes(cast: Cast) -> None:
    c = log(cast.maya, cast.ada, visibility="private", items=[pull("interests", "Chess")])
    with pytest.raises(TalkError):
        services.item_decide(viewer=viewer_for(cast.ada.user), item=c.items.get(), accept=True)


def test_category_must_match_direction(cast: Cast) -> None:
    with pytest.raises(TalkError, match="Unknown pull category: paths"):
        log(cast.maya, cast.ada, items=[pull("paths", "x")])
    assert ConversationItem.objects.count() == 0


def test_guide_is_edited_by_hr_only(cast: Cast) -> None:
    with pytest.raises(TalkError, match="Only HR partners"):
        services.question_add(viewer=viewer_for(cast.maya.user), area="self", text="Q?")
    q = services.question_add(
        viewer=viewer_for(cast.hana.user), area="self", text=" Why? ", category="values"
    )
    services.question_update(
        viewer=viewer_for(cast.hana.user), question=q, text="Why not?", active=False
    )
    q.refresh_from_db()
    assert (q.text, q.active) == ("Why not?", False)


def test_feedback_anonymous_needs_three(cast: Cast) -> None:
    ada = viewer_for(cast.ada.user)
    with pytest.raises(TalkError, match="ask at least 3 colleagues"):
        services.feedback_request_create(
            viewer=ada, respondents=[cast.maya, cast.otto], anonymous=True
        )
    request = services.feedback_request_create(
        viewer=ada, respondents=[cast.maya, cast.otto, cast.hana, cast.ada], anonymous=True
    )
    assert request.answers.count() == 3  # never herself


def test_buddies_may_log_with_each_other(cast: Cast) -> None:
    pair(PairingKind.BUDDY, cast.otto, cast.ada)
    assert log(cast.otto, cast.ada).author == cast.otto
    assert log(cast.ada, cast.otto).author == cast.ada


def test_mentor_logs_with_the_mentee_not_the_other_way(cast: Cast) -> None:
    pair(PairingKind.MENTOR, cast.otto, cast.ada)  # Otto mentors Ada
    assert log(cast.otto, cast.ada).person == cast.ada
    with pytest.raises(TalkError) as error:
        log(cast.ada, cast.otto)
    assert str(error.value) == (
        "You can log a career conversation only with people in your reporting line, "
        "your paired buddies or mentees, or — for HR partners — anyone in the organization."
    )


def test_colleague_not_paired_is_refused(cast: Cast) -> None:
    pair(PairingKind.BUDDY, cast.otto, cast.dora)
    with pytest.raises(TalkError) as error:
        log(cast.otto, cast.ada)
    assert str(error.value) == access.REFUSED_PARTNER


def test_a_declined_pair_no_longer_counts(cast: Cast) -> None:
    from trellis.market.pairing_answers import pairing_answer
    from trellis.org.access import viewer_for

    declined = pair(PairingKind.BUDDY, cast.otto, cast.ada)
    pair(PairingKind.BUDDY, cast.otto, cast.dora)
    pairing_answer(
        viewer=viewer_for(cast.ada.user), pairing=declined, accept=False, reason="No time now."
    )
    with pytest.raises(TalkError, match="only with people in your reporting line"):
        log(cast.otto, cast.ada)
    assert log(cast.otto, cast.dora).person == cast.dora
