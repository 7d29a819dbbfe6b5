from __future__ import annotations

from django.urls import path

from trellis.skills import views

urlpatterns = [
    path("skills/", views.skill_list, name="skill_list"),
    path("skills/<int:pk>/", views.skill_detail, name="skill_detail"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<int:pk>/", views.role_detail, name="role_detail"),
    path("roles/<int:role_pk>/gap/", views.my_gap, name="my_gap"),
    path("people/<int:person_pk>/gap/<int:role_pk>/", views.person_gap, name="person_gap"),
]
