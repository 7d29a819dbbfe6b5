"""The talks models that hold a person's data, for export and erasure (DESIGN §9).

Registered with org from ``TalksConfig.ready()``, with the export's own view of the rows:
a manager's private notes stay out of the employee's archive, and feedback is shown as the
feedback page shows it. A test fails when a talks model pointing at a person is missing here.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from trellis.org.personal_data import as_record
from trellis.org.registry import PersonalData, PersonalDataSet, Records
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
    # The orientation steps the person marked done.
    PersonalData(m.OrientationTick, "person"),
)
# Rows a person authored about someone else: exported to the author, erased with them.
AUTHORED: tuple[PersonalData, ...] = (
    PersonalData(m.Conversation, "author"),
    PersonalData(m.FeedbackAnswer, "respondent"),
)
# The guide's questions and HR's orientation pages belong to the organization.
NOT_PERSONAL = {"talks.SpurQuestion", "talks.OrientationPage"}


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


def _feedback_records(qs: models.QuerySet[Any]) -> Records:
    """Answers to the person's requests, as the feedback page shows them: anonymous ones
    without who gave them, and only once enough people answered."""
    out = []
    answers = list(qs.select_related("request"))
    answered: dict[int, int] = {}
    for answer in answers:
        if answer.answered_at is not None:
            answered[answer.request_id] = answered.get(answer.request_id, 0) + 1
    for answer in answers:
        data = as_record(answer)
        if answer.request.anonymous:
            data.pop("respondent", None)
            if answered.get(answer.request_id, 0) < m.ANONYMOUS_THRESHOLD:
                continue
        out.append(data)
    return out


def export_records(person_id: int) -> dict[str, Records]:
    """The person's talks records by file name; what they wrote about others under
    ``authored/``."""
    records: dict[str, Records] = {}
    for label, qs in rows_of(person_id).items():
        if label.endswith(":authored"):
            name = "authored/" + label.removesuffix(":authored")
            records[name] = [as_record(obj) for obj in qs.order_by("pk")]
        elif qs.model is m.FeedbackAnswer:
            records[label] = _feedback_records(qs.order_by("pk"))
        else:
            records[label] = [as_record(obj) for obj in qs.order_by("pk")]
    return records


def personal_data() -> PersonalDataSet:
    return PersonalDataSet(
        app="talks",
        owned=REGISTRY,
        authored=AUTHORED,
        not_personal=frozenset(NOT_PERSONAL),
        export=export_records,
    )
