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
# The application is loaded in each worker, not in the master: a new state file or code is
# picked up by workers as they are replaced, and the master holds no database connection.
preload_app = False
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
