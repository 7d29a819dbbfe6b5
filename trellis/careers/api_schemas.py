"""The typed answers of the careers API (:mod:`trellis.careers.api`): one schema per shape."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ninja import Schema
from pydantic import create_model

from trellis.careers.models import SECTIONS

# A profile field holds text, a yes/no, a number of hours or a list of chosen values.
FieldValue = str | bool | int | list[str] | None


class SectionOut(Schema):
    visibility: str
    fields: dict[str, FieldValue]


class ProfileOut(Schema):
    """Only sections the caller may read appear; a hidden section is absent, not empty."""

    person_id: int
    sections: dict[str, SectionOut]


# The visibility of every section, one field per section.
if TYPE_CHECKING:
    VisibilityOut = Schema
else:
    VisibilityOut = create_model(
        "VisibilityOut", __base__=Schema, **{s.key: (str, ...) for s in SECTIONS}
    )


class SkillHeldOut(Schema):
    skill_id: int
    name: str
    level: int
    source: str
    appetite: str
    history: list[int]


class SkillSetOut(Schema):
    skill_id: int
    level: int
    source: str
    appetite: str


class SkillConfirmOut(Schema):
    skill_id: int
    level: int
    source: str


class CheckpointOut(Schema):
    id: int
    title: str
    due: dt.date
    done: bool


class ActionOut(Schema):
    id: int
    kind: str
    title: str
    measure: str
    support_needed: str
    support_from: str
    status: str
    checkpoints: list[CheckpointOut]


class ActionCreatedOut(Schema):
    id: int
    goal_id: int
    title: str
    kind: str


class GoalOut(Schema):
    id: int
    title: str
    description: str
    horizon: str
    status: str
    target_role_id: int | None
    target_date: dt.date | None
    actions: list[ActionOut]


class ScoreOut(Schema):
    score: int
    note: str


class CheckInOut(Schema):
    id: int
    at: str
    scores: dict[str, ScoreOut]


class CreatedOut(Schema):
    id: int


class AccomplishmentOut(Schema):
    id: int
    title: str
    what: str
    impact: str
    date: dt.date
    link: str
    visibility: str
    lessons: str


class AccomplishmentCreatedOut(Schema):
    id: int
    title: str
    visibility: str
