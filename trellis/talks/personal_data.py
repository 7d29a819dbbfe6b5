"""The talks models that hold a person's data, for export and erasure (DESIGN §9).

Same shape as :mod:`trellis.careers.personal_data`; the org-wide export should read both
registries. A test fails when a talks model pointing at a person is missing here.
"""

from __future__ import annotations

from django.db import models

from trellis.careers.personal_data import PersonalData
from trellis.talks import models as m

# A conversation is personal data of both the employee and its author; the employee's
# export holds only the shared ones (private notes are the author's), see rows_of.
REGISTRY: tuple[PersonalData, ...] = (
    PersonalData(m.Conversation, "person"),
    PersonalData(m.ConversationItem, "conversation__person"),
    PersonalData(m.FollowUp, "owner"),
    PersonalData(m.FeedbackRequest, "requester"),
    PersonalData(m.FeedbackAnswer, "request__requester"),
    PersonalData(m.CoverageGoal, "manager"),
    # The employee's own answers; the author reads them but they are not the author's.
    PersonalData(m.PreWork, "person"),
    # What a manager was reminded of, and when (it names a report, never notes).
    PersonalData(m.Reminder, "manager"),
)
# Rows a person authored about someone else: exported to the author, erased with them.
AUTHORED: tuple[PersonalData, ...] = (
    PersonalData(m.Conversation, "author"),
    PersonalData(m.FeedbackAnswer, "respondent"),
)
NOT_PERSONAL = {"talks.SpurQuestion"}  # the guide's questions belong to the organization


def rows_of(person_id: int) -> dict[str, models.QuerySet[models.Model]]:
    """Rows about the person; private notes stay out of the employee's export."""
    rows: dict[str, models.QuerySet[models.Model]] = {}
    for entry in REGISTRY:
        qs = entry.model._default_manager.filter(**{entry.owner: person_id})
        if entry.model is m.Conversation:
            qs = qs.filter(visibility=m.TalkVisibility.SHARED)
        elif entry.model is m.ConversationItem:
            qs = qs.filter(conversation__visibility=m.TalkVisibility.SHARED)
        rows[entry.model._meta.label] = qs
    for entry in AUTHORED:
        rows[f"{entry.model._meta.label}:authored"] = entry.model._default_manager.filter(
            **{entry.owner: person_id}
        )
    return rows
