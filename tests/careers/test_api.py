from __future__ import annotations

import datetime as dt
import io

import pytest
from pptx import Presentation

from tests.careers.conftest import PRIVATE_MARKERS
from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.models import CareerProfile, Goal

API = "/api/v1"


def test_owner_reads_every_section(filled: Cast, client_for: ClientFor) -> None:
    data = client_for(filled.ada).get(f"{API}/careers/{filled.ada.pk}/profile").json()
    assert data["person_id"] == filled.ada.pk
    assert data["sections"]["swot"]["fields"]["swot_strengths"] == "SECRET-SWOT"
    assert data["sections"]["summary"] == {
        "visibility": "manager",
        "fields": {"summary": "Builds storage engines"},
    }


@pytest.mark.parametrize("role", ["maya", "dora", "hana", "alex"])
def test_private_sections_are_absent_for_others(
    filled: Cast, client_for: ClientFor, role: str
) -> None:
    response = client_for(getattr(filled, role)).get(f"{API}/careers/{filled.ada.pk}/profile")
    assert response.status_code == 200
    data = response.json()
    assert set(data["sections"]) & {"swot", "barriers", "weaknesses"} == set()
    for marker in PRIVATE_MARKERS:
        assert marker not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["profile", "skills", "goals", "checkins", "accomplishments", "deck.pptx", "deck.pdf"]
)
def test_outsider_gets_404(filled: Cast, client_for: ClientFor, path: str) -> None:
    response = client_for(filled.otto).get(f"{API}/careers/{filled.ada.pk}/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_patch_profile_sets_only_allowed_fields(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.ada).patch(
        f"{API}/careers/me/profile",
        data={"summary": "Hello", "visibility": {"swot": "everyone"}, "person_id": cast.otto.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    profile = CareerProfile.objects.get(person=cast.ada)
    assert profile.summary == "Hello" and profile.visibility_of("swot") == "private"
    bad = client_for(cast.ada).patch(
        f"{API}/careers/me/profile",
        data={"values_chosen": ["greed"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json() == {"detail": "Unknown values: greed."}


def test_visibility_put(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.ada).put(
        f"{API}/careers/me/visibility", data={"swot": "manager"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["swot"] == "manager"
    bad = client_for(cast.ada).put(
        f"{API}/careers/me/visibility", data={"swot": "public"}, content_type="application/json"
    )
    assert bad.status_code == 422


def test_goals_actions_checkpoints_round_trip(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    goal = client.post(
        f"{API}/careers/me/goals",
        data={"title": "Senior", "target_role_id": cast.senior_engineer.pk},
        content_type="application/json",
    ).json()
    action = client.post(
        f"{API}/careers/me/goals/{goal['id']}/actions",
        data={"title": "Read", "kind": "learn"},
        content_type="application/json",
    ).json()
    cp = client.post(
        f"{API}/careers/me/actions/{action['id']}/checkpoints",
        data={"title": "Half", "due": "2030-01-01"},
        content_type="application/json",
    ).json()
    client.patch(
        f"{API}/careers/me/checkpoints/{cp['id']}",
        data={"done": True},
        content_type="application/json",
    )
    goals = client_for(cast.maya).get(f"{API}/careers/{cast.ada.pk}/goals").json()
    assert goals[0]["actions"][0]["checkpoints"] == [
        {"id": cp["id"], "title": "Half", "due": "2030-01-01", "done": True}
    ]


def test_someone_elses_goal_is_404_through_me(cast: Cast, client_for: ClientFor) -> None:
    goal = Goal.objects.create(person=cast.ada, title="Mine")
    response = client_for(cast.otto).post(
        f"{API}/careers/me/goals/{goal.pk}/actions",
        data={"title": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_skills_and_confirm(cast: Cast, client_for: ClientFor) -> None:
    client_for(cast.ada).post(
        f"{API}/careers/me/skills",
        data={"skill_id": cast.sql.pk, "level": 3},
        content_type="application/json",
    )
    assert (
        client_for(cast.hana)
        .post(
            f"{API}/careers/{cast.ada.pk}/skills/{cast.sql.pk}/confirm",
            data={"level": 2},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    confirmed = client_for(cast.maya).post(
        f"{API}/careers/{cast.ada.pk}/skills/{cast.sql.pk}/confirm",
        data={"level": 2},
        content_type="application/json",
    )
    assert confirmed.json() == {"skill_id": cast.sql.pk, "level": 2, "source": "manager"}
    skills = client_for(cast.ada).get(f"{API}/careers/{cast.ada.pk}/skills").json()
    sql = next(s for s in skills if s["name"] == "SQL")
    assert sql["history"] == [3, 2]


def test_checkins_and_accomplishments(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.ada)
    scores = [
        {"muscle": m, "score": 3}
        for m in (
            "planning",
            "learning",
            "performance",
            "storytelling",
            "skills",
            "marketing",
            "relationships",
        )
    ]
    missing = client.post(
        f"{API}/careers/me/checkins", data={"scores": scores}, content_type="application/json"
    )
    assert missing.status_code == 400 and missing.json() == {
        "detail": "Rate every muscle; missing: Organizational acumen."
    }
    scores.append({"muscle": "acumen", "score": 5, "note": "ok"})
    assert (
        client.post(
            f"{API}/careers/me/checkins", data={"scores": scores}, content_type="application/json"
        ).status_code
        == 201
    )
    assert client_for(cast.maya).get(f"{API}/careers/{cast.ada.pk}/checkins").json()[0]["scores"][
        "acumen"
    ] == {"score": 5, "note": "ok"}
    client.post(
        f"{API}/careers/me/accomplishments",
        data={"title": "Hidden", "date": "2025-01-01", "visibility": "private"},
        content_type="application/json",
    )
    assert client_for(cast.maya).get(f"{API}/careers/{cast.ada.pk}/accomplishments").json() == []


def test_deck_download(cast: Cast, client_for: ClientFor) -> None:
    services.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Grow", target_date=dt.date(2030, 1, 1)
    )
    response = client_for(cast.maya).get(f"{API}/careers/{cast.ada.pk}/deck.pptx")
    assert response.status_code == 200
    titles = [s.shapes.title.text for s in Presentation(io.BytesIO(response.content)).slides]
    assert titles[1:] == [
        "Who I am",
        "Where I am going",
        "Roadmap",
        "Competencies to develop",
        "Highlights",
        "My asks",
    ]


def test_api_post_needs_csrf_for_sessions(cast: Cast) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.ada.user)
    response = client.post(
        f"{API}/careers/me/goals", data={"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
