from __future__ import annotations

from django.urls import path

from trellis.insights import pulse_views, views

app_name = "insights"
urlpatterns = [
    path("insights/", views.overview, name="overview"),
    path("insights/pulse/", pulse_views.pulse_admin, name="pulse_admin"),
    path("insights/pulse/new/", pulse_views.pulse_new, name="pulse_new"),
    path("insights/pulse/<int:pk>/", pulse_views.pulse_results, name="pulse_results"),
    path("pulse/", pulse_views.pulse_home, name="pulse_home"),
    path("pulse/<int:pk>/answer/", pulse_views.pulse_answer_page, name="pulse_answer"),
]
