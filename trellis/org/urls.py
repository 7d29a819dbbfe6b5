from __future__ import annotations

from django.urls import path

from trellis.org import chart_views, cycles_views, privacy_views, views

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/pick/", views.people_pick, name="people_pick"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("org/", chart_views.org_chart, name="unit_tree"),
    path("org/people/<int:pk>/reports/", chart_views.chart_reports, name="chart_reports"),
    path("org/units/<int:pk>/children/", chart_views.chart_units, name="chart_units"),
    path("org/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("me/data/", privacy_views.my_data, name="my_data"),
    path("cycles/", cycles_views.cycle_calendar, name="cycles"),
    path("cycles/mine.ics", cycles_views.cycle_feed, name="cycle_feed"),
    path("cycles/new/", cycles_views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/edit/", cycles_views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/delete/", cycles_views.cycle_remove, name="cycle_delete"),
]
