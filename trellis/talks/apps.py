from __future__ import annotations

from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "trellis.talks"
    label = "talks"
    verbose_name = "Career conversations"
    default_auto_field = "django.db.models.BigAutoField"
