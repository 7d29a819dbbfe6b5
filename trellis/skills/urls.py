from __future__ import annotations

from django.urls import path

from trellis.skills import hr_views, taxonomy_views, views

urlpatterns = [
    path("skills/", views.skill_list, name="skill_list"),
    path("about/data-sources/", views.data_sources_page, name="data_sources"),
    path("skills/<int:pk>/", views.skill_detail, name="skill_detail"),
    path("skills/tree/", taxonomy_views.taxonomy_tree, name="taxonomy_tree"),
    path(
        "skills/tree/<int:pk>/children/",
        taxonomy_views.taxonomy_children,
        name="taxonomy_children",
    ),
    path("skills/tree/<int:pk>/facts/", taxonomy_views.taxonomy_facts, name="taxonomy_facts"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/lattice/", views.lattice, name="role_lattice"),
    path("roles/matrix/", views.ksa_matrix, name="ksa_matrix"),
    path("roles/new/", views.role_create, name="role_create"),
    path("roles/<int:pk>/", views.role_detail, name="role_detail"),
    path("roles/<int:pk>/edit/", views.role_edit, name="role_edit"),
    path("roles/<int:pk>/requirements/add/", views.requirement_add, name="requirement_add"),
    path(
        "roles/<int:pk>/requirements/<int:req_pk>/edit/",
        views.requirement_edit,
        name="requirement_edit",
    ),
    path(
        "roles/<int:pk>/requirements/<int:req_pk>/delete/",
        views.requirement_delete,
        name="requirement_delete",
    ),
    path("roles/<int:pk>/moves/add/", views.transition_add, name="transition_add"),
    path(
        "roles/<int:pk>/moves/<int:edge_pk>/delete/",
        views.transition_delete,
        name="transition_delete",
    ),
    path("roles/<int:pk>/suggested/<int:to_pk>/adopt/", views.move_adopt, name="move_adopt"),
    path("roles/<int:pk>/suggested/<int:to_pk>/hide/", views.move_hide, name="move_hide"),
    path("roles/<int:pk>/suggested/<int:to_pk>/unhide/", views.move_unhide, name="move_unhide"),
    path("roles/<int:role_pk>/gap/", views.my_gap, name="my_gap"),
    path("imports/taxonomy/", hr_views.taxonomy_import, name="import_taxonomy"),
    path("roles/import/", hr_views.taxonomy_source_import, name="taxonomy_source_import"),
    path("people/<int:person_pk>/gap/<int:role_pk>/", views.person_gap, name="person_gap"),
]
