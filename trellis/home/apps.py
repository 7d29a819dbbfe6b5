from __future__ import annotations

from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The role-aware home page: the top layer, the one place allowed to draw on every app."""

    name = "trellis.home"
    label = "home"
    verbose_name = "Home"
