from __future__ import annotations

from django.urls import path

from trellis.talks import orientation_views, views, views_team

app_name = "talks"
urlpatterns = [
    path("talks/", views.conversation_list, name="list"),
    path("orientation/", orientation_views.orientation_index, name="orientation"),
    path("orientation/new/", orientation_views.orientation_new, name="orientation_new"),
    path("orientation/<int:pk>/", orientation_views.orientation_page, name="orientation_page"),
    path("orientation/<int:pk>/edit/", orientation_views.orientation_edit, name="orientation_edit"),
    path(
        "orientation/steps/<str:step>/done/",
        orientation_views.orientation_step,
        name="orientation_step",
    ),
    path(
        "orientation/people/<int:pk>/",
        orientation_views.orientation_person,
        name="orientation_person",
    ),
    path("talks/with/<int:person_pk>/new/", views.conversation_log, name="log"),
    path("talks/with/<int:person_pk>/plan/", views.conversation_plan, name="plan"),
    path("talks/with/<int:person_pk>/prep/", views_team.prep_sheet, name="prep"),
    path("talks/row/", views.item_row, name="item_row"),
    path("talks/<int:pk>/", views.conversation_detail, name="detail"),
    path("talks/<int:pk>/invite.ics", views.conversation_ics_download, name="ics"),
    path("talks/<int:pk>/held/", views.conversation_hold, name="hold"),
    path("talks/<int:pk>/prework/", views.prework, name="prework"),
    path("talks/items/<int:pk>/to-profile/", views.item_to_profile, name="item_to_profile"),
    path("talks/items/<int:pk>/<str:decision>/", views.item_decide, name="item_decide"),
    path("talks/followups/<int:pk>/done/", views.followup_done, name="followup_done"),
    path("talks/coverage/", views_team.coverage, name="coverage"),
    path("talks/coverage/goal/", views_team.coverage_goal, name="coverage_goal"),
    path("talks/coverage/managers/", views_team.coverage_managers, name="coverage_managers"),
    path("talks/guide/", views_team.guide, name="guide"),
    path("talks/guide/add/", views_team.guide_add, name="guide_add"),
    path("talks/guide/<int:pk>/edit/", views_team.guide_edit, name="guide_edit"),
    path("talks/feedback/", views_team.feedback, name="feedback"),
    path("talks/feedback/<int:pk>/", views_team.feedback_detail, name="feedback_detail"),
    path("talks/feedback/<int:pk>/answer/", views_team.feedback_answer, name="feedback_answer"),
    path("talks/feedback/answers/<int:pk>/pull/", views_team.feedback_pull, name="feedback_pull"),
]
