"""A matching round runs as a task: inline in development, through the worker in production,
its steps visible to other connections while it runs, and its progress its starter's alone."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.market import rounds, services
from trellis.market.models import Round
from trellis.market.round_work import round_of_work, round_work_run
from trellis.org.access import viewer_for
from trellis.org.longwork import Ticker
from trellis.org.models import LongWork, WorkState
from trellis.skills.models import PersonSkill


def _market(cast: Cast) -> list[int]:
    for person in (cast.ada, cast.otto, cast.dora):
        services.opt_in_set(viewer=viewer_for(person.user), person=person, opted_in=True)
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=3)
    PersonSkill.objects.create(person=cast.dora, skill=cast.sql, level=4)
    return [make_opportunity(cast, title=f"Gig {n}").pk for n in range(2)]


def _run(client: Client, opportunities: list[int]) -> Any:
    return client.post(
        reverse("market:round_new"),
        {"step": "run", "name": "Spring round", "opportunities": opportunities},
    )


@pytest.mark.django_db
def test_inline_the_round_opens_when_it_is_stored(client_for: ClientFor, cast: Cast) -> None:
    response = _run(client_for(cast.hana), _market(cast))
    rnd = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("market:round", args=[rnd.pk])
    work = LongWork.objects.get()
    assert (work.page, work.state, work.done, work.total) == ("round", WorkState.DONE, 3, 3)
    assert round_of_work(work) == rnd.pk


@pytest.mark.django_db(transaction=True)
def test_the_worker_clears_a_queued_round(settings: Any, client_for: ClientFor, cast: Cast) -> None:
    settings.TRELLIS_LONG_WORK_INLINE = False
    hr = client_for(cast.hana)
    response = _run(hr, _market(cast))
    work = LongWork.objects.get()
    assert response["Location"] == reverse("market:round_progress", args=[work.pk])
    assert not Round.objects.exists()
    page = hr.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in page and 'hx-trigger="every 1s"' in page

    call_command("worker", "--once", "--no-schedule")

    rnd = Round.objects.get()
    polled = hr.get(response["Location"], headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == reverse("market:round", args=[rnd.pk])
    assert hr.get(response["Location"])["Location"] == reverse("market:round", args=[rnd.pk])
    call_command("worker", "--once", "--no-schedule")  # nothing runs twice
    assert Round.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_each_step_is_seen_by_another_connection_while_the_round_runs(cast: Cast) -> None:
    opportunities = _market(cast)
    work = LongWork.objects.create(
        owner=cast.hana.user, page="round", screen="trellis.market.round_work", total=3
    )
    ticker = Ticker(work.pk, every=0)
    seen: list[tuple[int, str, int]] = []

    def read_elsewhere() -> None:
        row = LongWork.objects.get(pk=work.pk)
        seen.append((row.done, row.step, Round.objects.count()))
        connection.close()

    def tick(done: int, total: int, step: str = "") -> None:
        ticker(done, total, step)
        reader = threading.Thread(target=read_elsewhere)  # its own connection
        reader.start()
        reader.join()

    rounds.round_run(
        viewer=viewer_for(cast.hana.user), name="Seen", opportunity_ids=opportunities, tick=tick
    )
    assert seen == [
        (0, "Reading the market", 0),
        (1, "Matching", 0),
        (2, "Storing the round", 0),
        (3, "Storing the round", 1),
    ]


@pytest.mark.django_db
def test_a_round_that_cannot_run_says_why_and_stores_nothing(
    client_for: ClientFor, cast: Cast
) -> None:
    response = _run(client_for(cast.hana), [])
    assert response.status_code == 400
    assert "Choose at least one open opportunity." in response.content.decode()
    assert not Round.objects.exists()
    assert LongWork.objects.get().state == WorkState.FAILED


@pytest.mark.django_db
def test_a_round_runs_once_and_only_its_starter_sees_its_progress(
    client_for: ClientFor, cast: Cast
) -> None:
    work = LongWork.objects.create(
        owner=cast.hana.user,
        page="round",
        screen="trellis.market.round_work",
        options={"name": "Once", "opportunities": _market(cast)},
        total=3,
    )
    url = reverse("market:round_progress", args=[work.pk])
    assert client_for(cast.hana).get(url).status_code == 200
    for who in (cast.alex, cast.maya, cast.otto):
        assert client_for(who).get(url).status_code == 404
    # An import's progress page does not show a round's work, nor the round page an import's.
    assert client_for(cast.hana).get(reverse("import_progress", args=[work.pk])).status_code == 404
    assert round_work_run(work.pk) == f"round {Round.objects.get().pk} cleared"
    assert round_work_run(work.pk) == "already run or running"
    assert Round.objects.count() == 1
