"""Push items reach the profile: an accepted pushed strength or piece of feedback, or a
feedback answer, goes to "known for" or strengths with the visibility the employee chooses;
the prep sheet then counts it as a known piece."""

from __future__ import annotations

from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.talks.helpers import log, push
from trellis.careers.models import CareerProfile
from trellis.org.access import viewer_for
from trellis.talks import prep, services
from trellis.talks.models import ConversationItem, Outcome
from trellis.talks.services import TalkError


def _strength(cast: Cast, accept: bool = True) -> ConversationItem:
    c = log(cast.maya, cast.ada, items=[push("strengths_seen", "Calm in incidents")])
    item = c.items.get()
    if accept:
        services.item_decide(viewer=viewer_for(cast.ada.user), item=item, accept=True)
        item.refresh_from_db()
    return item


def test_accepted_strength_added_with_the_chosen_visibility(
    cast: Cast, client_for: ClientFor
) -> None:
    item = _strength(cast)
    detail = reverse("talks:detail", args=[item.conversation_id])
    page = client_for(cast.ada).get(detail).content.decode()
    assert f'action="/talks/items/{item.pk}/to-profile/"' in page
    assert "to-profile" not in client_for(cast.maya).get(detail).content.decode()
    url = reverse("talks:item_to_profile", args=[item.pk])
    client_for(cast.ada).post(url, {"field": "known_for", "visibility": "everyone"})
    profile = CareerProfile.objects.get(person=cast.ada)
    assert profile.known_for == "Calm in incidents"
    assert profile.visibility_of("known_for") == "everyone"
    item.refresh_from_db()
    assert item.profile_field == "known_for"
    assert "On my profile" in client_for(cast.ada).get(detail).content.decode()
    with_error = client_for(cast.ada).post(url, {"field": "strengths", "visibility": "manager"})
    assert with_error.status_code == 302
    assert CareerProfile.objects.get(person=cast.ada).strengths == ""  # offered once


def test_refused_before_acceptance_for_others_and_for_bad_input(
    cast: Cast, client_for: ClientFor
) -> None:
    item = _strength(cast, accept=False)
    ada = viewer_for(cast.ada.user)
    try:
        services.item_to_profile(viewer=ada, item=item, field="known_for", visibility="manager")
    except TalkError as error:
        assert str(error) == "Accept the item first."
    else:
        raise AssertionError("not refused")
    services.item_decide(viewer=ada, item=item, accept=True)
    url = reverse("talks:item_to_profile", args=[item.pk])
    assert (
        client_for(cast.maya).post(url, {"field": "known_for", "visibility": "manager"}).status_code
        == 404
    )
    client_for(cast.ada).post(url, {"field": "weaknesses", "visibility": "manager"})
    assert not CareerProfile.objects.filter(person=cast.ada).exclude(known_for="").exists()
    api = client_for(cast.ada).post(
        f"/api/v1/talks/items/{item.pk}/to-profile",
        {"field": "strengths", "visibility": "nobody"},
        content_type="application/json",
    )
    assert api.status_code == 422 and "visibility" in api.content.decode()
    api = client_for(cast.ada).post(
        f"/api/v1/talks/items/{item.pk}/to-profile",
        {"field": "strengths", "visibility": "manager"},
        content_type="application/json",
    )
    assert api.json() == {
        "field": "strengths",
        "visibility": "manager",
        "text": "Calm in incidents",
    }
    skills_item = log(cast.maya, cast.ada, items=[push("skills", "Learn SQL")]).items.get()
    services.item_decide(viewer=ada, item=skills_item, accept=True)
    refused = client_for(cast.ada).post(
        f"/api/v1/talks/items/{skills_item.pk}/to-profile",
        {"field": "strengths", "visibility": "manager"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and skills_item.outcome == Outcome.ACCEPTED


def test_feedback_answer_to_strengths(cast: Cast, client_for: ClientFor) -> None:
    request = services.feedback_request_create(
        viewer=viewer_for(cast.ada.user), respondents=[cast.maya]
    )
    answer = request.answers.get()
    services.feedback_answer(
        viewer=viewer_for(cast.maya.user),
        answer=answer,
        known_for="Clear docs",
        relied_on_for="",
        could_be="",
    )
    client_for(cast.ada).post(
        reverse("talks:feedback_pull", args=[answer.pk]),
        {"text": "Clear docs", "field": "strengths", "visibility": "private"},
    )
    profile = CareerProfile.objects.get(person=cast.ada)
    assert (profile.strengths, profile.visibility_of("strengths")) == ("Clear docs", "private")
    assert (
        client_for(cast.otto)
        .post(
            f"/api/v1/talks/feedback/answers/{answer.pk}/to-profile",
            {"field": "known_for", "visibility": "manager", "text": "x"},
            content_type="application/json",
        )
        .status_code
        == 404
    )


def test_prep_sheet_counts_known_for_as_a_known_piece(cast: Cast) -> None:
    def strengths_known() -> bool:
        sheet = prep.prep_sheet(viewer=viewer_for(cast.maya.user), person=cast.ada)
        return any(p.category == "strengths" and p.state == "known" for p in sheet.pieces)

    assert not strengths_known()
    item = _strength(cast)
    services.item_to_profile(
        viewer=viewer_for(cast.ada.user), item=item, field="known_for", visibility="manager"
    )
    assert strengths_known()
