"""Rebuilding the market's engine state on a background thread.

:mod:`trellis.market.cache` hands a rebuild here when someone else's change made the cached
state stale, so that the request that noticed it is answered at once from the stale state.
One rebuild runs at a time; a request that finds one running starts none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection

_lock = threading.Lock()
_running: dict[str, threading.Thread | None] = {"thread": None}


def start(rebuild: Callable[[], object]) -> None:
    """Run ``rebuild`` on its own thread, unless a rebuild is running already."""
    with _lock:
        running = _running["thread"]
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=_run, args=(rebuild,), name="market-refresh", daemon=True)
        _running["thread"] = thread
    thread.start()


def _run(rebuild: Callable[[], object]) -> None:
    try:
        rebuild()
    finally:
        connection.close()  # this thread's own database connection


def wait(timeout: float | None = None) -> None:
    """Wait for a background rebuild to finish (for commands and tests)."""
    thread = _running["thread"]
    if thread is not None:
        thread.join(timeout)
