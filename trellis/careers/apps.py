from __future__ import annotations

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "trellis.careers"
    label = "careers"
    verbose_name = "Careers"
    default_auto_field = "django.db.models.BigAutoField"
