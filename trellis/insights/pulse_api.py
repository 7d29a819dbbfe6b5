"""The pulse in the API: people list open pulses, answer once and read their answers; HR
schedules pulses and reads results and the trend, with the same withholding as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from trellis.insights import pulse_selectors as selectors
from trellis.insights.models import CORE_QUESTION, MAX_QUESTIONS, Pulse, PulseAnswer
from trellis.insights.pulse_services import PulseError, pulse_answer, pulse_schedule
from trellis.org.access import hr_viewer, viewer_of
from trellis.org.validation import DB_INT_MAX, Id, Input, LongText, Name, PlanDate, Score, ShortText

router = Router(tags=["pulse"])


class PulseOut(Schema):
    id: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    core_question: str
    questions: list[str]


class PulseIn(Input):
    title: Name
    opens_on: PlanDate
    closes_on: PlanDate
    questions: Annotated[list[ShortText], Field(max_length=MAX_QUESTIONS)] = []


class AnswerIn(Input):
    core: Score
    scores: Annotated[list[Score | None], Field(max_length=MAX_QUESTIONS)] = []
    comment: LongText = ""


class AnswerOut(Schema):
    pulse_id: int
    pulse_title: str
    answered_at: dt.datetime
    core: int
    scores: list[int | None]
    comment: str


class GroupOut(Schema):
    name: str
    department_id: int | None  # for a department: its id (0: outside any department)
    answers: int | None  # None: fewer than five answers, withheld
    core: float | None
    questions: list[float | None]
    comments: list[str]


class ResultsOut(Schema):
    pulse: PulseOut
    min_group: int
    overall: GroupOut
    by_department: list[GroupOut]
    by_manager: list[GroupOut]


class TrendRowOut(Schema):
    pulse_id: int
    title: str
    opens_on: dt.date
    overall: float | None
    departments: list[float | None]


class TrendOut(Schema):
    min_group: int
    departments: list[str]
    rows: list[TrendRowOut]


def _pulse(p: Pulse) -> PulseOut:
    return PulseOut(
        id=p.pk,
        title=p.title,
        opens_on=p.opens_on,
        closes_on=p.closes_on,
        core_question=CORE_QUESTION,
        questions=list(p.questions),
    )


def _answer(a: PulseAnswer) -> AnswerOut:
    return AnswerOut(
        pulse_id=a.pulse_id,
        pulse_title=a.pulse.title,
        answered_at=a.answered_at,
        core=a.core,
        scores=a.scores()[: len(a.pulse.questions)],
        comment=a.comment,
    )


def _group(g: selectors.Group, *, comments: bool, department: bool = False) -> GroupOut:
    return GroupOut(
        name=g.name,
        department_id=g.key if department else None,
        answers=g.shown_n,
        core=g.core,
        questions=g.means,
        comments=g.shown_comments if comments else [],
    )


def _refused(exc: PulseError) -> HttpError:
    # A rule no schema can state (a second answer, the order of dates) is a 400 naming the
    # field; each field's shape (a score on the scale) is checked before, as a 422.
    return HttpError(400, f"{exc.field}: {exc.message}")


@router.get("/pulses", response=list[PulseOut])
def pulses_open(request: HttpRequest) -> list[PulseOut]:
    """The open pulses the caller has not answered yet."""
    viewer = viewer_of(request)
    return [
        _pulse(p) for p in selectors.pulses_to_answer(viewer=viewer, today=timezone.localdate())
    ]


@router.post("/pulses", response={201: PulseOut})
def pulse_create(request: HttpRequest, payload: PulseIn) -> Status[PulseOut]:
    """Schedule a pulse (HR partners and admins)."""
    viewer = hr_viewer(request)
    try:
        pulse = pulse_schedule(viewer=viewer, **payload.dict())
    except PulseError as exc:
        raise _refused(exc) from exc
    return Status(201, _pulse(pulse))


@router.post("/pulses/{pk}/answers", response={201: AnswerOut})
def pulse_answer_create(request: HttpRequest, pk: Id, payload: AnswerIn) -> Status[AnswerOut]:
    """Answer an open pulse, once. A second answer is refused (422 on ``pulse``)."""
    viewer = viewer_of(request)
    pulse = selectors.pulse_open_get(viewer=viewer, pk=pk, today=timezone.localdate())
    try:
        answer = pulse_answer(viewer=viewer, pulse=pulse, **payload.dict())
    except PulseError as exc:
        raise _refused(exc) from exc
    return Status(201, _answer(answer))


@router.get("/pulse-answers", response=list[AnswerOut])
def pulse_answers_mine(request: HttpRequest) -> list[AnswerOut]:
    """The caller's own answers, newest first."""
    return [_answer(a) for a in selectors.my_answers(viewer=viewer_of(request))]


class ResultsQuery(Schema):
    department_id: Annotated[int, Field(ge=0, le=DB_INT_MAX)] | None = None


@router.get("/pulses/{pk}/results", response=ResultsOut)
def pulse_results(request: HttpRequest, pk: Id, query: Query[ResultsQuery]) -> ResultsOut:
    """Results overall and by department, and by manager within ``department_id`` (0 for
    people outside any department) (HR); groups under five withheld."""
    viewer = hr_viewer(request)
    pulse = selectors.pulse_get(viewer=viewer, pk=pk)
    r = selectors.pulse_results(viewer=viewer, pulse=pulse, department=query.department_id)
    return ResultsOut(
        pulse=_pulse(r.pulse),
        min_group=r.min_group,
        overall=_group(r.overall, comments=False),
        by_department=[_group(g, comments=True, department=True) for g in r.by_department],
        by_manager=[_group(g, comments=False) for g in r.by_manager],
    )


@router.get("/pulse-trend", response=TrendOut)
def pulse_trend(request: HttpRequest) -> TrendOut:
    """The core question's mean per pulse, overall and by department (HR)."""
    trend = selectors.pulse_trend(viewer=hr_viewer(request))
    return TrendOut(
        min_group=trend.min_group,
        departments=trend.department_names,
        rows=[
            TrendRowOut(
                pulse_id=row.pulse.pk,
                title=row.pulse.title,
                opens_on=row.pulse.opens_on,
                overall=row.overall.core,
                departments=[g.core for g in row.departments],
            )
            for row in trend.rows
        ],
    )
