"""Orientation: HR's pages (sanitised Markdown) and the new joiner's 90-day checklist."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from tests.talks.helpers import log
from trellis.careers import services as careers
from trellis.org.access import viewer_for
from trellis.talks import orientation
from trellis.talks.markdown import render_markdown
from trellis.talks.models import OrientationPage, OrientationTick


def _new_joiner(cast: Cast, days_ago: int = 10) -> None:
    cast.ada.hire_date = timezone.localdate() - dt.timedelta(days=days_ago)
    cast.ada.save()


def test_markdown_is_sanitised() -> None:
    html = str(
        render_markdown(
            "# How mobility works\n\nApply after **12 months**, see *the* "
            "[policy](https://wiki.example.com/mobility).\n\n- one\n- two\n\n"
            '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="y">'
        )
    )
    assert "<h2>How mobility works</h2>" in html
    assert "<strong>12 months</strong>" in html and "<em>the</em>" in html
    assert (
        '<a href="https://wiki.example.com/mobility" rel="noopener noreferrer">policy</a>' in html
    )
    assert "<ul><li>one</li><li>two</li></ul>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and "<img" not in html


def test_hr_writes_a_page_everyone_reads(cast: Cast, client_for: ClientFor) -> None:
    hr = client_for(cast.hana)
    response = hr.post(
        reverse("talks:orientation_new"),
        {
            "title": "Your first career conversation",
            "body": "Ask **what you enjoy**.",
            "for_new_joiners": "on",
            "position": "1",
        },
    )
    page = OrientationPage.objects.get()
    assert response.status_code == 302 and page.for_new_joiners
    body = (
        client_for(cast.otto)
        .get(reverse("talks:orientation_page", args=[page.pk]))
        .content.decode()
    )
    assert "<strong>what you enjoy</strong>" in body
    empty = client_for(cast.hana).post(
        reverse("talks:orientation_new"), {"title": "", "body": "", "position": "0"}
    )
    assert empty.status_code == 400 and "id_body-errors" in empty.content.decode()
    assert (
        client_for(cast.maya)
        .post(reverse("talks:orientation_new"), {"title": "x", "body": "y", "position": "0"})
        .status_code
        == 404
    )
    assert OrientationPage.objects.count() == 1


def test_checklist_from_real_data(cast: Cast, client_for: ClientFor) -> None:
    _new_joiner(cast)
    OrientationPage.objects.create(title="How internal mobility works", body="Text")
    today = timezone.localdate()
    first = orientation.checklists([cast.ada], today=today)[cast.ada.pk]
    assert [s.done for s in first.steps] == [False, False, False, False]
    assert first.days_left == 80
    careers.profile_update(
        actor=cast.ada.user, person=cast.ada, data={"summary": "Storage engineer"}
    )
    log(cast.maya, cast.ada, status="planned", when=timezone.now() + dt.timedelta(days=2))
    client = client_for(cast.ada)
    assert (
        client.post(reverse("talks:orientation_step", args=["mobility_policy"])).status_code == 302
    )
    # A step read from data cannot be ticked by hand.
    assert client.post(reverse("talks:orientation_step", args=["profile"])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert "Your first 90 days" in home and "3 of 4 done" in home
    assert "How internal mobility works" in home
    # The manager sees the progress; the outsider cannot.
    manager_home = client_for(cast.maya).get(reverse("home")).content.decode()
    assert "Orientation: 3 of 4 done" in manager_home
    page = reverse("talks:orientation_person", args=[cast.ada.pk])
    assert "Read the internal mobility policy" in client_for(cast.maya).get(page).content.decode()
    assert client_for(cast.otto).get(page).status_code == 404
    api = client_for(cast.maya).get(f"/api/v1/orientation/people/{cast.ada.pk}").json()
    assert (api["done"], api["total"], api["new_joiner"]) == (3, 4, True)
    assert [s["done"] for s in api["steps"]] == [True, True, True, False]


def test_no_checklist_after_ninety_days_or_without_hire_date(
    cast: Cast, client_for: ClientFor
) -> None:
    today = timezone.localdate()
    assert orientation.checklists([cast.ada], today=today) == {}  # no hire date on record
    _new_joiner(cast, days_ago=90)
    assert orientation.checklists([cast.ada], today=today) == {}
    assert "Your first 90 days" not in client_for(cast.ada).get(reverse("home")).content.decode()
    assert (
        client_for(cast.ada).post(reverse("talks:orientation_step", args=["buddy"])).status_code
        == 404
    )
    assert not OrientationTick.objects.exists()


def test_api_tick_and_refusals(cast: Cast, client_for: ClientFor) -> None:
    _new_joiner(cast)
    client = client_for(cast.ada)
    done = client.post("/api/v1/orientation/me/steps/buddy")
    assert done.status_code == 200 and done.json()["steps"][3]["done"] is True
    assert client.post("/api/v1/orientation/me/steps/profile").status_code == 422
    assert client_for(cast.otto).get(f"/api/v1/orientation/people/{cast.ada.pk}").status_code == 404
    bad = client_for(cast.hana).post(
        "/api/v1/orientation/pages", {"title": "T", "body": ""}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "body"
    made = client_for(cast.hana).post(
        "/api/v1/orientation/pages",
        {"title": "T", "body": "<b>x</b> **y**"},
        content_type="application/json",
    )
    assert (
        made.status_code == 201
        and made.json()["html"] == "<p>&lt;b&gt;x&lt;/b&gt; <strong>y</strong></p>"
    )
    assert viewer_for(cast.ada.user).person == cast.ada
