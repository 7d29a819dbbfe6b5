"""The objects the route-wide ownership test fills path ids with, built on the test cast.

Everything is made through the services production uses, so what a probe reads or changes
looks like real data. Text that only its owner (or their manager, or HR) may read carries
``SECRET``, so a refused or self-only answer can be searched for a leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.cast import Cast, build_cast
from trellis.careers import reviews as deck_reviews
from trellis.careers import services as careers
from trellis.careers.models import Visibility
from trellis.market import pairing_answers as market_pairing
from trellis.market import proposals as market_proposals
from trellis.market import rounds as market_rounds
from trellis.market import services as market
from trellis.market.models import Kind, Pairing, PairingKind, PairingRound
from trellis.market.proposals import ProposalData
from trellis.market.services import SkillNeed
from trellis.org.access import viewer_for
from trellis.org.models import LongWork, OrgUnit, Person, WorkState
from trellis.org.tokens import api_token_create
from trellis.skills import learning
from trellis.skills import services as architecture
from trellis.skills.models import TransitionKind
from trellis.talks import services as talks
from trellis.talks.models import Status as TalkStatus
from trellis.talks.services import FollowUpData, ItemData

# Every private text in the world contains this; nobody but its readers may ever see it.
SECRET = "SECRET-"

PEOPLE = ("ada", "maya", "dora", "otto", "hana", "alex")


@dataclass
class World:
    """The cast plus one of each object a route can name, by a short name.

    ``ids`` maps a name (``"ada"``, ``"ada_goal"``, ``"maya_opp"`` ...) to its primary key;
    ``tokens`` holds a read-write API token per person of the cast, ``sessions`` a logged-in
    session key (logging in once is much cheaper than once per request).
    """

    cast: Cast
    ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)

    def person(self, name: str) -> Person:
        return getattr(self.cast, name)


def _careers(world: World) -> None:
    cast = world.cast
    ada = cast.ada
    careers.profile_update(
        actor=ada.user,
        person=ada,
        data={
            "summary": "SECRET-SUMMARY builds storage engines",
            "weaknesses": "SECRET-WEAKNESS",
            "barriers_internal": "SECRET-BARRIER",
        },
    )
    goal = careers.goal_create(
        actor=ada.user,
        person=ada,
        title="SECRET-GOAL lead a project",
        target_role=cast.senior_engineer,
    )
    action = careers.action_create(actor=ada.user, goal=goal, title="SECRET-ACTION take a course")
    checkpoint = careers.checkpoint_create(
        actor=ada.user,
        action=action,
        title="SECRET-CHECKPOINT first module",
        due=timezone.localdate() + dt.timedelta(days=30),
    )
    item = careers.accomplishment_create(
        actor=ada.user,
        person=ada,
        title="SECRET-ACCOMPLISHMENT shipped the cache",
        date=timezone.localdate() - dt.timedelta(days=3),
        visibility=Visibility.MANAGER,
    )
    careers.checkin_record(
        actor=ada.user,
        person=ada,
        scores=dict.fromkeys(_muscles(), (3, "SECRET-CHECKIN")),
    )
    # Shared with Maya for comments: Maya gets a notification, Ada's map becomes readable.
    careers.map_share(actor=ada.user, person=ada)
    # Dora shares who she is with everyone and her aspirations with her chain only: anyone
    # opens her career page, but nobody outside her chain reads the rest of it.
    dora = cast.dora
    careers.profile_update(
        actor=dora.user,
        person=dora,
        data={"summary": "Dora leads engineering", "aspiration_short": "SECRET-DORA-ASPIRATION"},
    )
    careers.profile_set_visibility(actor=dora.user, person=dora, visibility={"summary": "everyone"})
    world.ids.update(
        ada_goal=goal.pk,
        ada_action=action.pk,
        ada_checkpoint=checkpoint.pk,
        ada_accomplishment=item.pk,
    )


def _muscles() -> list[str]:
    from trellis.careers.models import Muscle

    return list(Muscle.values)


def _reviews(world: World) -> None:
    # Maya schedules a deck review of Ada with Dora and Hana on the panel; Ada submits and
    # Dora answers. The panel reads what Ada shares with both (her private sections never).
    cast = world.cast
    review = deck_reviews.review_schedule(
        viewer=viewer_for(cast.maya.user),
        title="Storage deck review",
        on=timezone.localdate() + dt.timedelta(days=14),
        reviewers=[cast.dora, cast.hana],
        participants=[cast.ada],
    )
    submission = review.submissions.get()
    submission = deck_reviews.submission_submit(
        viewer=viewer_for(cast.ada.user), submission=submission
    )
    deck_reviews.feedback_add(
        viewer=viewer_for(cast.dora.user),
        submission=submission,
        text="SECRET-DECK-FEEDBACK talk to the storage guild",
        offers_help=True,
    )
    world.ids.update(deck_review=review.pk, ada_deck=submission.pk)


def _market(world: World) -> None:
    cast = world.cast
    maya = viewer_for(cast.maya.user)
    needs = [SkillNeed(cast.python, 3, 5, True), SkillNeed(cast.sql, 3, 3, True)]
    opp = market.opportunity_create(
        viewer=maya,
        kind=Kind.GIG,
        title="Storage metrics dashboard",
        unit=cast.team,
        capacity=2,
        hours_per_week=4,
        skills=needs,
    )
    market.opportunity_publish(viewer=maya, opp=opp)
    draft = market.opportunity_create(
        viewer=maya,
        kind=Kind.PROJECT,
        title="SECRET-DRAFT reorg project",
        unit=cast.team,
        skills=needs,
    )
    for person in (cast.ada, cast.otto):
        market.opt_in_set(viewer=viewer_for(person.user), person=person, opted_in=True)
    interest = market.interest_express(
        viewer=viewer_for(cast.ada.user), opp=opp, apply=True, note="SECRET-INTEREST-NOTE"
    )
    # HR's own: an open project Ada applied to without telling her chain, and a draft nobody
    # but HR and admins reads (a manager must not reach it through an id in a request body).
    hana = viewer_for(cast.hana.user)
    people_unit = cast.hana.unit
    hr_opp = market.opportunity_create(
        viewer=hana, kind=Kind.PROJECT, title="People analytics", unit=people_unit, skills=needs
    )
    market.opportunity_publish(viewer=hana, opp=hr_opp)
    hr_draft = market.opportunity_create(
        viewer=hana, kind=Kind.GIG, title="SECRET-HR-DRAFT layoffs", unit=people_unit, skills=needs
    )
    confidential = market.interest_express(
        viewer=viewer_for(cast.ada.user), opp=hr_opp, apply=True, confidential=True
    )
    rnd = market_rounds.round_run(
        viewer=viewer_for(cast.hana.user), name="Spring round", opportunity_ids=[opp.pk]
    )
    # Dora mentors Alex: a pairing that gives neither Ada nor Otto a new conversation partner.
    pairing_round = PairingRound.objects.create(kind=PairingKind.MENTOR)
    dora_pair = Pairing.objects.create(round=pairing_round, first=cast.dora, second=cast.alex)
    ask = market_pairing.mentor_request_create(
        viewer=viewer_for(cast.ada.user),
        skill=cast.sql,
        goal="SECRET-ASK run the storage team's SQL reviews",
        hours_per_month=2,
    )
    # Ada proposes a project to Dora: read by the two of them and HR; her manager is not asked.
    proposal = market_proposals.proposal_submit(
        viewer=viewer_for(cast.ada.user),
        data=ProposalData(
            sponsor=cast.dora,
            title="Storage cost dashboard",
            problem="SECRET-PROPOSAL nobody sees what storage costs",
            solution="A weekly dashboard",
            skills_needed=[cast.python],
            skills_built=[cast.sql],
            hours_per_week=3,
        ),
    )
    world.ids.update(
        ada_proposal=proposal.pk,
        maya_opp=opp.pk,
        maya_draft=draft.pk,
        ada_interest=interest.pk,
        hr_opp=hr_opp.pk,
        hr_draft=hr_draft.pk,
        ada_confidential_interest=confidential.pk,
        round=rnd.pk,
        pairing_round=pairing_round.pk,
        dora_pair=dora_pair.pk,
        ada_ask=ask.pk,
    )


def _talks(world: World) -> None:
    cast = world.cast
    maya = viewer_for(cast.maya.user)
    held = talks.conversation_log(
        viewer=maya,
        person=cast.ada,
        when=timezone.now() - dt.timedelta(days=2),
        summary="SECRET-TALK-SUMMARY",
        items=[ItemData(direction="push", category="skills", text="SECRET-TALK-ITEM")],
        followups=[
            FollowUpData(
                owner=cast.ada,
                text="SECRET-FOLLOWUP",
                due=timezone.localdate() + dt.timedelta(days=7),
            )
        ],
    )
    planned = talks.conversation_log(
        viewer=maya,
        person=cast.ada,
        when=timezone.now() + dt.timedelta(days=3),
        summary="SECRET-PLANNED",
        status=TalkStatus.PLANNED,
    )
    private = talks.conversation_log(
        viewer=maya,
        person=cast.ada,
        when=timezone.now() - dt.timedelta(days=1),
        summary="SECRET-PRIVATE-NOTE",
        visibility="private",
    )
    seen = talks.conversation_log(
        viewer=maya,
        person=cast.ada,
        when=timezone.now() - dt.timedelta(days=4),
        items=[ItemData(direction="push", category="strengths_seen", text="Calm in incidents")],
    )
    strength = seen.items.get()
    talks.item_decide(viewer=viewer_for(cast.ada.user), item=strength, accept=True)
    hana = viewer_for(cast.hana.user)
    question = talks.question_add(viewer=hana, area="self", text="What energises you lately?")
    request = talks.feedback_request_create(
        viewer=viewer_for(cast.ada.user),
        respondents=[cast.maya, cast.dora],
        note="SECRET-FEEDBACK-NOTE",
    )
    answer = request.answers.get(respondent=cast.maya)
    talks.feedback_answer(
        viewer=maya,
        answer=answer,
        known_for="SECRET-FEEDBACK-ANSWER",
        relied_on_for="",
        could_be="",
    )
    world.ids.update(
        maya_talk=held.pk,
        maya_talk_item=held.items.get().pk,
        maya_talk_followup=held.followups.get().pk,
        maya_plan=planned.pk,
        maya_private=private.pk,
        question=question.pk,
        ada_feedback=request.pk,
        ada_feedback_answer=answer.pk,
        ada_strength_item=strength.pk,
    )


def _architecture(world: World) -> None:
    cast = world.cast
    edge = architecture.transition_add(
        actor=cast.hana.user,
        from_role=cast.engineer,
        to_role=cast.senior_engineer,
        kind=TransitionKind.PROMOTION,
    )
    requirement = cast.engineer.requirements.get(skill=cast.python)
    # A suggestion HR hid (engineer -> senior), so that "unhide" has something to act on.
    architecture.move_hide(
        actor=cast.hana.user, from_role=cast.engineer, to_role=cast.senior_engineer
    )
    item = learning.learning_create(
        viewer=viewer_for(cast.hana.user),
        data=learning.LearningData(
            title="Probe course", kind="course", builds=[(cast.python, 3)], effort_hours=4
        ),
    )
    world.ids.update(edge=edge.pk, requirement=requirement.pk, learning=item.pk)


def _pulse(world: World) -> None:
    from trellis.insights.pulse_services import pulse_answer, pulse_schedule

    cast, today = world.cast, timezone.localdate()
    hr = viewer_for(cast.hana.user)
    week = {"opens_on": today - dt.timedelta(days=1), "closes_on": today + dt.timedelta(days=6)}
    pulse = pulse_schedule(viewer=hr, title="Probe pulse", questions=["I learn here"], **week)
    answered = pulse_schedule(viewer=hr, title="Answered pulse", **week)
    pulse_answer(
        viewer=viewer_for(cast.ada.user), pulse=answered, core=4, comment="SECRET-PULSE comment"
    )
    closed = pulse_schedule(
        viewer=hr,
        title="Closed pulse",
        opens_on=today - dt.timedelta(days=20),
        closes_on=today - dt.timedelta(days=10),
    )
    world.ids.update(pulse=pulse.pk, answered_pulse=answered.pk, closed_pulse=closed.pk)


def _cycles(world: World) -> None:
    from trellis.org.cycles import CycleData, cycle_publish

    start = timezone.localdate() + dt.timedelta(days=10)
    cycle = cycle_publish(
        viewer=viewer_for(world.cast.hana.user),
        data=CycleData(
            kind="performance_review",
            title="Probe review",
            starts_on=start,
            ends_on=start + dt.timedelta(days=7),
        ),
    )
    world.ids.update(cycle=cycle.pk)


def _orientation(world: World) -> None:
    from trellis.talks.orientation import page_save

    page = page_save(
        viewer=viewer_for(world.cast.hana.user),
        page=None,
        title="Probe orientation",
        body="How **internal mobility** works.",
        for_new_joiners=True,
    )
    # Ada joined ten days ago: her orientation checklist is open.
    Person.objects.filter(pk=world.cast.ada.pk).update(
        hire_date=timezone.localdate() - dt.timedelta(days=10)
    )
    world.ids.update(orientation_page=page.pk)


def build_world() -> World:
    cast = build_cast()
    world = World(cast=cast)
    for name in PEOPLE:
        world.ids[name] = world.person(name).pk
    world.ids.update(
        python=cast.python.pk,
        sql=cast.sql.pk,
        engineer=cast.engineer.pk,
        senior_engineer=cast.senior_engineer.pk,
        family=cast.engineer.family_id,
        team=cast.team.pk,
        other_team=cast.other_team.pk,
        acme=OrgUnit.objects.get(path="Acme").pk,
    )
    _careers(world)
    _reviews(world)
    _market(world)
    _talks(world)
    _architecture(world)
    world.ids["hana_import"] = LongWork.objects.create(
        owner=world.cast.hana.user,
        page="people",
        screen="trellis.org.import_views",
        state=WorkState.RUNNING,
        done=40,
        total=120,
        step="Checking rows",
    ).pk
    world.ids["hana_round_work"] = LongWork.objects.create(
        owner=world.cast.hana.user,
        page="round",
        screen="trellis.market.round_work",
        state=WorkState.RUNNING,
        done=1,
        total=3,
        step="Matching",
    ).pk
    _pulse(world)
    _cycles(world)
    _orientation(world)
    for name in PEOPLE:
        _, secret = api_token_create(
            actor=None, user=world.person(name).user, name="route test", read_only=False
        )
        world.tokens[name] = secret
        client = Client()
        client.force_login(world.person(name).user)
        world.sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world
