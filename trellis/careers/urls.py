from __future__ import annotations

from django.urls import path

from trellis.careers.views import careermap, checkins, deck, log, profile, reviews, skills

app_name = "careers"

urlpatterns = [
    path("career/", profile.mine, name="mine"),
    path("career/welcome/<int:step>/", profile.onboarding, name="onboarding"),
    path("career/notifications/", log.notifications, name="notifications"),
    path("career/reviews/", reviews.review_list, name="reviews"),
    path("career/reviews/new/", reviews.review_new, name="review_new"),
    path("career/reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("career/reviews/decks/<int:pk>/", reviews.review_deck, name="review_deck"),
    path("career/reviews/decks/<int:pk>/submit/", reviews.review_submit, name="review_submit"),
    path(
        "career/reviews/decks/<int:pk>/feedback/",
        reviews.review_feedback,
        name="review_feedback",
    ),
    path("career/<int:pk>/", profile.overview, name="overview"),
    path("career/<int:pk>/edit/", profile.profile_edit, name="profile_edit"),
    path("career/<int:pk>/visibility/", profile.visibility, name="visibility"),
    path("career/<int:pk>/skills/", skills.skills, name="skills"),
    path("career/<int:pk>/skills/search/", skills.skill_search, name="skill_search"),
    path("career/<int:pk>/skills/add/", skills.skill_add, name="skill_add"),
    path("career/<int:pk>/skills/<int:skill_id>/", skills.skill_update, name="skill_update"),
    path("career/<int:pk>/skills/<int:skill_id>/remove/", skills.skill_remove, name="skill_remove"),
    path(
        "career/<int:pk>/skills/<int:skill_id>/confirm/",
        skills.skill_confirm,
        name="skill_confirm",
    ),
    path("career/<int:pk>/map/", careermap.map_page, name="map"),
    path("career/<int:pk>/map/share/", careermap.map_share, name="map_share"),
    path("career/<int:pk>/goals/add/", careermap.goal_add, name="goal_add"),
    path("career/<int:pk>/goals/<int:goal_id>/", careermap.goal_edit, name="goal_edit"),
    path("career/<int:pk>/goals/<int:goal_id>/delete/", careermap.goal_delete, name="goal_delete"),
    path("career/<int:pk>/goals/<int:goal_id>/actions/", careermap.action_add, name="action_add"),
    path(
        "career/<int:pk>/goals/<int:goal_id>/proposals/",
        careermap.proposals_accept,
        name="proposals_accept",
    ),
    path(
        "career/<int:pk>/goals/<int:goal_id>/comments/",
        careermap.comment_add,
        name="comment_add",
    ),
    path(
        "career/<int:pk>/actions/<int:action_id>/status/",
        careermap.action_status,
        name="action_status",
    ),
    path(
        "career/<int:pk>/actions/<int:action_id>/checkpoints/",
        careermap.checkpoint_add,
        name="checkpoint_add",
    ),
    path(
        "career/<int:pk>/checkpoints/<int:checkpoint_id>/toggle/",
        careermap.checkpoint_toggle,
        name="checkpoint_toggle",
    ),
    path("career/<int:pk>/checkins/", checkins.checkins, name="checkins"),
    path("career/<int:pk>/checkins/next-step/", checkins.next_step_add, name="next_step_add"),
    path("career/<int:pk>/time/", log.devtime, name="devtime"),
    path("career/<int:pk>/time/<int:year>/", log.devtime_year_page, name="devtime_year"),
    path("career/<int:pk>/accomplishments/", log.accomplishments, name="accomplishments"),
    path(
        "career/<int:pk>/accomplishments/<int:item_id>/",
        log.accomplishment_edit,
        name="accomplishment_edit",
    ),
    path("career/<int:pk>/deck/", deck.deck_page, name="deck"),
    path("career/<int:pk>/deck.pptx", deck.deck_pptx, name="deck_pptx"),
    path("career/<int:pk>/deck.pdf", deck.deck_pdf, name="deck_pdf"),
]
