from __future__ import annotations

from django.urls import path

from trellis.ops import health

app_name = "ops"

urlpatterns = [
    path("health/", health.live, name="health"),
    path("health/ready/", health.ready, name="ready"),
]
