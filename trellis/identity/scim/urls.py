from __future__ import annotations

from django.urls import path

from trellis.identity.scim import views

urlpatterns = [
    path("ServiceProviderConfig", views.service_provider),
    path("ResourceTypes", views.resource_types),
    path("ResourceTypes/<str:name>", views.resource_types),
    path("Schemas", views.schema_list),
    path("Schemas/<str:urn>", views.schema_list),
    path("Users", views.users),
    path("Users/<str:pk>", views.user),
    path(".search", views.search),
    path("<path:rest>", views.not_found),
]
