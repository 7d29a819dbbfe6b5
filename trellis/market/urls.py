from __future__ import annotations

from django.urls import path

from trellis.market.views import foryou, interests, opportunities, pairs, proposals, rounds

app_name = "market"
urlpatterns = [
    path("market/", opportunities.feed, name="feed"),
    path("market/for-you/", foryou.for_you_page, name="for_you"),
    path("market/for-you/learn/<int:skill_pk>/", foryou.learn, name="learn"),
    path("market/opt-in/", foryou.opt_in, name="opt_in"),
    path("market/mine/", opportunities.mine, name="mine"),
    path("market/new/", opportunities.opportunity_new, name="new"),
    path("market/<int:pk>/", opportunities.opportunity_detail, name="detail"),
    path("market/<int:pk>/edit/", opportunities.opportunity_edit, name="edit"),
    path("market/<int:pk>/status/<str:action>/", opportunities.opportunity_status, name="status"),
    path("market/<int:pk>/interest/", interests.interest_express, name="express"),
    path("market/<int:pk>/candidates/", interests.candidate_search, name="candidates"),
    path(
        "market/<int:pk>/candidates/<int:person_pk>/invite/",
        interests.candidate_invite,
        name="invite",
    ),
    path("market/interests/<int:pk>/", interests.interest_detail, name="interest"),
    path("market/interests/<int:pk>/move/", interests.interest_move, name="move"),
    path("market/rounds/", rounds.round_list, name="rounds"),
    path("market/rounds/new/", rounds.round_new, name="round_new"),
    path("market/rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("market/rounds/runs/<int:pk>/", rounds.round_progress, name="round_progress"),
    path("market/rounds/<int:pk>/adjust/", rounds.round_adjust, name="round_adjust"),
    path("market/rounds/<int:pk>/publish/", rounds.round_publish, name="round_publish"),
    path("market/hoarding/", rounds.hoarding, name="hoarding"),
    path("market/pairing/", rounds.pairing_list, name="pairing"),
    path("market/pairing/<int:pk>/", rounds.pairing_detail, name="pairing_round"),
    path("market/pairs/", pairs.my_pairs, name="my_pairs"),
    path("market/pairs/ask/", pairs.ask_mentor, name="ask_mentor"),
    path("market/pairs/asks/<int:pk>/withdraw/", pairs.ask_withdraw, name="ask_withdraw"),
    path("market/pairs/<int:pk>/answer/", pairs.pair_answer, name="pair_answer"),
    path("market/proposals/", proposals.proposal_list, name="proposals"),
    path("market/proposals/new/", proposals.proposal_new, name="proposal_new"),
    path("market/proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("market/proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("market/proposals/<int:pk>/decide/", proposals.proposal_decide, name="proposal_decide"),
    path(
        "market/proposals/<int:pk>/withdraw/",
        proposals.proposal_withdraw,
        name="proposal_withdraw",
    ),
]
