"""The one door: the viewer built once per request, the HR and admin gates, the API's viewer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.access import (
    admin_required,
    admin_viewer,
    hr_required,
    hr_viewer,
    viewer_for,
    viewer_of,
)
from trellis.org.tokens import api_token_create


def _request(user: object) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user  # type: ignore[assignment]
    return request


@hr_required
def _hr_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("for HR")


@admin_required
def _admin_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("for admins")


def test_predicate_is_hr_or_admin(cast: Cast) -> None:
    answers = {
        name: viewer_for(getattr(cast, name).user).is_hr_or_admin
        for name in ("ada", "maya", "otto", "hana", "alex")
    }
    assert answers == {"ada": False, "maya": False, "otto": False, "hana": True, "alex": True}
    assert not viewer_for(AnonymousUser()).is_hr_or_admin


@pytest.mark.parametrize(
    ("who", "hr", "admin"),
    [("ada", False, False), ("maya", False, False), ("hana", True, False), ("alex", True, True)],
)
def test_gates(cast: Cast, who: str, hr: bool, admin: bool) -> None:
    user = getattr(cast, who).user
    for gate, page, allowed, text in (
        (hr_viewer, _hr_page, hr, b"for HR"),
        (admin_viewer, _admin_page, admin, b"for admins"),
    ):
        if allowed:
            assert gate(_request(user)).user == user
            assert page(_request(user)).content == text
        else:
            with pytest.raises(Http404):
                gate(_request(user))
            with pytest.raises(Http404):
                page(_request(user))


def test_viewer_of_builds_once_and_follows_a_replaced_user(cast: Cast) -> None:
    request = _request(cast.ada.user)
    first = viewer_of(request)
    assert viewer_of(request) is first
    assert first.person == cast.ada
    # What an API token does after the middleware ran: the request's user changes.
    request.user = cast.hana.user
    again = viewer_of(request)
    assert again.person == cast.hana and again.is_hr


def test_a_page_builds_the_viewer_once(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.hana)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("market:rounds"))
    assert response.status_code == 200
    # The view, its gate and the template's context all ask for the viewer: one build.
    group_reads = [q for q in ctx.captured_queries if "auth_user_groups" in q["sql"]]
    assert len(group_reads) == 1


def test_api_operation_gets_the_token_users_viewer(cast: Cast) -> None:
    """The token is checked inside the operation, after the middleware: the gate must see
    the token's user, not the anonymous visitor the request started as."""
    client = Client()
    body = {"name": "Q3", "opportunity_ids": [999_999]}
    answers = {}
    for name in ("hana", "otto"):
        user = getattr(cast, name).user
        _, secret = api_token_create(actor=user, user=user, name="script", read_only=False)
        response = client.post(
            "/api/v1/market/rounds",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )
        answers[name] = (response.status_code, response.json())
    assert answers["hana"][0] == 400  # past the gate, refused for the unknown opportunity
    assert answers["otto"] == (404, {"detail": "Not Found"})
