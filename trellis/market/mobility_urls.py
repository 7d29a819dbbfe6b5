from __future__ import annotations

from django.urls import path

from trellis.market import mobility_views

urlpatterns = [
    path("policies/mobility/", mobility_views.mobility_policy, name="mobility_policy"),
    path(
        "policies/mobility/edit/",
        mobility_views.mobility_policy_edit,
        name="mobility_policy_edit",
    ),
]
