from __future__ import annotations

from django.urls import path

from trellis.org import privacy_views, views

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("org/", views.unit_tree, name="unit_tree"),
    path("org/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("me/data/", privacy_views.my_data, name="my_data"),
]
