"""What HR and managers set up for conversations: the SPUR guide's questions and a manager's
coverage goal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from trellis.org.services import audit_record
from trellis.talks import access
from trellis.talks.models import (
    CoverageGoal,
    PullCategory,
    QuestionKind,
    Spur,
    SpurQuestion,
    Stance,
)
from trellis.talks.services.conversations import TalkError

if TYPE_CHECKING:
    from trellis.org.access import Viewer


def _check_guide_editor(viewer: Viewer) -> None:
    if not access.can_edit_guide(viewer):
        raise TalkError("Only HR partners edit the SPUR guide.")


def _check_question(*, area: str, stance: str, kind: str, category: str, text: str) -> None:
    if area not in Spur.values:
        raise TalkError(f"Unknown SPUR area: {area}.")
    if stance and stance not in Stance.values:
        raise TalkError(f"Unknown stance: {stance}.")
    if kind not in QuestionKind.values:
        raise TalkError(f"Unknown kind of guidance: {kind}.")
    if category and category not in PullCategory.values:
        raise TalkError(f"Unknown pull category: {category}.")
    if not text.strip():
        raise TalkError("Write the question or the guidance.")


@transaction.atomic
def question_add(
    *, viewer: Viewer, area: str, text: str, stance: str = "", kind: str = "ask", category: str = ""
) -> SpurQuestion:
    _check_guide_editor(viewer)
    _check_question(area=area, stance=stance, kind=kind, category=category, text=text)
    question = SpurQuestion.objects.create(
        area=area, stance=stance, kind=kind, category=category, text=text.strip()
    )
    audit_record(actor=viewer.user, action="talks.guide.add", target=question)
    return question


@transaction.atomic
def question_update(
    *,
    viewer: Viewer,
    question: SpurQuestion,
    text: str | None = None,
    active: bool | None = None,
) -> SpurQuestion:
    """Reword or retire (``active=False``) a question; retired ones stay for history."""
    _check_guide_editor(viewer)
    changed = []
    if text is not None:
        if not text.strip():
            raise TalkError("Write the question or the guidance.")
        question.text = text.strip()
        changed.append("text")
    if active is not None:
        question.active = active
        changed.append("active")
    question.save()
    audit_record(
        actor=viewer.user, action="talks.guide.update", target=question, detail={"fields": changed}
    )
    return question


@transaction.atomic
def coverage_goal_set(*, viewer: Viewer, unplanned_per_month: int) -> CoverageGoal:
    if viewer.person is None:
        raise TalkError("Your login is not linked to a person yet.")
    if not 0 <= unplanned_per_month <= 60:
        raise TalkError("Choose between 0 and 60 conversations a month.")
    goal, _ = CoverageGoal.objects.update_or_create(
        manager=viewer.person, defaults={"unplanned_per_month": unplanned_per_month}
    )
    audit_record(actor=viewer.user, action="talks.coverage_goal.set", target=goal)
    return goal
