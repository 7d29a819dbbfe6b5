"""Writes to career conversations. Each is atomic, keyword-only, audited, returns the object.

By topic: :mod:`.conversations` (log, hold, delete, pre-work), :mod:`.outcomes` (accepting
items into a career, follow-ups), :mod:`.feedback` (requests and answers) and :mod:`.guide`
(the SPUR guide's questions, a manager's coverage goal). Their public names are importable
from here as well.
"""

from __future__ import annotations

from trellis.talks.services.conversations import (
    EMPTY_CONVERSATION,
    PREWORK_QUESTIONS,
    FollowUpData,
    ItemData,
    TalkError,
    conversation_delete,
    conversation_hold,
    conversation_log,
    prework_answer,
)
from trellis.talks.services.feedback import (
    feedback_answer,
    feedback_pull,
    feedback_request_create,
)
from trellis.talks.services.guide import coverage_goal_set, question_add, question_update
from trellis.talks.services.outcomes import (
    LEARNING_GOAL_TITLE,
    PROFILE_FIELD_FOR,
    followup_set_done,
    item_decide,
    item_to_profile,
)

__all__ = [
    "EMPTY_CONVERSATION",
    "LEARNING_GOAL_TITLE",
    "PREWORK_QUESTIONS",
    "PROFILE_FIELD_FOR",
    "FollowUpData",
    "ItemData",
    "TalkError",
    "conversation_delete",
    "conversation_hold",
    "conversation_log",
    "coverage_goal_set",
    "feedback_answer",
    "feedback_pull",
    "feedback_request_create",
    "followup_set_done",
    "item_decide",
    "item_to_profile",
    "prework_answer",
    "question_add",
    "question_update",
]
