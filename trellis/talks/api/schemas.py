"""What the conversations API reads and writes: one schema per shape, inputs listing only
what a caller may set.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from trellis.org.validation import (
    ConversationMinutes,
    Flag,
    IdIn,
    Input,
    LongText,
    PlanDate,
    PlanDateTime,
    ShortText,
)
from trellis.talks.models import (
    TEXT_LIMIT,
    Kind,
    PullCategory,
    PushCategory,
    QuestionKind,
    Spur,
    Stance,
)
from trellis.talks.services import TalkError

# Inline, not a shared component: the marketplace has a "Kind" of its own.
ConversationKind = Annotated[Kind, WithJsonSchema({"type": "string", "enum": Kind.values})]
# As many items and follow-ups as one conversation can reasonably hold.
MAX_ROWS = 50


class ItemIn(Input):
    direction: Literal["pull", "push"]
    category: PullCategory | PushCategory
    text: Annotated[LongText, Field(min_length=1, max_length=TEXT_LIMIT)]
    role_id: IdIn | None = None
    skill_id: IdIn | None = None
    contact_id: IdIn | None = None
    opportunity_id: IdIn | None = None


class FollowUpIn(Input):
    owner: Literal["me", "them"] = "them"
    text: Annotated[ShortText, Field(min_length=1, max_length=300)]
    due: PlanDate


class ConversationIn(Input):
    person_id: IdIn
    when: PlanDateTime
    kind: ConversationKind = Kind.INFORMAL
    status: Literal["held", "planned"] = "held"
    duration: ConversationMinutes = 30
    summary: LongText = ""
    spur_areas: list[Spur] = Field([], max_length=len(Spur))
    stance: Stance | Literal[""] = ""
    visibility: Literal["shared", "private"] = "shared"
    items: list[ItemIn] = Field([], max_length=MAX_ROWS)
    followups: list[FollowUpIn] = Field([], max_length=MAX_ROWS)


class ItemOut(Schema):
    id: int
    direction: str
    category: str
    text: str
    role_id: int | None
    skill_id: int | None
    contact_id: int | None
    opportunity_id: int | None
    outcome: str


class FollowUpOut(Schema):
    id: int
    conversation_id: int
    owner_id: int
    text: str
    due: dt.date
    done: bool


class ConversationOut(Schema):
    id: int
    author_id: int
    person_id: int
    when: dt.datetime
    kind: str
    status: str
    summary: str
    spur_areas: list[str]
    stance: str
    visibility: str


class ConversationDetail(ConversationOut):
    items: list[ItemOut]
    followups: list[FollowUpOut]


class QuestionOut(Schema):
    id: int
    area: str
    kind: str
    stance: str
    category: str
    text: str
    active: bool


class QuestionIn(Input):
    area: Spur
    kind: QuestionKind = QuestionKind.ASK
    stance: Stance | Literal[""] = ""
    category: PullCategory | Literal[""] = ""
    text: Annotated[ShortText, Field(min_length=1)]


class QuestionPatch(Input):
    text: Annotated[ShortText, Field(min_length=1)] | None = None
    active: Flag | None = None


class HoldIn(Input):
    when: PlanDateTime
    kind: ConversationKind
    summary: LongText = ""
    spur_areas: list[Spur] = Field([], max_length=len(Spur))
    stance: Stance | Literal[""] = ""
    visibility: Literal["shared", "private"] = "shared"
    items: list[ItemIn] = Field([], max_length=MAX_ROWS)
    followups: list[FollowUpIn] = Field([], max_length=MAX_ROWS)


class PreWorkIn(Input):
    learned: LongText = ""
    enjoy: LongText = ""
    next_role: LongText = ""


class PreWorkOut(Schema):
    conversation_id: int
    learned: str
    enjoy: str
    next_role: str
    answered_at: dt.datetime | None


class OpportunityPushOut(Schema):
    id: int
    title: str
    kind: str
    percent: int
    readiness_percent: int
    met: list[str]
    partial: list[str]
    missing: list[str]


class PieceOut(Schema):
    category: str
    state: str
    latest: dt.date | None
    evidence: list[str]


class PrepOut(Schema):
    person_id: int
    known: int
    pieces: list[PieceOut]
    questions: dict[str, list[str]]
    target_role_id: int | None
    readiness_pct: float | None
    learning_steps: list[str]
    people_to_meet: list[int]
    opportunities: list[OpportunityPushOut]
    prework: list[PreWorkOut]
    overdue_checkpoints: list[int]
    followups: list[FollowUpOut]
    conversations: list[int]


class FeedbackIn(Input):
    respondent_ids: list[IdIn] = Field(min_length=1, max_length=20)
    note: ShortText = ""
    anonymous: Flag = False


class AnswerIn(Input):
    known_for: LongText = ""
    relied_on_for: LongText = ""
    could_be_known_for: LongText = ""


class AnswerOut(Schema):
    respondent: str | None
    known_for: str
    relied_on_for: str
    could_be_known_for: str


class FeedbackOut(Schema):
    id: int
    anonymous: bool
    asked: int
    showable: bool
    answers: list[AnswerOut]


def bad_request(error: TalkError) -> HttpError:
    return HttpError(400, str(error))
