"""Feedback requests on the pages: names only when chosen, anonymous answers only from three."""

from __future__ import annotations

from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.careers.models import CareerProfile
from trellis.org.access import viewer_for
from trellis.talks import services
from trellis.talks.models import FeedbackAnswer


def _ask(cast: Cast, *, anonymous: bool) -> int:
    request = services.feedback_request_create(
        viewer=viewer_for(cast.ada.user),
        respondents=[cast.maya, cast.otto, cast.hana],
        anonymous=anonymous,
    )
    return request.pk


def _answer(person, request_pk: int, text: str) -> FeedbackAnswer:  # type: ignore[no-untyped-def]
    answer = FeedbackAnswer.objects.get(request_id=request_pk, respondent=person)
    return services.feedback_answer(
        viewer=viewer_for(person.user), answer=answer, known_for=text, relied_on_for="", could_be=""
    )


def test_anonymous_answers_hidden_until_three(cast: Cast, client_for: ClientFor) -> None:
    pk = _ask(cast, anonymous=True)
    url = reverse("talks:feedback_detail", args=[pk])
    first = _answer(cast.maya, pk, "Calm under pressure")
    _answer(cast.otto, pk, "Clear writing")
    body = client_for(cast.ada).get(url).content.decode()
    assert "Calm under pressure" not in body and "Clear writing" not in body
    assert "Answers are shown without names once at least three colleagues have answered." in body
    # Nor can a hidden answer be pulled into the profile.
    pull = reverse("talks:feedback_pull", args=[first.pk])
    assert client_for(cast.ada).post(pull, {"text": "Calm"}).status_code == 404
    _answer(cast.hana, pk, "Knows the storage layer")
    body = client_for(cast.ada).get(url).content.decode()
    assert "Calm under pressure" in body and "Knows the storage layer" in body
    assert body.count("<h2>A colleague</h2>") == 3
    for name in ("Maya Manager", "Otto Outsider", "Hana Partner"):
        assert name not in body


def test_attributed_answers_show_names_from_the_first(cast: Cast, client_for: ClientFor) -> None:
    pk = _ask(cast, anonymous=False)
    _answer(cast.otto, pk, "Clear writing")
    body = client_for(cast.ada).get(reverse("talks:feedback_detail", args=[pk])).content.decode()
    assert "<h2>Otto Outsider</h2>" in body and "Clear writing" in body


def test_answer_pulled_into_known_for(cast: Cast, client_for: ClientFor) -> None:
    pk = _ask(cast, anonymous=False)
    answer = _answer(cast.otto, pk, "Clear writing")
    response = client_for(cast.ada).post(
        reverse("talks:feedback_pull", args=[answer.pk]), {"text": "Clear writing"}
    )
    assert response.status_code == 302
    assert CareerProfile.objects.get(person=cast.ada).known_for == "Clear writing"
    assert (
        client_for(cast.otto)
        .post(reverse("talks:feedback_pull", args=[answer.pk]), {"text": "x"})
        .status_code
        == 404
    )
