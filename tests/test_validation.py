"""Input rules shared by pages and API: each refusal names the field and the reason, never 500.

These reproduce the findings of the hardening review: a stored ``javascript:`` link, server
errors on out-of-range numbers, bounds enforced only in the browser, and control or
text-direction characters in names.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast
from trellis.careers.models import Accomplishment, CareerProfile, DevTimeEntry, Goal
from trellis.market.models import Opportunity, Round
from trellis.org.tokens import api_token_create
from trellis.skills.models import RoleTransition

HUGE = 99999999999999999999  # twenty digits: past every database integer


def _api(person: Any) -> Client:
    """A client calling the API with the person's read-write bearer token."""
    _, secret = api_token_create(actor=None, user=person.user, name="test", read_only=False)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _post(client: Client, url: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _refused(response: Any, *loc: str | int) -> str:
    """Assert a 422 naming exactly ``loc`` and return its message."""
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [list(loc)], errors
    return str(errors[0]["msg"])


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# 1. Links: http, https and mailto only
# ---------------------------------------------------------------------------------------------


def test_api_refuses_a_javascript_link(cast: Cast) -> None:
    response = _post(
        _api(cast.ada),
        "/api/v1/careers/me/accomplishments",
        {"title": "Win", "date": _today().isoformat(), "link": "javascript:alert(1)"},
    )
    message = _refused(response, "body", "payload", "link")
    assert message == "Value error, Enter a link starting with http://, https:// or mailto:."
    assert not Accomplishment.objects.exists()


@pytest.mark.parametrize(
    "link", ["data:text/html,<script>alert(1)</script>", "JaVaScRiPt:alert(1)", " https://x.org"]
)
def test_api_refuses_other_unsafe_links(cast: Cast, link: str) -> None:
    body = {"title": "Win", "date": _today().isoformat(), "link": link}
    response = _post(_api(cast.ada), "/api/v1/careers/me/accomplishments", body)
    _refused(response, "body", "payload", "link")


@pytest.mark.parametrize("link", ["https://example.com/x", "http://example.org", "mailto:a@b.org"])
def test_api_accepts_web_and_mail_links(cast: Cast, link: str) -> None:
    body = {"title": "Win", "date": _today().isoformat(), "link": link}
    response = _post(_api(cast.ada), "/api/v1/careers/me/accomplishments", body)
    assert response.status_code == 201, response.content
    assert Accomplishment.objects.get().link == link


def test_web_form_refuses_a_javascript_link_and_accepts_mailto(cast: Cast, client_for: Any) -> None:
    client = client_for(cast.ada)
    url = reverse("careers:accomplishments", args=[cast.ada.pk])
    data = {"title": "Win", "date": "2025-02-01", "visibility": "manager"}
    response = client.post(url, data | {"link": "javascript:alert(1)"})
    assert response.status_code == 400
    assert "Enter a link starting with http://, https:// or mailto:." in response.content.decode()
    assert not Accomplishment.objects.exists()
    assert client.post(url, data | {"link": "mailto:ada@example.com"}).status_code == 302
    # A bare address is read as https, as before.
    assert client.post(url, data | {"link": "example.com/x"}).status_code == 302
    assert set(Accomplishment.objects.values_list("link", flat=True)) == {
        "mailto:ada@example.com",
        "https://example.com/x",
    }


def test_a_bad_link_stored_earlier_is_never_an_href(cast: Cast, client_for: Any) -> None:
    Accomplishment.objects.create(
        person=cast.ada,
        title="Old import",
        date=dt.date(2024, 1, 1),
        link="javascript:alert(1)",
        visibility="manager",
    )
    html = (
        client_for(cast.maya)
        .get(reverse("careers:accomplishments", args=[cast.ada.pk]))
        .content.decode()
    )
    assert "Old import" in html
    assert "javascript:" not in html
    rows = client_for(cast.maya).get(f"/api/v1/careers/{cast.ada.pk}/accomplishments").json()
    assert [(r["title"], r["link"]) for r in rows] == [("Old import", "")]


# ---------------------------------------------------------------------------------------------
# 2. Out-of-range numbers and ids: 422, not 500
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["-1", "0", str(HUGE)])
@pytest.mark.parametrize(
    "url", ["/api/v1/market/opportunities", "/api/v1/people", "/api/v1/skills"]
)
def test_pages_out_of_range(cast: Cast, url: str, page: str) -> None:
    response = _api(cast.ada).get(url, {"page": page})
    _refused(response, "query", "page")


def test_page_size_is_bounded(cast: Cast) -> None:
    response = _api(cast.ada).get("/api/v1/people", {"page_size": "1000"})
    assert _refused(response, "query", "page_size") == "Input should be less than or equal to 100"
    assert _api(cast.ada).get("/api/v1/people", {"page_size": "100"}).status_code == 200


def _opportunity(cast: Cast, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "stretch",
        "title": "Run the storage review",
        "unit_id": cast.team.pk,
        "capacity": 1,
        "hours_per_week": 4,
        "min_months_in_role": 0,
    } | changes


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("min_months_in_role", -1, "Input should be greater than or equal to 0"),
        ("hours_per_week", -1, "Input should be greater than or equal to 0"),
        ("hours_per_week", 41, "Input should be less than or equal to 40"),
        ("capacity", HUGE, "Input should be less than or equal to 1000"),
        ("duration_weeks", 70000, "Input should be less than or equal to 520"),
        ("unit_id", HUGE, "Input should be less than or equal to 2147483647"),
    ],
)
def test_opportunity_numbers_out_of_range(cast: Cast, field: str, value: int, message: str) -> None:
    response = _post(
        _api(cast.maya), "/api/v1/market/opportunities", _opportunity(cast, **{field: value})
    )
    assert _refused(response, "body", "payload", field) == message
    assert not Opportunity.objects.exists()


def test_opportunity_skill_levels_out_of_range(cast: Cast) -> None:
    body = _opportunity(cast, skills=[{"skill_id": cast.python.pk, "min_level": 9}])
    response = _post(_api(cast.maya), "/api/v1/market/opportunities", body)
    _refused(response, "body", "payload", "skills", 0, "min_level")


def test_round_with_a_twenty_digit_opportunity_id(cast: Cast) -> None:
    body = {"name": "Spring round", "opportunity_ids": [HUGE]}
    response = _post(_api(cast.hana), "/api/v1/market/rounds", body)
    _refused(response, "body", "payload", "opportunity_ids", 0)
    assert not Round.objects.exists()


def test_transition_with_negative_typical_months(cast: Cast) -> None:
    body = {"to_role_id": cast.senior_engineer.pk, "kind": "promotion", "typical_months": -1}
    response = _post(_api(cast.hana), f"/api/v1/roles/{cast.engineer.pk}/transitions", body)
    assert (
        _refused(response, "body", "payload", "typical_months")
        == "Input should be greater than or equal to 1"
    )
    assert not RoleTransition.objects.filter(typical_months__lt=0).exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/market/opportunities/{HUGE}",
        f"/api/v1/people/{HUGE}",
        f"/api/v1/roles/{HUGE}",
        f"/api/v1/careers/{HUGE}/goals",
        f"/api/v1/talks/conversations/{HUGE}",
        f"/api/v1/talks/prep/{HUGE}",
        "/api/v1/careers/-1/goals",
    ],
)
def test_path_ids_out_of_range_are_not_server_errors(cast: Cast, url: str) -> None:
    response = _api(cast.ada).get(url)
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")


def test_body_numbers_must_be_json_numbers(cast: Cast) -> None:
    response = _post(
        _api(cast.maya), "/api/v1/market/opportunities", _opportunity(cast, capacity="2")
    )
    assert _refused(response, "body", "payload", "capacity") == (
        "Value error, Input should be a whole number."
    )
    response = _post(_api(cast.ada), "/api/v1/careers/me/profile", [None, None], method="patch")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Value error, The body must be a JSON object."


# ---------------------------------------------------------------------------------------------
# 3. Bounds on the server, for pages and API alike
# ---------------------------------------------------------------------------------------------


def test_project_hours_bounded_on_the_page(cast: Cast, client_for: Any) -> None:
    url = reverse("careers:profile_edit", args=[cast.ada.pk])
    response = client_for(cast.ada).post(
        url, {"track_preference": "either", "project_hours": "9999"}
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 40." in response.content.decode()
    assert not CareerProfile.objects.filter(project_hours=9999).exists()


def test_project_hours_bounded_in_the_api(cast: Cast) -> None:
    response = _post(
        _api(cast.ada), "/api/v1/careers/me/profile", {"project_hours": 9999}, method="patch"
    )
    assert (
        _refused(response, "body", "payload", "project_hours")
        == "Input should be less than or equal to 40"
    )


def test_goal_target_date_window_on_the_page(cast: Cast, client_for: Any) -> None:
    url = reverse("careers:goal_add", args=[cast.ada.pk])
    data = {"title": "Lead", "horizon": "short", "status": "planned"}
    response = client_for(cast.ada).post(url, data | {"target_date": "1900-01-01"})
    assert response.status_code == 400
    assert "Choose a date from 1 January 2000 on." in response.content.decode()
    far = _today().replace(year=_today().year + 31, day=1)
    response = client_for(cast.ada).post(url, data | {"target_date": far.isoformat()})
    assert "Choose a date within 30 years from today." in response.content.decode()
    assert not Goal.objects.exists()


def test_goal_target_date_window_in_the_api(cast: Cast) -> None:
    body = {"title": "Lead", "target_date": "1900-01-01"}
    response = _post(_api(cast.ada), "/api/v1/careers/me/goals", body)
    assert (
        _refused(response, "body", "payload", "target_date")
        == "Value error, Choose a date from 1 January 2000 on."
    )
    body["target_date"] = "2027-03-01"
    assert _post(_api(cast.ada), "/api/v1/careers/me/goals", body).status_code == 201


def test_development_time_cannot_be_logged_ahead(cast: Cast, client_for: Any) -> None:
    url = reverse("careers:devtime", args=[cast.ada.pk])
    tomorrow = _today() + dt.timedelta(days=1)
    response = client_for(cast.ada).post(
        url, {"date": tomorrow.isoformat(), "hours": "2", "activity": "Course"}
    )
    assert response.status_code == 400
    assert "Choose today or an earlier date: this records what was done." in (
        response.content.decode()
    )
    assert not DevTimeEntry.objects.exists()


def test_accomplishment_cannot_be_dated_ahead_in_the_api(cast: Cast) -> None:
    tomorrow = _today() + dt.timedelta(days=1)
    body = {"title": "Win", "date": tomorrow.isoformat()}
    response = _post(_api(cast.ada), "/api/v1/careers/me/accomplishments", body)
    _refused(response, "body", "payload", "date")


def _form(cast: Cast, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "stretch",
        "title": "Run the storage review",
        "unit": cast.team.pk,
        "capacity": 1,
        "hours_per_week": 0,
        "min_months_in_role": 0,
        "skills-TOTAL_FORMS": 0,
        "skills-INITIAL_FORMS": 0,
    } | changes


def test_opportunity_closing_in_the_past_refused_on_the_page(cast: Cast, client_for: Any) -> None:
    client = client_for(cast.maya)
    response = client.post(reverse("market:new"), _form(cast, closes_on="2020-01-01"))
    assert response.status_code == 400
    assert "Choose today or a later date." in response.content.decode()
    assert not Opportunity.objects.exists()
    response = client.post(reverse("market:new"), _form(cast, closes_on=_today().isoformat()))
    assert response.status_code == 302


def test_an_old_closing_date_may_stay_on_edit(cast: Cast, client_for: Any) -> None:
    client = client_for(cast.maya)
    client.post(reverse("market:new"), _form(cast, closes_on=_today().isoformat()))
    opp = Opportunity.objects.get()
    Opportunity.objects.filter(pk=opp.pk).update(closes_on=dt.date(2020, 1, 1))
    edit = reverse("market:edit", args=[opp.pk])
    response = client.post(edit, _form(cast, title="Renamed", closes_on="2020-01-01"))
    assert response.status_code == 302
    response = client.post(edit, _form(cast, closes_on="2020-02-01"))
    assert response.status_code == 400


def test_opportunity_closing_in_the_past_refused_in_the_api(cast: Cast) -> None:
    body = _opportunity(cast, closes_on="2020-01-01")
    response = _post(_api(cast.maya), "/api/v1/market/opportunities", body)
    assert (
        _refused(response, "body", "payload", "closes_on")
        == "Value error, Choose today or a later date."
    )
    body["closes_on"] = _today().isoformat()
    assert _post(_api(cast.maya), "/api/v1/market/opportunities", body).status_code == 201


# ---------------------------------------------------------------------------------------------
# 4. Names: no control or text-direction characters
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Lead\x00", "Value error, Remove the control characters (such as line breaks or NUL)."),
        ("Lead\u202etxt.exe", "Value error, Remove the text-direction control characters."),
        ("Lead\u2066x\u2069", "Value error, Remove the text-direction control characters."),
    ],
)
def test_api_names_refuse_control_and_bidi_characters(cast: Cast, title: str, message: str) -> None:
    response = _post(_api(cast.ada), "/api/v1/careers/me/goals", {"title": title})
    assert _refused(response, "body", "payload", "title") == message
    response = _post(
        _api(cast.maya), "/api/v1/market/opportunities", _opportunity(cast, title=title)
    )
    assert _refused(response, "body", "payload", "title") == message


def test_page_names_refuse_bidi_characters(cast: Cast, client_for: Any) -> None:
    response = client_for(cast.ada).post(
        reverse("careers:goal_add", args=[cast.ada.pk]),
        {"title": "Lead\u202etxt.exe", "horizon": "short", "status": "planned"},
    )
    assert response.status_code == 400
    assert "Remove the text-direction control characters." in response.content.decode()
    response = client_for(cast.maya).post(reverse("market:new"), _form(cast, title="Gig\u202e"))
    assert response.status_code == 400
    assert not Goal.objects.exists() and not Opportunity.objects.exists()


def test_free_text_keeps_line_breaks_but_refuses_nul(cast: Cast) -> None:
    body = {"title": "Lead", "description": "line one\nline two\ttab"}
    assert _post(_api(cast.ada), "/api/v1/careers/me/goals", body).status_code == 201
    body["description"] = "nul\x00"
    response = _post(_api(cast.ada), "/api/v1/careers/me/goals", body)
    assert (
        _refused(response, "body", "payload", "description")
        == "Value error, Remove the control characters (such as NUL)."
    )
