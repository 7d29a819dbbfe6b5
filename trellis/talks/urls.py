from __future__ import annotations

app_name = "talks"
urlpatterns: list = []
