from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Trellis: health endpoints, request ids and logs, the worker's schedule.

    The top layer: the schedule names periodic work of every other app.
    """

    name = "trellis.ops"
    label = "ops"
    verbose_name = "Operations"
