"""Imports run as tasks: the progress page, the worker's path, progress that others can read
while the import runs, and an import that fails midway leaving nothing behind."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from trellis.org.imports import people_import
from trellis.org.longwork import Ticker
from trellis.org.models import LongWork, OrgUnit, Person, WorkState


def _people_csv(n: int, *, unit: str = "Acme/Imported") -> bytes:
    lines = ["employee_id,first_name,last_name,email,manager_id,unit_path"]
    lines.append(f"B-0000,Boss,Zero,boss@example.com,,{unit}")
    lines += [
        f"B-{i:04d},Person,Number{i},p{i}@example.com,B-0000,{unit}/Team {i % 7}"
        for i in range(1, n)
    ]
    return ("\n".join(lines) + "\n").encode()


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("people.csv", content, content_type="text/csv")


@pytest.fixture(autouse=True)
def _upload_dir(settings: Any, tmp_path: Path) -> Path:
    settings.TRELLIS_IMPORT_DIR = tmp_path / "imports"
    return tmp_path / "imports"


@pytest.fixture
def queued(settings: Any) -> None:
    """Production's way: the work waits in the database for ``manage.py worker``."""
    settings.TRELLIS_LONG_WORK_INLINE = False


def _run_worker() -> None:
    call_command("worker", "--once", "--no-schedule")


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_preview_and_the_import(
    queued: None, client_for: ClientFor, cast: Cast, _upload_dir: Path
) -> None:
    hr = client_for(cast.hana)
    response = hr.post(reverse("import_people"), {"file": _upload(_people_csv(30))})

    work = LongWork.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_progress", args=[work.pk])
    page = hr.get(response["Location"])
    assert "Waiting for the worker" in page.content.decode()

    _run_worker()
    polled = hr.get(response["Location"], headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == response["Location"]
    report = hr.get(response["Location"]).content.decode()
    assert "preview" in report and "created 30" in report
    assert not Person.objects.filter(employee_id__startswith="B-").exists()

    confirmed = hr.post(reverse("import_people"), {"confirm": "1"})
    run = LongWork.objects.exclude(pk=work.pk).get()
    assert confirmed["Location"] == reverse("import_progress", args=[run.pk])
    _run_worker()
    done = hr.get(confirmed["Location"]).content.decode()
    assert "done" in done and "created 30" in done
    assert Person.objects.filter(employee_id__startswith="B-").count() == 30
    assert list(_upload_dir.iterdir()) == []  # the confirmed upload is deleted
    _run_worker()  # nothing runs twice
    assert Person.objects.filter(employee_id__startswith="B-").count() == 30


@pytest.mark.django_db(transaction=True)
def test_the_bar_shows_rows_done_of_total(client_for: ClientFor, cast: Cast) -> None:
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="trellis.org.import_views", state="running"
    )
    Ticker(work.pk, every=0)(600, 1500, "Checking rows")

    bar = client_for(cast.hana).get(
        reverse("import_progress", args=[work.pk]), headers={"HX-Request": "true"}
    )
    html = bar.content.decode()
    assert 'max="1500" value="600"' in html
    assert "Checking rows: 600 of 1500 rows" in html
    assert 'hx-trigger="every 1s"' in html


@pytest.mark.django_db
def test_nobody_else_sees_ones_progress(client_for: ClientFor, cast: Cast) -> None:
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="trellis.org.import_views"
    )
    url = reverse("import_progress", args=[work.pk])
    assert client_for(cast.hana).get(url).status_code == 200
    for who in (cast.alex, cast.otto):  # another HR partner's client, and an employee
        assert client_for(who).get(url).status_code == 404
    assert Client().get(url).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_progress_advances_and_another_connection_sees_it(cast: Cast) -> None:
    """While the import checks its rows, a reader on its own connection (a web process
    answering the poll) sees the rows done advance; then the writing step."""
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="trellis.org.import_views"
    )
    ticker = Ticker(work.pk, every=0)
    seen: list[tuple[int, int, str]] = []

    def read_elsewhere() -> None:
        row = LongWork.objects.get(pk=work.pk)
        seen.append((row.done, row.total, row.step))
        connection.close()

    def tick(done: int, total: int, step: str = "") -> None:
        ticker(done, total, step)
        reader = threading.Thread(target=read_elsewhere)  # a thread has its own connection
        reader.start()
        reader.join()

    report = people_import(data=_people_csv(1000), file_name="people.csv", tick=tick)

    assert report.created == 1000
    checking = [done for done, total, step in seen if step == "Checking rows"]
    assert checking == list(range(0, 1000, 200))
    assert seen[-1] == (1000, 1000, "Writing the changes")


@pytest.mark.django_db
def test_the_ticker_writes_at_most_every_so_often(cast: Cast) -> None:
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="trellis.org.import_views"
    )
    ticker = Ticker(work.pk, every=3600)
    ticker(0, 100, "Checking rows")
    ticker(50, 100, "Checking rows")  # too soon: not written
    assert LongWork.objects.values_list("done", flat=True).get(pk=work.pk) == 0
    ticker(100, 100, "Checking rows")  # the end always is
    assert LongWork.objects.values_list("done", flat=True).get(pk=work.pk) == 100


def _fail_inserts_of(employee_id: str) -> None:
    """A real fault in the database: inserting this person fails, as a full disk would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION trellis_test_fail() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.employee_id = '{employee_id}' THEN RAISE EXCEPTION 'disk full'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER trellis_test_fail BEFORE INSERT ON org_person "
                "FOR EACH ROW EXECUTE FUNCTION trellis_test_fail()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER trellis_test_fail BEFORE INSERT ON org_person "
                f"WHEN NEW.employee_id = '{employee_id}' "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )


@pytest.mark.django_db
def test_an_import_failing_midway_leaves_nothing(client_for: ClientFor, cast: Cast) -> None:
    hr = client_for(cast.hana)
    people, units = Person.objects.count(), OrgUnit.objects.count()
    hr.post(reverse("import_people"), {"file": _upload(_people_csv(500))})
    # The boss and the new units are written before the failing row: all must go again.
    _fail_inserts_of("B-0400")

    response = hr.post(reverse("import_people"), {"confirm": "1"}, follow=True)

    work = LongWork.objects.filter(dry_run=False).get()
    assert work.state == WorkState.FAILED
    assert "nothing was changed" in work.error
    assert "nothing was changed" in response.content.decode()
    assert (Person.objects.count(), OrgUnit.objects.count()) == (people, units)


@pytest.mark.django_db
def test_a_run_whose_worker_died_says_so_and_stops_polling(
    client_for: ClientFor, cast: Cast
) -> None:
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="trellis.org.import_views", state="running"
    )
    LongWork.objects.filter(pk=work.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=31))

    html = client_for(cast.hana).get(reverse("import_progress", args=[work.pk])).content.decode()
    assert "its worker was stopped" in html and "Nothing was changed" in html
    assert "every 1s" not in html


@pytest.mark.django_db(transaction=True)
def test_a_pages_progress_is_seen_on_either_database(cast: Cast) -> None:
    """The page's own ticker: on PostgreSQL the rows are checked once, inside the import's
    transaction, their progress written on a connection of its own; on SQLite a first pass
    before the transaction tells it. Either way another connection sees every step."""
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="trellis.org.import_views"
    )
    seen: list[tuple[int, int, str]] = []

    def read_elsewhere() -> None:
        row = LongWork.objects.get(pk=work.pk)
        seen.append((row.done, row.total, row.step))
        connection.close()

    class Watched(Ticker):
        def __call__(self, done: int, total: int, step: str = "") -> None:
            super().__call__(done, total, step)
            reader = threading.Thread(target=read_elsewhere)
            reader.start()
            reader.join()

    ticker = Watched(work.pk, every=0)
    assert ticker.shown_inside_transactions == (connection.vendor == "postgresql")
    report = people_import(data=_people_csv(1000), file_name="people.csv", tick=ticker)
    assert report.created == 1000
    checking = [done for done, total, step in seen if step == "Checking rows"]
    assert checking == list(range(0, 1000, 200))
    assert seen[-1] == (1000, 1000, "Writing the changes")
