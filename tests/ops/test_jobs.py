"""The real periodic jobs, run by the worker against the cast."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from tests.cast import build_cast
from trellis.insights.snapshot import CACHE_KEY
from trellis.ops.models import JobStatus, ScheduledJob


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_every_job_once(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.TRELLIS_STATE_DIR = str(tmp_path)
    build_cast()
    call_command("worker", "--once")
    rows = {r.name: r for r in ScheduledJob.objects.all()}
    failed = {n: r.last_message for n, r in rows.items() if r.last_status != JobStatus.OK}
    assert failed == {}
    assert all(r.runs == 1 for r in rows.values())
    assert "digests sent" in rows["digests"].last_message
    assert "quiet reminders" in rows["conversation_reminders"].last_message
    assert rows["market_refresh"].last_message.startswith("wrote v-")
    assert (tmp_path / "CURRENT").read_text().startswith("v-")


@pytest.mark.django_db
def test_hr_reads_the_figures_the_worker_computed(client: Client) -> None:
    cast = build_cast()
    from trellis.ops.schedule import job_run

    job_run("insights_refresh")
    figures = caches["shared"].get(CACHE_KEY)
    assert figures is not None
    client.force_login(cast.hana.user)
    page = client.get("/insights/")
    assert page.status_code == 200
    assert page.context["as_of"] == figures["as_of"]
