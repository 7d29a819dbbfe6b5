from __future__ import annotations

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "trellis.org"
    label = "org"
    verbose_name = "Organization and people"
