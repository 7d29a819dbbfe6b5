from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.models import Action, Muscle, PersonSkillHistory
from trellis.skills.models import PersonSkill, Skill


@pytest.mark.parametrize(
    ("role", "status"),
    [("ada", 200), ("maya", 200), ("dora", 200), ("hana", 200), ("alex", 200), ("otto", 404)],
)
def test_skills_page_per_role(cast: Cast, client_for: ClientFor, role: str, status: int) -> None:
    response = client_for(getattr(cast, role)).get(reverse("careers:skills", args=[cast.ada.pk]))
    assert response.status_code == status


def test_search_add_and_history(cast: Cast, client_for: ClientFor) -> None:
    go = Skill.objects.create(name="Go")
    client = client_for(cast.ada)
    html = client.get(
        reverse("careers:skill_search", args=[cast.ada.pk]), {"q": "g"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Go" in html and "Python" not in html  # held skills are not offered again
    client.post(
        reverse("careers:skill_add", args=[cast.ada.pk]),
        {"skill": go.pk, "level": 3, "appetite": "grow"},
    )
    client.post(
        reverse("careers:skill_update", args=[cast.ada.pk, go.pk]), {"level": 4, "appetite": "grow"}
    )
    assert PersonSkill.objects.get(person=cast.ada, skill=go).level == 4
    assert list(
        PersonSkillHistory.objects.filter(skill=go).order_by("id").values_list("level", flat=True)
    ) == [3, 4]


def test_manager_confirms_and_others_cannot(cast: Cast, client_for: ClientFor) -> None:
    url = reverse("careers:skill_confirm", args=[cast.ada.pk, cast.sql.pk])
    for role in ("hana", "otto", "ada"):
        assert client_for(getattr(cast, role)).post(url, {"level": 3}).status_code == 404
    client_for(cast.maya).post(url, {"level": 3})
    held = PersonSkill.objects.get(person=cast.ada, skill=cast.sql)
    assert (held.level, held.source) == (3, "manager")


def test_outsider_cannot_search_for_someone_else(cast: Cast, client_for: ClientFor) -> None:
    assert (
        client_for(cast.otto)
        .get(reverse("careers:skill_search", args=[cast.ada.pk]), {"q": "P"})
        .status_code
        == 404
    )


def test_checkin_trend_and_one_click_next_step(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    data = {f"{m}_score": "4" for m in Muscle.values} | {f"{m}_note": "" for m in Muscle.values}
    data["storytelling_score"] = "1"
    assert client.post(reverse("careers:checkins", args=[cast.ada.pk]), data).status_code == 302
    data["storytelling_score"] = "2"
    client.post(reverse("careers:checkins", args=[cast.ada.pk]), data)
    html = client.get(reverse("careers:checkins", args=[cast.ada.pk])).content.decode()
    assert "Storytelling rated 1 (weak) to 5 (strong) at each of 2 check-ins; latest 2." in html
    assert "<polyline" in html and "<title>Storytelling, " in html
    assert "Write my career story in five sentences" in html
    client.post(
        reverse("careers:next_step_add", args=[cast.ada.pk]),
        {"muscle": "storytelling", "index": "0"},
    )
    action = Action.objects.get()
    assert action.goal.title == "Strengthen my career muscles"
    assert action.title.startswith("Write my career story")


def test_checkin_missing_scores_keep_notes(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.ada).post(
        reverse("careers:checkins", args=[cast.ada.pk]), {"planning_note": "kept note"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "kept note" in html and "This field is required." in html


def test_checkins_hidden_from_outsider(cast: Cast, client_for: ClientFor) -> None:
    assert (
        client_for(cast.otto).get(reverse("careers:checkins", args=[cast.ada.pk])).status_code
        == 404
    )
    assert (
        client_for(cast.maya).post(reverse("careers:checkins", args=[cast.ada.pk]), {}).status_code
        == 404
    )


def test_devtime_balance(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    today = timezone.localdate()
    client.post(
        reverse("careers:devtime", args=[cast.ada.pk]),
        {"date": today.isoformat(), "hours": "2.5", "activity": "Course"},
    )
    html = client.get(reverse("careers:devtime", args=[cast.ada.pk])).content.decode()
    assert "2.5 h</strong> used of 8 h" in html and "5.5 h left" in html
    response = client.post(
        reverse("careers:devtime", args=[cast.ada.pk]),
        {"date": today.isoformat(), "hours": "30", "activity": "Too much"},
    )
    assert response.status_code == 400 and "less than or equal to 24" in response.content.decode()


def test_accomplishments_respect_item_visibility(cast: Cast, client_for: ClientFor) -> None:
    services.accomplishment_create(
        actor=cast.ada.user,
        person=cast.ada,
        title="Private win",
        date=dt.date(2025, 1, 1),
        visibility="private",
    )
    services.accomplishment_create(
        actor=cast.ada.user,
        person=cast.ada,
        title="Shared win",
        date=dt.date(2025, 1, 1),
        visibility="manager",
    )
    html = (
        client_for(cast.maya)
        .get(reverse("careers:accomplishments", args=[cast.ada.pk]))
        .content.decode()
    )
    assert "Shared win" in html and "Private win" not in html
    html = (
        client_for(cast.ada)
        .get(reverse("careers:accomplishments", args=[cast.ada.pk]))
        .content.decode()
    )
    assert "Private win" in html


def test_accomplishment_form_and_share_lessons(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    response = client.post(
        reverse("careers:accomplishments", args=[cast.ada.pk]),
        {
            "title": "Launch",
            "date": "2025-02-01",
            "visibility": "manager",
            "share_lessons": "on",
            "lessons": "Ship small",
            "link": "https://example.com/x",
        },
    )
    assert response.status_code == 302
    html = (
        client_for(cast.hana)
        .get(reverse("careers:accomplishments", args=[cast.ada.pk]))
        .content.decode()
    )
    assert "Ship small" in html


def test_devtime_allowance_from_policy(cast: Cast) -> None:
    from trellis.careers.models import DevelopmentPolicy
    from trellis.careers.selectors import dev_allowance

    DevelopmentPolicy.objects.create(
        hours_per_month=Decimal("12"), effective_from=dt.date(2020, 1, 1)
    )
    assert dev_allowance(on=dt.date(2025, 1, 1)) == Decimal("12")
    assert dev_allowance(on=dt.date(2019, 1, 1)) == Decimal("8")
