from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Global search: above every app, it reads each through its own selectors."""

    name = "trellis.search"
    label = "search"
    verbose_name = "Search"
