from __future__ import annotations

from django.urls import path

from trellis.insights import views

app_name = "insights"
urlpatterns = [path("insights/", views.overview, name="overview")]
