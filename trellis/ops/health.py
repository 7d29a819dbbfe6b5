"""Health endpoints for load balancers and process managers.

``/health/`` (liveness) answers 200 while the process serves requests and its database
answers a ``SELECT 1``; ``/health/ready/`` (readiness) also wants every migration applied,
so a web worker started before ``migrate`` finished is kept out of rotation. Both answer
anyone, without a login, and say nothing beyond ``ok`` or which check failed: no versions,
no hosts, no error text.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health: the database did not answer")
        return False


def _migrations_applied() -> bool:
    try:
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        return not executor.migration_plan(targets)
    except DatabaseError:
        logger.exception("health: could not read the migration state")
        return False


def _answer(checks: dict[str, bool]) -> JsonResponse:
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: "ok" if passed else "failed" for name, passed in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    return _answer({"database": _database_ok()})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    database = _database_ok()
    return _answer({"database": database, "migrations": database and _migrations_applied()})
