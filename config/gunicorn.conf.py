"""gunicorn settings for `make serve`, read from environment variables.

TRELLIS_BIND (default 127.0.0.1:8000; put a reverse proxy in front), TRELLIS_WEB_WORKERS
(processes, default 4), TRELLIS_WEB_THREADS (threads per process, default 4),
TRELLIS_WEB_TIMEOUT (seconds a request may take before its worker is restarted, default 120).
Logs go to stdout/stderr as JSON lines through Django's LOGGING (see trellis.ops.logs);
gunicorn's own access log is off because Django writes one line per request with its id.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, not {value}")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SystemExit(f"{name} must be true or false, not {raw!r}")


wsgi_app = "config.wsgi:application"
bind = os.environ.get("TRELLIS_BIND", "127.0.0.1:8000")
workers = _int("TRELLIS_WEB_WORKERS", 4)
threads = _int("TRELLIS_WEB_THREADS", 4)
worker_class = "gthread"
timeout = _int("TRELLIS_WEB_TIMEOUT", 120)
graceful_timeout = 30
# Each worker is replaced after about this many requests, a guard against slow leaks.
max_requests = _int("TRELLIS_WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
loglevel = os.environ.get("TRELLIS_LOG_LEVEL", "info").lower()
# TRELLIS_WEB_PRELOAD=true loads Django and the code in the master before it forks the
# workers: their interpreter, libraries and code then share the master's pages (copy on
# write) instead of each holding its own. Nothing is queried and no state is mapped at load
# time, so the master holds no database connection; new code then needs a restart (not
# HUP). On by default; false: each worker loads the application itself.
preload_app = _bool("TRELLIS_WEB_PRELOAD", True)


def when_ready(server: object) -> None:
    """With the application preloaded, also build what the first request would (every view
    module imported through the URLconf: NumPy, SciPy, the engine; the URL resolver's tables;
    every template compiled: trellis.ops.warm), in the master, so that the workers share it;
    then close any database connection, which no fork may inherit."""
    if preload_app:
        from django.db import connections

        from trellis.ops.warm import warm_up

        warm_up()
        connections.close_all()


def pre_fork(server: object, worker: object) -> None:
    """With the application preloaded, move the master's objects out of the collector's
    reach before forking: a collection in a worker then does not write to (and so copy)
    every shared page holding an object."""
    if preload_app:
        import gc

        gc.freeze()


# No control socket: it would sit in the home directory, shared by every instance.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("TRELLIS_FORWARDED_ALLOW_IPS", "127.0.0.1")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "trellis.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
