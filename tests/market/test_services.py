from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tests.cast import Cast
from tests.market.conftest import make_opportunity
from trellis.careers.models import Action, Notification
from trellis.market import services
from trellis.market.models import (
    Interest,
    InterestEvent,
    InterestStatus,
    Kind,
    MarketPolicy,
    Opportunity,
    OpportunityStatus,
)
from trellis.market.services import MarketError, SkillNeed
from trellis.org.access import viewer_for
from trellis.org.models import AuditEvent

S = InterestStatus


def v(person):  # type: ignore[no-untyped-def]
    return viewer_for(person.user)


def test_manager_posts_for_own_unit_and_role_prefills_skills(cast: Cast) -> None:
    opp = services.opportunity_create(
        viewer=v(cast.maya),
        kind=Kind.ROLE,
        title="Senior engineer",
        unit=cast.team,
        role=cast.senior_engineer,
    )
    assert opp.owner == cast.maya
    assert opp.status == OpportunityStatus.DRAFT
    assert sorted((s.skill.name, s.min_level) for s in opp.skills.all()) == [
        ("Python", 4),
        ("SQL", 3),
    ]
    assert AuditEvent.objects.filter(action="market.opportunity.create").count() == 1


def test_manager_refused_for_another_unit_and_employee_refused(cast: Cast) -> None:
    with pytest.raises(MarketError, match="your own unit only"):
        services.opportunity_create(
            viewer=v(cast.maya), kind=Kind.GIG, title="x", unit=cast.other_team
        )
    with pytest.raises(MarketError, match="your own unit only"):
        services.opportunity_create(viewer=v(cast.ada), kind=Kind.GIG, title="x", unit=cast.team)
    hr = services.opportunity_create(
        viewer=v(cast.hana), kind=Kind.STRETCH, title="x", unit=cast.other_team
    )
    assert hr.owner == cast.hana


def test_validation_capacity_dates_skills(cast: Cast) -> None:
    with pytest.raises(MarketError, match="at least one seat"):
        make_opportunity(cast, capacity=0)
    with pytest.raises(MarketError, match="end date must not be before"):
        make_opportunity(cast, start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 4, 1))
    bare = services.opportunity_create(
        viewer=v(cast.maya), kind=Kind.PROJECT, title="No skills", unit=cast.team
    )
    with pytest.raises(MarketError, match=r"A project needs at least one skill\."):
        services.opportunity_publish(viewer=v(cast.maya), opp=bare)
    shadow = services.opportunity_create(
        viewer=v(cast.maya), kind=Kind.SHADOWING, title="Shadow me", unit=cast.team
    )
    assert services.opportunity_publish(viewer=v(cast.maya), opp=shadow).status == "open"
    with pytest.raises(MarketError, match="listed twice"):
        services.opportunity_update(
            viewer=v(cast.maya),
            opp=shadow,
            skills=[SkillNeed(cast.sql), SkillNeed(cast.sql)],
        )


def test_mass_assignment_refused(cast: Cast) -> None:
    with pytest.raises(MarketError, match="cannot be set: owner, status"):
        services.opportunity_create(
            viewer=v(cast.maya), title="x", unit=cast.team, owner=cast.ada, status="open"
        )


def _walk(cast: Cast, opp: Opportunity) -> Interest:
    interest = services.interest_express(viewer=v(cast.ada), opp=opp)
    services.interest_move(viewer=v(cast.ada), interest=interest, to=S.APPLIED)
    services.interest_move(viewer=v(cast.maya), interest=interest, to=S.SHORTLISTED)
    services.interest_move(viewer=v(cast.maya), interest=interest, to=S.OFFERED)
    return services.interest_move(viewer=v(cast.ada), interest=interest, to=S.ACCEPTED)


def test_full_workflow_is_recorded_and_fills_the_opportunity(cast: Cast) -> None:
    opp = make_opportunity(cast, title="Platform gig")
    interest = _walk(cast, opp)
    assert interest.status == S.ACCEPTED
    events = list(
        InterestEvent.objects.filter(interest=interest).values_list(
            "from_status", "to_status", "actor__username"
        )
    )
    assert events == [
        ("", "interested", "ada"),
        ("interested", "applied", "ada"),
        ("applied", "shortlisted", "maya"),
        ("shortlisted", "offered", "maya"),
        ("offered", "accepted", "ada"),
    ]
    opp.refresh_from_db()
    assert opp.status == OpportunityStatus.FILLED


@pytest.mark.parametrize(
    ("start", "to", "who", "message"),
    [
        (
            S.INTERESTED,
            S.SHORTLISTED,
            "maya",
            "An interest that is interested cannot become shortlisted.",
        ),
        (S.INTERESTED, S.ACCEPTED, "ada", "An interest that is interested cannot become accepted."),
        (S.APPLIED, S.SHORTLISTED, "ada", "Only the owner or HR can make this move."),
        (S.APPLIED, S.WITHDRAWN, "maya", "Only the candidate can make this move."),
        (S.APPLIED, S.OFFERED, "maya", "An interest that is applied cannot become offered."),
        (S.APPLIED, S.SHORTLISTED, "otto", "Only the owner or HR can make this move."),
        (S.WITHDRAWN, S.APPLIED, "ada", "An interest that is withdrawn cannot become applied."),
        (
            S.DECLINED,
            S.SHORTLISTED,
            "maya",
            "An interest that is declined cannot become shortlisted.",
        ),
    ],
)
def test_refused_transitions(cast: Cast, opp: Opportunity, start, to, who, message) -> None:  # type: ignore[no-untyped-def]
    interest = services.interest_express(viewer=v(cast.ada), opp=opp)
    Interest.objects.filter(pk=interest.pk).update(status=start)
    with pytest.raises(MarketError) as error:
        services.interest_move(viewer=v(getattr(cast, who)), interest=interest, to=to)
    assert str(error.value) == message
    interest.refresh_from_db()
    assert interest.status == start


@pytest.mark.parametrize(
    ("start", "to", "who"),
    [
        (S.INTERESTED, S.WITHDRAWN, "ada"),
        (S.APPLIED, S.DECLINED, "maya"),
        (S.APPLIED, S.SHORTLISTED, "hana"),
        (S.SHORTLISTED, S.DECLINED, "maya"),
        (S.SHORTLISTED, S.WITHDRAWN, "ada"),
        (S.OFFERED, S.DECLINED, "ada"),
        (S.OFFERED, S.WITHDRAWN, "ada"),
    ],
)
def test_allowed_transitions(cast: Cast, opp: Opportunity, start, to, who) -> None:  # type: ignore[no-untyped-def]
    interest = services.interest_express(viewer=v(cast.ada), opp=opp)
    Interest.objects.filter(pk=interest.pk).update(status=start)
    moved = services.interest_move(viewer=v(getattr(cast, who)), interest=interest, to=to)
    assert moved.status == to
    assert InterestEvent.objects.filter(interest=interest, from_status=start, to_status=to).exists()


def test_no_double_application_and_closed_refuses(cast: Cast, opp: Opportunity) -> None:
    services.interest_express(viewer=v(cast.ada), opp=opp)
    with pytest.raises(MarketError) as error:
        services.interest_express(viewer=v(cast.ada), opp=opp, apply=True)
    assert str(error.value) == "You have already expressed interest in this opportunity."
    services.opportunity_close(viewer=v(cast.maya), opp=opp)
    with pytest.raises(MarketError) as error:
        services.interest_express(viewer=v(cast.otto), opp=opp)
    assert str(error.value) == "This opportunity is closed and no longer takes interest."
    assert Interest.objects.count() == 1


def test_past_closing_date_refuses_and_owner_cannot_apply(cast: Cast, opp: Opportunity) -> None:
    with pytest.raises(MarketError, match="your own opportunity"):
        services.interest_express(viewer=v(cast.maya), opp=opp)
    Opportunity.objects.filter(pk=opp.pk).update(closes_on=dt.date(2000, 1, 1))
    opp.refresh_from_db()
    with pytest.raises(MarketError, match="closed"):
        services.interest_express(viewer=v(cast.ada), opp=opp)


def test_notifications_owner_employee_and_manager(cast: Cast) -> None:
    # HR owns it, so the owner and the manager are different people.
    opp = make_opportunity(cast, publish=False)
    opp.owner = cast.hana
    opp.save()
    services.opportunity_publish(viewer=v(cast.hana), opp=opp)
    mail.outbox.clear()
    services.interest_express(viewer=v(cast.ada), opp=opp)
    recipients = set(Notification.objects.values_list("recipient__first_name", flat=True))
    assert recipients == {"Hana", "Ada", "Maya"}


def test_confidential_interest_hidden_from_manager_until_shortlisted(cast: Cast) -> None:
    from trellis.market import access

    opp = make_opportunity(cast, publish=False)
    opp.owner = cast.hana
    opp.save()
    services.opportunity_publish(viewer=v(cast.hana), opp=opp)
    interest = services.interest_express(viewer=v(cast.ada), opp=opp, confidential=True)
    services.interest_move(viewer=v(cast.ada), interest=interest, to=S.APPLIED)
    assert not Notification.objects.filter(recipient=cast.maya).exists()
    assert not access.can_read_interest(v(cast.maya), interest)
    assert not access.can_read_interest(v(cast.dora), interest)
    services.interest_move(viewer=v(cast.hana), interest=interest, to=S.SHORTLISTED)
    interest.refresh_from_db()
    assert access.can_read_interest(v(cast.maya), interest)
    assert Notification.objects.filter(recipient=cast.maya).count() == 1


def test_policy_can_forbid_confidentiality_and_manager_notice(cast: Cast, opp: Opportunity) -> None:
    MarketPolicy.objects.create(allow_confidential=False, notify_manager=False)
    with pytest.raises(MarketError, match="policy does not allow"):
        services.interest_express(viewer=v(cast.otto), opp=opp, confidential=True)


def test_invite_only_opted_in_and_answer(cast: Cast, opp: Opportunity, opted_in: None) -> None:
    with pytest.raises(MarketError, match="not opted in"):
        services.interest_invite(viewer=v(cast.maya), opp=opp, person=cast.dora)
    with pytest.raises(MarketError, match="Only the owner or HR"):
        services.interest_invite(viewer=v(cast.otto), opp=opp, person=cast.ada)
    invite = services.interest_invite(viewer=v(cast.maya), opp=opp, person=cast.ada)
    assert invite.status == S.INVITED
    answered = services.interest_express(viewer=v(cast.ada), opp=opp, apply=True)
    assert answered.pk == invite.pk and answered.status == S.APPLIED


def test_capacity_respected_on_accept(cast: Cast, opp: Opportunity) -> None:
    opp.capacity = 2
    opp.save()
    a = services.interest_express(viewer=v(cast.ada), opp=opp, apply=True)
    o = services.interest_express(viewer=v(cast.otto), opp=opp, apply=True)
    for i in (a, o):
        services.interest_move(viewer=v(cast.maya), interest=i, to=S.SHORTLISTED)
        services.interest_move(viewer=v(cast.maya), interest=i, to=S.OFFERED)
    services.interest_move(viewer=v(cast.ada), interest=a, to=S.ACCEPTED)
    # The poster lowered the seats after making both offers.
    Opportunity.objects.filter(pk=opp.pk).update(capacity=1)
    with pytest.raises(MarketError, match="Every seat"):
        services.interest_move(viewer=v(cast.otto), interest=o, to=S.ACCEPTED)


def test_an_offer_needs_a_free_seat(cast: Cast, opp: Opportunity) -> None:
    a = services.interest_express(viewer=v(cast.ada), opp=opp, apply=True)
    o = services.interest_express(viewer=v(cast.otto), opp=opp, apply=True)
    for i in (a, o):
        services.interest_move(viewer=v(cast.maya), interest=i, to=S.SHORTLISTED)
    services.interest_move(viewer=v(cast.maya), interest=a, to=S.OFFERED)
    with pytest.raises(MarketError) as refused:
        services.interest_move(viewer=v(cast.maya), interest=o, to=S.OFFERED)
    assert str(refused.value) == (
        "Every seat of “Storage metrics dashboard” is already offered or taken (1 of 1); "
        "another offer can be made when one is declined or withdrawn."
    )
    assert Interest.objects.get(pk=o.pk).status == S.SHORTLISTED
    # A declined offer frees its seat.
    services.interest_move(viewer=v(cast.ada), interest=a, to=S.DECLINED)
    services.interest_move(viewer=v(cast.maya), interest=o, to=S.OFFERED)
    assert Interest.objects.get(pk=o.pk).status == S.OFFERED


def test_learning_action_added_once(cast: Cast, opp: Opportunity) -> None:
    action = services.learning_action_add(viewer=v(cast.ada), skill=cast.sql, opp=opp)
    assert action.title == "Learn SQL"
    assert action.goal.person == cast.ada
    with pytest.raises(MarketError, match="already on your career map"):
        services.learning_action_add(viewer=v(cast.ada), skill=cast.sql, opp=opp)
    assert Action.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "to", "who", "message"),
    [
        (S.OFFERED, S.ACCEPTED, "maya", "Only the candidate can make this move."),
        (S.OFFERED, S.DECLINED, "maya", "Only the candidate can make this move."),
        (S.APPLIED, S.DECLINED, "ada", "Only the owner or HR can make this move."),
        (S.SHORTLISTED, S.OFFERED, "ada", "Only the owner or HR can make this move."),
        (S.INVITED, S.APPLIED, "maya", "Only the candidate can make this move."),
        (
            S.INVITED,
            S.SHORTLISTED,
            "maya",
            "An interest that is invited cannot become shortlisted.",
        ),
        (S.ACCEPTED, S.WITHDRAWN, "ada", "An interest that is accepted cannot become withdrawn."),
        (S.APPLIED, "hired", "maya", "An interest that is applied cannot become hired."),
    ],
)
def test_more_refused_transitions(cast: Cast, opp: Opportunity, start, to, who, message) -> None:  # type: ignore[no-untyped-def]
    interest = services.interest_express(viewer=v(cast.ada), opp=opp)
    Interest.objects.filter(pk=interest.pk).update(status=start)
    events = InterestEvent.objects.count()
    with pytest.raises(MarketError) as error:
        services.interest_move(viewer=v(getattr(cast, who)), interest=interest, to=to)
    assert str(error.value) == message
    interest.refresh_from_db()
    assert interest.status == start
    assert InterestEvent.objects.count() == events


@pytest.mark.parametrize(
    ("start", "to", "who"),
    [
        (S.INVITED, S.APPLIED, "ada"),
        (S.INVITED, S.WITHDRAWN, "ada"),
        (S.INTERESTED, S.APPLIED, "ada"),
        (S.SHORTLISTED, S.OFFERED, "hana"),
        (S.OFFERED, S.ACCEPTED, "ada"),
    ],
)
def test_more_allowed_transitions(cast: Cast, opp: Opportunity, start, to, who) -> None:  # type: ignore[no-untyped-def]
    interest = services.interest_express(viewer=v(cast.ada), opp=opp)
    Interest.objects.filter(pk=interest.pk).update(status=start)
    moved = services.interest_move(viewer=v(getattr(cast, who)), interest=interest, to=to)
    assert moved.status == to
    event = InterestEvent.objects.filter(interest=interest).last()
    assert event is not None
    assert (event.from_status, event.to_status, event.actor) == (start, to, getattr(cast, who).user)


def test_no_offer_once_the_opportunity_is_closed(cast: Cast, opp: Opportunity) -> None:
    interest = services.interest_express(viewer=v(cast.ada), opp=opp, apply=True)
    services.interest_move(viewer=v(cast.maya), interest=interest, to=S.SHORTLISTED)
    services.opportunity_close(viewer=v(cast.maya), opp=opp)
    with pytest.raises(MarketError) as error:
        services.interest_move(viewer=v(cast.maya), interest=interest, to=S.OFFERED)
    assert str(error.value) == "This opportunity is closed; no new offers can be made."


def test_a_draft_refuses_interest(cast: Cast) -> None:
    draft = make_opportunity(cast, publish=False)
    with pytest.raises(MarketError) as error:
        services.interest_express(viewer=v(cast.ada), opp=draft)
    assert str(error.value) == "This opportunity is closed and no longer takes interest."
