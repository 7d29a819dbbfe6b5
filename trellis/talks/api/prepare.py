"""JSON endpoints for preparing conversations: the prep sheet, the SPUR guide, feedback."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from trellis.org import selectors as org_selectors
from trellis.org.access import viewer_of
from trellis.org.services import audit_record
from trellis.org.validation import (
    Id,
)
from trellis.talks import access, prep, selectors, services
from trellis.talks.api.schemas import (
    AnswerIn,
    AnswerOut,
    FeedbackIn,
    FeedbackOut,
    FollowUpOut,
    OpportunityPushOut,
    PieceOut,
    PrepOut,
    PreWorkOut,
    QuestionIn,
    QuestionOut,
    QuestionPatch,
    bad_request,
)
from trellis.talks.models import (
    SpurQuestion,
)
from trellis.talks.services import TalkError

router = Router(tags=["conversations"])


@router.get("/talks/prep/{person_id}", response=PrepOut)
def prep_sheet(request: HttpRequest, person_id: Id):
    viewer = viewer_of(request)
    person = selectors.partner_get(viewer=viewer, pk=person_id)
    sheet = prep.prep_sheet(viewer=viewer, person=person)
    audit_record(actor=request.user, action="talks.prep.read", target=person)
    return PrepOut(
        person_id=person.pk,
        known=sheet.known,
        pieces=[
            PieceOut(
                category=p.category,
                state=p.state,
                latest=p.latest,
                evidence=[e.text for e in p.evidence],
            )
            for p in sheet.pieces
        ],
        questions={cat: [q.text for q in qs] for cat, qs in sheet.questions.items()},
        target_role_id=sheet.target_role.pk if sheet.target_role else None,
        readiness_pct=sheet.gap.readiness_pct if sheet.gap else None,
        learning_steps=sheet.learning_steps,
        people_to_meet=[c.person.pk for c in sheet.skill_contacts]
        + [p.pk for p in sheet.people_to_meet],
        opportunities=[
            OpportunityPushOut(
                id=o.opportunity.pk,
                title=o.opportunity.title,
                kind=o.opportunity.kind,
                percent=o.percent,
                readiness_percent=o.why.readiness_percent,
                met=[line.skill.name for line in o.why.met],
                partial=[line.skill.name for line in o.why.partial],
                missing=[line.skill.name for line in o.why.missing],
            )
            for o in sheet.opportunities
        ],
        prework=[PreWorkOut.from_orm(p) for p in sheet.prework if p.answered],
        overdue_checkpoints=[cp.pk for cp in sheet.overdue],
        followups=[FollowUpOut.from_orm(f) for f in sheet.followups],
        conversations=[c.pk for c in sheet.conversations],
    )


@router.get("/talks/guide", response=list[QuestionOut])
def guide(request: HttpRequest):
    return selectors.guide_questions(viewer=viewer_of(request), include_retired=True)


@router.post("/talks/guide", response={201: QuestionOut})
def guide_add(request: HttpRequest, data: QuestionIn):
    viewer = viewer_of(request)
    if not access.can_edit_guide(viewer):
        raise HttpError(404, "Not Found")
    try:
        return Status(
            201, services.question_add(viewer=viewer, **{k: str(v) for k, v in data.dict().items()})
        )
    except TalkError as error:
        raise bad_request(error) from error


@router.patch("/talks/guide/{pk}", response=QuestionOut)
def guide_update(request: HttpRequest, pk: Id, data: QuestionPatch):
    viewer = viewer_of(request)
    question: SpurQuestion = selectors.question_get_editable(viewer=viewer, pk=pk)
    try:
        return services.question_update(
            viewer=viewer, question=question, text=data.text, active=data.active
        )
    except TalkError as error:
        raise bad_request(error) from error


def _feedback_out(view: selectors.FeedbackView) -> FeedbackOut:
    anonymous = view.request.anonymous
    return FeedbackOut(
        id=view.request.pk,
        anonymous=anonymous,
        asked=view.asked,
        showable=view.showable,
        answers=[
            AnswerOut(
                respondent=None if anonymous else a.respondent.full_name,
                known_for=a.known_for,
                relied_on_for=a.relied_on_for,
                could_be_known_for=a.could_be_known_for,
            )
            for a in view.answered
        ],
    )


@router.post("/talks/feedback", response={201: FeedbackOut})
def feedback_create(request: HttpRequest, data: FeedbackIn):
    viewer = viewer_of(request)
    people = org_selectors.people_active(viewer=viewer, ids=data.respondent_ids[:20])
    try:
        created = services.feedback_request_create(
            viewer=viewer, respondents=people, note=data.note, anonymous=data.anonymous
        )
    except TalkError as error:
        raise bad_request(error) from error
    return Status(201, _feedback_out(selectors.feedback_get(viewer=viewer, pk=created.pk)))


@router.get("/talks/feedback/{pk}", response=FeedbackOut)
def feedback_get(request: HttpRequest, pk: Id):
    return _feedback_out(selectors.feedback_get(viewer=viewer_of(request), pk=pk))


@router.post("/talks/feedback/{pk}/answer", response={204: None})
def feedback_answer(request: HttpRequest, pk: Id, data: AnswerIn):
    viewer = viewer_of(request)
    answer = selectors.feedback_answer_get(viewer=viewer, request_pk=pk)
    try:
        services.feedback_answer(
            viewer=viewer,
            answer=answer,
            known_for=data.known_for,
            relied_on_for=data.relied_on_for,
            could_be=data.could_be_known_for,
        )
    except TalkError as error:
        raise bad_request(error) from error
    return Status(204, None)
