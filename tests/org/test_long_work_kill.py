"""A worker killed in the middle of an import: the data stays as it was before (or after) the
import, and the next worker loop queues the work again and finishes it. A run tried too many
times is recorded as failed; a run whose worker still lives is left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.longwork import MAX_ATTEMPTS, RETRY_STEP, runner_id, work_recover
from trellis.org.models import LongWork, Person, WorkState

ROOT = Path(__file__).resolve().parents[2]
ROWS = 6000


def _people_csv(n: int) -> bytes:
    lines = ["employee_id,first_name,last_name,email,manager_id,unit_path"]
    lines.append("K-0000,Boss,Zero,kboss@example.com,,Acme/Killed")
    lines += [
        f"K-{i:05d},Person,Number{i},k{i}@example.com,K-0000,Acme/Killed/Team {i % 9}"
        for i in range(1, n)
    ]
    return ("\n".join(lines) + "\n").encode()


def _database_url() -> str:
    """The test database as ``TRELLIS_DATABASE_URL``, for a worker in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}{port}/{db['NAME']}"


def _dead_runner() -> str:
    """The ``runner`` of a process on this machine that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return runner_id().rsplit("-", 1)[0] + f"-{proc.pid}"


@pytest.fixture
def queued(settings: Any, tmp_path: Path) -> Path:
    settings.TRELLIS_LONG_WORK_INLINE = False
    settings.TRELLIS_IMPORT_DIR = tmp_path / "imports"
    return tmp_path / "imports"


def _wait_for(condition: Any, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_the_data_and_the_next_loop_finishes_it(
    queued: Path, client_for: ClientFor, cast: Cast
) -> None:
    hr = client_for(cast.hana)
    upload = SimpleUploadedFile("people.csv", _people_csv(ROWS), content_type="text/csv")
    hr.post(reverse("import_people"), {"file": upload})
    call_command("worker", "--once", "--no-schedule")  # the preview
    hr.post(reverse("import_people"), {"confirm": "1"})
    work = LongWork.objects.get(dry_run=False)
    assert work.state == WorkState.QUEUED

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TRELLIS_DATABASE_URL": _database_url(),
        "TRELLIS_IMPORT_DIR": str(queued),
        "TRELLIS_PROGRESS_EVERY_MS": "0",
        "TRELLIS_LOG_LEVEL": "ERROR",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-schedule", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(
            lambda: LongWork.objects.filter(
                pk=work.pk, state=WorkState.RUNNING, done__gt=0
            ).exists(),
            "the worker to be part-way through the import",
        )
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    assert worker.returncode == -signal.SIGKILL

    killed = LongWork.objects.get(pk=work.pk)
    assert killed.state == WorkState.RUNNING and killed.attempts == 1
    assert killed.runner == runner_id().rsplit("-", 1)[0] + f"-{worker.pid}"
    # Before or after, never half: the import writes in one transaction.
    assert Person.objects.filter(employee_id__startswith="K-").count() in (0, ROWS)

    assert work_recover() == [work.pk]
    waiting = LongWork.objects.get(pk=work.pk)
    assert (waiting.state, waiting.step, waiting.runner) == (WorkState.QUEUED, RETRY_STEP, "")
    assert work_recover() == []  # queued once
    page = hr.get(reverse("import_progress", args=[work.pk])).content.decode()
    assert "waiting to start again" in page

    call_command("worker", "--once", "--no-schedule")
    done = LongWork.objects.get(pk=work.pk)
    assert done.state == WorkState.DONE, done.error
    assert done.attempts == 2 and done.done == done.total > 0
    assert Person.objects.filter(employee_id__startswith="K-").count() == ROWS
    assert f"K-{ROWS - 1:05d}" in Person.objects.values_list("employee_id", flat=True)


@pytest.mark.django_db
def test_a_run_whose_worker_lives_is_left_alone(cast: Cast) -> None:
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="x", state=WorkState.RUNNING
    )
    LongWork.objects.filter(pk=work.pk).update(runner=runner_id(), attempts=1)
    assert work_recover() == []
    # Another machine's worker: only silence tells; a quiet half hour does.
    LongWork.objects.filter(pk=work.pk).update(runner="elsewhere-123")
    assert work_recover() == []
    later = LongWork.objects.get(pk=work.pk).updated_at
    from trellis.org.longwork import STALE_AFTER

    assert work_recover(now=later + STALE_AFTER + STALE_AFTER / 10) == [work.pk]


@pytest.mark.django_db
def test_a_run_stopped_too_often_is_recorded_as_failed(cast: Cast) -> None:
    work = LongWork.objects.create(
        owner=cast.hana.user, page="people", screen="x", state=WorkState.RUNNING
    )
    LongWork.objects.filter(pk=work.pk).update(runner=_dead_runner(), attempts=MAX_ATTEMPTS)
    assert work_recover() == []
    failed = LongWork.objects.get(pk=work.pk)
    assert failed.state == WorkState.FAILED
    assert f"stopped {MAX_ATTEMPTS} times" in failed.error and "nothing was changed" in failed.error


def _row_elsewhere(work_id: int) -> tuple[int, int, str]:
    """The work's progress as another process sees it (a connection of its own)."""
    if connection.vendor == "sqlite":
        import sqlite3

        with sqlite3.connect(connection.settings_dict["NAME"]) as other:
            row = other.execute(
                "SELECT done, total, step FROM org_longwork WHERE id = ?", [work_id]
            ).fetchone()
    else:
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        with psycopg.connect(**params) as other:
            row = other.execute(
                "SELECT done, total, step FROM org_longwork WHERE id = %s", [work_id]
            ).fetchone()
    return int(row[0]), int(row[1]), str(row[2])


@pytest.mark.django_db(transaction=True)
def test_progress_made_inside_the_works_own_transaction(cast: Cast) -> None:
    """PostgreSQL: written at once on a connection of its own, so the page sees it while the
    work's transaction is open. SQLite (one writer at a time): left for the next tick outside."""
    from django.db import transaction

    from trellis.org.longwork import Ticker

    work = LongWork.objects.create(owner=cast.hana.user, page="taxonomy_source", screen="x")
    ticker = Ticker(work.pk, every=0)
    ticker(1, 12, "Reading Skills.txt")
    assert _row_elsewhere(work.pk) == (1, 12, "Reading Skills.txt")
    with transaction.atomic():
        ticker(8, 12, "Writing the skills")
        seen = _row_elsewhere(work.pk)
        if connection.vendor == "postgresql":
            assert seen == (8, 12, "Writing the skills")
        else:
            assert seen == (1, 12, "Reading Skills.txt")
    ticker(9, 12, "Writing the requirements")
    assert _row_elsewhere(work.pk) == (9, 12, "Writing the requirements")
