"""The worker's scheduler: due jobs are queued once, run once, and retried after a crash."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from trellis.ops import jobs, schedule
from trellis.ops.jobs import Job
from trellis.ops.models import JobStatus, ScheduledJob

NOW = timezone.now()


@pytest.fixture
def one_job(monkeypatch) -> Callable[..., list[str]]:  # type: ignore[no-untyped-def]
    """Replace the jobs by one test job; returns the list its runs append to."""

    def install(*, sleep: float = 0.0, fail: bool = False) -> list[str]:
        calls: list[str] = []

        def run() -> str:
            calls.append("ran")
            time.sleep(sleep)
            if fail:
                raise RuntimeError("the data source is down")
            return "did it"

        job = Job("probe", "a test job", dt.timedelta(hours=1), run, lease=dt.timedelta(minutes=5))
        monkeypatch.setattr(jobs, "JOBS", {"probe": job})
        monkeypatch.setattr(schedule, "JOBS", {"probe": job})
        return calls

    return install


def _in_threads(target: Callable[[], object], n: int = 2) -> list[object]:
    barrier = threading.Barrier(n)
    results: list[object] = []

    def go() -> None:
        try:
            barrier.wait()
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=go) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db
def test_every_known_job_gets_a_row_due_now() -> None:
    schedule.jobs_ensure(now=NOW)
    schedule.jobs_ensure(now=NOW + dt.timedelta(hours=1))  # a second worker: no duplicate
    rows = {r.name: r for r in ScheduledJob.objects.all()}
    assert set(rows) == set(jobs.JOBS)
    assert {"digests", "conversation_reminders", "insights_refresh"} <= set(rows)
    assert all(r.next_run_at == NOW and r.last_status == JobStatus.NEVER for r in rows.values())


@pytest.mark.django_db
def test_a_due_job_is_queued_once(one_job) -> None:  # type: ignore[no-untyped-def]
    one_job()
    assert schedule.schedule_tick(now=NOW) == ["probe"]
    assert schedule.schedule_tick(now=NOW + dt.timedelta(seconds=30)) == []
    assert DBTaskResult.objects.count() == 1


# The worker closes stale connections between passes, as a request would: the test cannot sit
# inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_it_and_schedules_the_next_run(one_job) -> None:  # type: ignore[no-untyped-def]
    calls = one_job()
    call_command("worker", "--once")
    row = ScheduledJob.objects.get(name="probe")
    assert calls == ["ran"]
    assert row.last_status == JobStatus.OK
    assert row.last_message == "did it"
    assert row.runs == 1
    assert row.lease_until is None and row.enqueued_at is None
    assert row.next_run_at > timezone.now() + dt.timedelta(minutes=59)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    call_command("worker", "--once")  # not due again
    assert calls == ["ran"]


@pytest.mark.django_db
def test_a_failed_run_is_recorded_and_released(one_job) -> None:  # type: ignore[no-untyped-def]
    one_job(fail=True)
    assert schedule.job_run("probe") == "failed: RuntimeError: the data source is down"
    row = ScheduledJob.objects.get(name="probe")
    assert row.last_status == JobStatus.FAILED
    assert row.lease_until is None
    assert row.next_run_at > timezone.now()


@pytest.mark.django_db
def test_a_run_killed_midway_is_retried_after_its_lease(one_job) -> None:  # type: ignore[no-untyped-def]
    calls = one_job()
    schedule.schedule_tick(now=NOW)
    # What a worker killed with SIGKILL during the job leaves: the claims, and next_run_at
    # not moved on.
    ScheduledJob.objects.filter(name="probe").update(lease_until=NOW + dt.timedelta(minutes=5))
    DBTaskResult.objects.all().delete()
    assert schedule.job_run("probe", now=NOW + dt.timedelta(minutes=1)) == (
        "skipped: another run holds this job"
    )
    assert schedule.schedule_tick(now=NOW + dt.timedelta(minutes=4)) == []
    assert schedule.schedule_tick(now=NOW + dt.timedelta(minutes=6)) == ["probe"]
    assert schedule.job_run("probe", now=NOW + dt.timedelta(minutes=6)) == "did it"
    assert calls == ["ran"]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_one_wins(one_job) -> None:  # type: ignore[no-untyped-def]
    calls = one_job(sleep=0.5)
    schedule.jobs_ensure()
    results = _in_threads(lambda: schedule.job_run("probe"))
    assert sorted(map(str, results)) == ["did it", "skipped: another run holds this job"]
    assert calls == ["ran"]
    assert ScheduledJob.objects.get(name="probe").runs == 1


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_queue_once(one_job) -> None:  # type: ignore[no-untyped-def]
    one_job()
    schedule.jobs_ensure(now=NOW)
    results = _in_threads(lambda: schedule.schedule_tick(now=NOW), n=3)
    assert sorted(map(str, results)) == ["['probe']", "[]", "[]"]
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_a_paused_job_is_not_queued(one_job) -> None:  # type: ignore[no-untyped-def]
    one_job()
    schedule.jobs_ensure(now=NOW)
    ScheduledJob.objects.update(enabled=False)
    assert schedule.schedule_tick(now=NOW) == []


@pytest.mark.django_db
def test_admins_see_the_next_runs(admin_client) -> None:  # type: ignore[no-untyped-def]
    schedule.jobs_ensure(now=NOW)
    page = admin_client.get("/admin/ops/scheduledjob/")
    assert page.status_code == 200
    assert b"conversation_reminders" in page.content
    response = admin_client.post(
        "/admin/ops/scheduledjob/",
        {"action": "run_now", "_selected_action": [ScheduledJob.objects.get(name="digests").pk]},
    )
    assert response.status_code == 302
