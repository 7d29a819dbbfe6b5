from __future__ import annotations

from django.urls import path

from trellis.org import import_views

urlpatterns = [
    path("imports/people/", import_views.people_import, name="import_people"),
    path("imports/runs/<int:pk>/", import_views.import_progress, name="import_progress"),
]
