from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail

from tests.cast import Cast
from trellis.careers import services
from trellis.careers.models import (
    Accomplishment,
    CareerProfile,
    CheckIn,
    Muscle,
    Notification,
    PersonSkillHistory,
    Visibility,
)
from trellis.careers.services import CareerError
from trellis.org.models import AuditEvent
from trellis.skills.models import PersonSkill, SkillSource


def test_profile_update_audits_field_names_not_content(cast: Cast) -> None:
    services.profile_update(
        actor=cast.ada.user, person=cast.ada, data={"summary": "Secret story", "motivators": "x"}
    )
    event = AuditEvent.objects.get(action="careers.profile.update")
    assert event.detail == {"fields": ["motivators", "summary"]}
    assert "Secret" not in str(event.detail)


def test_profile_update_refuses_unknown_fields_and_values(cast: Cast) -> None:
    with pytest.raises(CareerError, match="Unknown profile fields: person"):
        services.profile_update(actor=cast.ada.user, person=cast.ada, data={"person": 1})
    with pytest.raises(CareerError, match="Unknown values: greed"):
        services.profile_update(
            actor=cast.ada.user, person=cast.ada, data={"values_chosen": ["greed"]}
        )


def test_visibility_change_is_audited_with_the_levels(cast: Cast) -> None:
    services.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"swot": "manager"}
    )
    assert CareerProfile.objects.get(person=cast.ada).visibility_of("swot") == "manager"
    assert AuditEvent.objects.get(action="careers.visibility.update").detail == {"swot": "manager"}
    with pytest.raises(CareerError, match="Unknown visibility for swot: public"):
        services.profile_set_visibility(
            actor=cast.ada.user, person=cast.ada, visibility={"swot": "public"}
        )


def test_skill_changes_append_history(cast: Cast) -> None:
    services.person_skill_set(actor=cast.ada.user, person=cast.ada, skill=cast.sql, level=3)
    services.person_skill_confirm(actor=cast.maya.user, person=cast.ada, skill=cast.sql, level=2)
    held = PersonSkill.objects.get(person=cast.ada, skill=cast.sql)
    assert (held.level, held.source) == (2, SkillSource.MANAGER)
    rows = PersonSkillHistory.objects.filter(person=cast.ada, skill=cast.sql).order_by("id")
    assert [(r.level, r.source) for r in rows] == [(3, "self"), (2, "manager")]
    assert rows[1].changed_by == cast.maya.user


def test_skill_level_out_of_range_is_refused(cast: Cast) -> None:
    with pytest.raises(CareerError, match=re.escape("Level must be between 0 and 5.")):
        services.person_skill_set(actor=cast.ada.user, person=cast.ada, skill=cast.sql, level=6)


def test_map_share_and_comment_notify_in_app_and_by_mail(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    goal = services.goal_create(actor=cast.ada.user, person=cast.ada, title="Senior")
    with django_capture_on_commit_callbacks(execute=True):
        services.map_share(actor=cast.ada.user, person=cast.ada)
        services.comment_add(
            actor=cast.maya.user, author=cast.maya, goal=goal, action=None, body="Nice plan"
        )
    assert Notification.objects.filter(recipient=cast.maya).count() == 1
    note = Notification.objects.get(recipient=cast.ada)
    assert note.message == "Maya Manager commented on “Senior” in your career map."
    assert [m.to for m in mail.outbox] == [["maya@example.com"], ["ada@example.com"]]
    assert "Nice plan" not in mail.outbox[1].body


def test_empty_comment_is_refused(cast: Cast) -> None:
    goal = services.goal_create(actor=cast.ada.user, person=cast.ada, title="Senior")
    with pytest.raises(CareerError, match=re.escape("Write a comment before sending it.")):
        services.comment_add(actor=cast.ada.user, author=cast.ada, goal=goal, action=None, body=" ")


def test_checkin_needs_every_muscle(cast: Cast) -> None:
    scores = dict.fromkeys(Muscle.values, (3, ""))
    services.checkin_record(actor=cast.ada.user, person=cast.ada, scores=scores)
    assert CheckIn.objects.get(person=cast.ada).scores.count() == 8
    del scores["acumen"]
    with pytest.raises(CareerError, match="missing: Organizational acumen"):
        services.checkin_record(actor=cast.ada.user, person=cast.ada, scores=scores)


def test_devtime_hours_are_bounded(cast: Cast) -> None:
    services.devtime_log(
        actor=cast.ada.user,
        person=cast.ada,
        date=dt.date(2025, 1, 2),
        hours=Decimal("1.5"),
        activity="Course",
    )
    with pytest.raises(CareerError, match=re.escape("Hours must be more than 0 and at most 24.")):
        services.devtime_log(
            actor=cast.ada.user,
            person=cast.ada,
            date=dt.date(2025, 1, 2),
            hours=Decimal(0),
            activity="Nothing",
        )


def test_sharing_lessons_widens_visibility_to_the_marketplace(cast: Cast) -> None:
    item = services.accomplishment_create(
        actor=cast.ada.user,
        person=cast.ada,
        title="Launch",
        date=dt.date(2025, 1, 1),
        share_lessons=True,
        lessons="Ship small",
    )
    assert item.visibility == Visibility.MARKETPLACE
    item = services.accomplishment_update(
        actor=cast.ada.user, item=item, visibility=Visibility.EVERYONE
    )
    assert Accomplishment.objects.get().visibility == Visibility.EVERYONE
