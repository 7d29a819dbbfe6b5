"""gunicorn's settings come from the environment and refuse bad values."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

CONF = str(Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py")


def test_workers_and_threads_come_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TRELLIS_WEB_WORKERS", "3")
    monkeypatch.setenv("TRELLIS_WEB_THREADS", "8")
    monkeypatch.setenv("TRELLIS_BIND", "127.0.0.1:18099")
    conf = runpy.run_path(CONF)
    assert (conf["workers"], conf["threads"], conf["bind"]) == (3, 8, "127.0.0.1:18099")
    assert conf["worker_class"] == "gthread"
    assert conf["control_socket_disable"] is True


def test_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("TRELLIS_WEB_WORKERS", "TRELLIS_WEB_THREADS", "TRELLIS_BIND"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(CONF)
    assert (conf["workers"], conf["threads"], conf["bind"]) == (4, 4, "127.0.0.1:8000")


@pytest.mark.parametrize("value", ["four", "0", "-2"])
def test_a_bad_worker_count_stops_the_start(monkeypatch, value: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TRELLIS_WEB_WORKERS", value)
    with pytest.raises(SystemExit, match="TRELLIS_WEB_WORKERS"):
        runpy.run_path(CONF)


def test_the_application_is_preloaded_unless_told_otherwise(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("TRELLIS_WEB_PRELOAD", raising=False)
    assert runpy.run_path(CONF)["preload_app"] is True
    monkeypatch.setenv("TRELLIS_WEB_PRELOAD", "false")
    assert runpy.run_path(CONF)["preload_app"] is False
    monkeypatch.setenv("TRELLIS_WEB_PRELOAD", "maybe")
    with pytest.raises(SystemExit, match="TRELLIS_WEB_PRELOAD"):
        runpy.run_path(CONF)


def test_the_master_builds_what_a_first_request_would(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every template compiled (and kept by the engine) and the resolver's tables filled, so
    the workers forked afterwards share them instead of each building its own."""
    from django.template import engines
    from django.urls import get_resolver

    from trellis.ops.warm import _template_names, warm_up

    names = _template_names()
    assert "base.html" in names and "market/for_you.html" in names
    assert warm_up() == len(names)
    engine = engines["django"].engine
    loader = engine.template_loaders[0]
    assert type(loader).__name__ == "Loader" and "cached" in type(loader).__module__
    assert {"base.html", "market/for_you.html"} <= set(loader.get_template_cache)
    assert get_resolver()._populated
