from __future__ import annotations

from django.urls import path

from trellis.search import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggest/", views.search_suggest, name="search_suggest"),
]
