"""Health endpoints and request ids (trellis.ops.health, trellis.ops.logs)."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import connection
from django.test import Client

from trellis.ops.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_health_answers_ok_without_a_login(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_ready_checks_database_and_migrations(client: Client) -> None:
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_health_answers_503_when_the_database_fails(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import DatabaseError

    def broken(*args: object, **kwargs: object) -> object:
        raise DatabaseError("connection refused")

    # The database cannot be stopped under the test; its cursor is made to fail instead.
    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "failed"}}
    assert b"connection refused" not in response.content
    ready = client.get("/health/ready/")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": "failed", "migrations": "failed"}


def test_ready_answers_503_with_a_migration_unapplied(client: Client) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    latest = MigrationRecorder.Migration.objects.filter(app="market").latest("id")
    latest.delete()
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "migrations": "failed"}


def test_health_refuses_writes(client: Client) -> None:
    assert client.post("/health/").status_code == 405


def test_request_id_is_echoed_or_made(client: Client) -> None:
    mine = client.get("/health/", headers={"X-Request-ID": "lb-1234abcd"})
    assert mine["X-Request-ID"] == "lb-1234abcd"
    made = client.get("/health/", headers={"X-Request-ID": "<script>"})
    assert made["X-Request-ID"] != "<script>"
    assert len(made["X-Request-ID"]) == 32
    assert client.get("/health/")["X-Request-ID"] != made["X-Request-ID"]


def test_access_line_is_json_with_the_request_id(client: Client, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="trellis.request"):
        client.get("/health/?name=Ada", headers={"X-Request-ID": "probe-42-abcdef"})
    [record] = [r for r in caplog.records if r.name == "trellis.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "probe-42-abcdef"
    assert line["method"] == "GET"
    assert line["path"] == "/health/"
    assert line["status"] == 200
    assert line["level"] == "INFO"
    assert "Ada" not in json.dumps(line)  # the query string is never logged


def test_records_outside_a_request_have_an_empty_id() -> None:
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "hello %s", ("you",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello you"
    assert line["request_id"] == ""


def test_hr_is_told_when_no_state_file_exists(client: Client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.cast import build_cast

    cast = build_cast()
    settings.TRELLIS_MARKET_STATE_FILE = True
    settings.TRELLIS_STATE_DIR = str(tmp_path)
    banner = "The worker has not written the market"
    client.force_login(cast.hana.user)
    assert banner in client.get("/").content.decode()
    client.force_login(cast.ada.user)
    assert banner not in client.get("/").content.decode()
    (tmp_path / "CURRENT").write_text("v-1")
    client.force_login(cast.hana.user)
    assert banner not in client.get("/").content.decode()
