"""Registry of the API operations (from the OpenAPI schema): who may call each, who is refused.

Keys are ``"METHOD /api/v1/path/{param}"`` exactly as the schema lists them. Every probe runs
twice: with the person's bearer token and with a browser session passing the CSRF check.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.routes.probes import Ref, Route, mine, no, ok, owned, public

_API = "/api/v1"
_SOON = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
_TODAY = timezone.localdate().isoformat()
_EARLIER = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)).isoformat()
_PRIVATE = ("SECRET-WEAKNESS", "SECRET-BARRIER")
_ADA = {"pk": "ada"}
_DORA = {"pk": "dora"}  # shares who she is with everyone, the rest with her chain only
_HR = "HR partners and admins only; anyone else gets 404"
_OWN = "acts on the caller's own career: someone else's id in the path is a 404"
_NOTE = "read by its author and, when shared, by the employee; nobody else"

_ORG: dict[str, Route] = {
    f"GET {_API}/people": public(
        ok("otto", shows="Lovelace"),
        # Filtering on a skill or role must not reveal who holds it to those who may not know.
        ok("otto", query="skill={python}", hides=("Lovelace",)),
        ok("otto", query="role={engineer}", hides=("Lovelace",)),
        ok("maya", query="skill={python}", shows="Lovelace"),
    ),
    f"GET {_API}/people/pick": public(
        ok("otto", query="q=love", shows="Lovelace", hides=("Python", "@")),
        ok("otto", query="q=zzzz", json=[]),
        rule="directory facts only (name, job title, unit) for anyone signed in",
    ),
    f"GET {_API}/people/{{pk}}": public(
        ok("ada", shows="Python"),
        ok("maya", shows="Python"),
        ok("otto", shows="Lovelace", hides=("Python",), json={"details": None}),
        fill=_ADA,
        rule="the directory entry for everyone; details for the chain and HR",
    ),
    f"GET {_API}/people/{{pk}}/skills": owned(
        ok("ada", shows="Python"), ok("maya", shows="Python"), no("otto"), fill=_ADA
    ),
    f"GET {_API}/units": public(ok("otto", shows="Storage")),
}

_SKILLS: dict[str, Route] = {
    f"GET {_API}/skills": public(ok("otto", shows="Python")),
    f"GET {_API}/skills/{{pk}}": public(ok("otto", shows="Python"), fill={"pk": "python"}),
    f"GET {_API}/learning": public(ok("otto", shows="Probe course")),
    f"GET {_API}/learning/{{pk}}": public(ok("otto", shows="Python"), fill={"pk": "learning"}),
    f"POST {_API}/learning": owned(
        ok("hana", 201),
        no("maya"),
        no("otto"),
        body={"title": "Probe book", "kind": "book", "builds": [{"skill_id": Ref("sql")}]},
        rule=_HR,
    ),
    f"PUT {_API}/learning/{{pk}}": owned(
        ok("hana"),
        no("otto"),
        fill={"pk": "learning"},
        body={"title": "Probe book", "kind": "book", "builds": [{"skill_id": Ref("sql")}]},
        rule=_HR,
    ),
    f"POST {_API}/learning/import": owned(
        ok("hana", changes=False, json={"dry_run": True, "created": 1}),
        no("otto"),
        body={"csv": "title,kind,skills\nProbe talk,community,Python:2\n", "dry_run": True},
        rule=_HR,
    ),
    f"GET {_API}/roles": public(ok("otto", shows="Software Engineer")),
    f"POST {_API}/roles": owned(
        ok("hana", 201),
        no("maya"),
        no("otto"),
        body={"code": "SE9", "title": "Probe Engineer", "family_id": Ref("family")},
        rule=_HR,
    ),
    f"GET {_API}/roles/{{pk}}": public(ok("otto", shows="Python"), fill={"pk": "engineer"}),
    f"PATCH {_API}/roles/{{pk}}": owned(
        ok("hana"),
        no("maya"),
        no("otto"),
        fill={"pk": "engineer"},
        body={"title": "Probe"},
        rule=_HR,
    ),
    f"GET {_API}/roles/{{pk}}/requirements": public(
        ok("otto", shows="Python"), fill={"pk": "engineer"}
    ),
    f"POST {_API}/roles/{{pk}}/requirements": owned(
        ok("hana", 201),
        no("otto"),
        fill={"pk": "engineer"},
        body={"skill_id": Ref("sql"), "min_level": 2},
        rule=_HR,
    ),
    f"GET {_API}/roles/{{pk}}/transitions": public(ok("otto"), fill={"pk": "engineer"}),
    f"GET {_API}/roles/{{pk}}/moves": public(ok("otto"), fill={"pk": "engineer"}),
    f"POST {_API}/roles/{{pk}}/moves/{{to_pk}}/adopt": owned(
        ok("hana", 201), no("otto"), fill={"pk": "senior_engineer", "to_pk": "engineer"}, rule=_HR
    ),
    f"POST {_API}/roles/{{pk}}/moves/{{to_pk}}/hide": owned(
        ok("hana", 201), no("otto"), fill={"pk": "senior_engineer", "to_pk": "engineer"}, rule=_HR
    ),
    f"POST {_API}/roles/{{pk}}/moves/{{to_pk}}/unhide": owned(
        ok("hana"), no("otto"), fill={"pk": "engineer", "to_pk": "senior_engineer"}, rule=_HR
    ),
    f"POST {_API}/roles/{{pk}}/transitions": owned(
        ok("hana", 201),
        no("otto"),
        fill={"pk": "senior_engineer"},
        body={"to_role_id": Ref("engineer"), "kind": "lateral"},
        rule=_HR,
    ),
    f"GET {_API}/role-search": public(ok("otto", shows="Software Engineer"), query="q=Software"),
    f"GET {_API}/people/{{person_id}}/gap/{{role_id}}": owned(
        ok("ada"),
        ok("maya"),
        ok("hana"),
        no("otto"),
        fill={"person_id": "ada", "role_id": "senior_engineer"},
        rule="the person, their management chain and HR",
    ),
    f"DELETE {_API}/roles/{{pk}}/requirements/{{skill_id}}": owned(
        ok("hana", 204), no("otto"), fill={"pk": "engineer", "skill_id": "python"}, rule=_HR
    ),
    f"PUT {_API}/roles/{{pk}}/requirements/{{skill_id}}": owned(
        ok("hana"),
        no("otto"),
        fill={"pk": "engineer", "skill_id": "python"},
        body={"min_level": 2},
        rule=_HR,
    ),
    f"DELETE {_API}/roles/{{pk}}/transitions/{{edge_id}}": owned(
        ok("hana", 204), no("otto"), fill={"pk": "engineer", "edge_id": "edge"}, rule=_HR
    ),
    f"GET {_API}/mobility-policy": public(ok("otto")),
    f"PUT {_API}/mobility-policy": owned(
        ok("hana"),
        no("maya"),
        no("otto"),
        body={
            "min_months_in_role": 9,
            "notify_manager": True,
            "allow_confidential": True,
            "hours_per_month": 6,
        },
        rule=_HR,
    ),
}

_CAREERS: dict[str, Route] = {
    f"GET {_API}/careers/{{pk}}/profile": owned(
        ok("ada", shows="SECRET-WEAKNESS"),
        ok("maya", shows="SECRET-SUMMARY", hides=_PRIVATE),
        ok("hana", shows="SECRET-SUMMARY", hides=_PRIVATE),
        ok("alex", shows="SECRET-SUMMARY", hides=_PRIVATE),  # private even to admins
        no("otto"),
        ok("otto", fill=_DORA, shows="Dora leads engineering"),
        fill=_ADA,
        rule="the owner; the chain and HR read what is shared with them",
    ),
    f"PATCH {_API}/careers/me/profile": mine(
        ok("ada"), ok("otto", json={"person_id": Ref("otto")}), body={"summary": "Probe"}
    ),
    f"PUT {_API}/careers/me/visibility": mine(ok("ada"), ok("otto"), body={"summary": "private"}),
    f"GET {_API}/careers/{{pk}}/skills": owned(
        ok("ada", shows="Python"),
        ok("maya", shows="Python"),
        no("otto"),
        no("otto", fill=_DORA),
        fill=_ADA,
    ),
    f"POST {_API}/careers/me/skills": mine(
        ok("ada", 201), ok("otto", 201), body={"skill_id": Ref("sql"), "level": 3}
    ),
    f"POST {_API}/careers/{{pk}}/skills/{{skill_id}}/confirm": owned(
        ok("maya"),
        no("ada"),
        no("hana"),
        no("otto"),
        fill={"pk": "ada", "skill_id": "python"},
        body={"level": 4},
        rule="only someone above the person in the chain confirms a level",
    ),
    f"GET {_API}/careers/{{pk}}/goals": owned(
        ok("ada", shows="SECRET-GOAL"),
        ok("maya", shows="SECRET-GOAL"),
        no("otto"),
        no("otto", fill=_DORA),
        fill=_ADA,
    ),
    f"POST {_API}/careers/me/goals": mine(ok("ada", 201), ok("otto", 201), body={"title": "Probe"}),
    f"POST {_API}/careers/me/goals/{{goal_id}}/actions": owned(
        ok("ada", 201),
        no("maya"),
        no("otto"),
        fill={"goal_id": "ada_goal"},
        body={"title": "Probe"},
        rule=_OWN,
    ),
    f"POST {_API}/careers/me/actions/{{action_id}}/checkpoints": owned(
        ok("ada", 201),
        no("maya"),
        no("otto"),
        fill={"action_id": "ada_action"},
        body={"title": "Probe", "due": _SOON},
        rule=_OWN,
    ),
    f"PATCH {_API}/careers/me/checkpoints/{{checkpoint_id}}": owned(
        ok("ada"),
        no("maya"),
        no("otto"),
        fill={"checkpoint_id": "ada_checkpoint"},
        body={"done": True},
        rule=_OWN,
    ),
    f"GET {_API}/careers/{{pk}}/devtime": owned(
        ok("ada", shows="allowance_hours"),
        ok("maya"),
        no("otto"),
        no("otto", fill=_DORA),
        no("ada", 422, query="year=1900"),
        fill=_ADA,
    ),
    f"GET {_API}/careers/{{pk}}/checkins": owned(
        ok("ada", shows="SECRET-CHECKIN"),
        ok("maya"),
        no("otto"),
        no("otto", fill=_DORA),
        fill=_ADA,
    ),
    f"POST {_API}/careers/me/checkins": mine(
        ok("ada", 201),
        ok("otto", 201),
        body=lambda w: {"scores": [{"muscle": m, "score": 4} for m in _muscles()]},
    ),
    f"GET {_API}/careers/{{pk}}/accomplishments": owned(
        ok("ada", shows="SECRET-ACCOMPLISHMENT"),
        ok("maya", shows="SECRET-ACCOMPLISHMENT"),
        no("otto"),
        ok("otto", fill=_DORA),
        fill=_ADA,
    ),
    f"POST {_API}/careers/me/accomplishments": mine(
        ok("ada", 201), ok("otto", 201), body={"title": "Probe", "date": _TODAY}
    ),
    f"GET {_API}/careers/{{pk}}/deck.{{fmt}}": owned(
        ok("ada", shows="SECRET-GOAL"),
        ok("maya", shows="SECRET-GOAL", hides=_PRIVATE),
        ok("maya", fill={"pk": "ada", "fmt": "pdf"}, shows="SECRET-GOAL", hides=_PRIVATE),
        no("otto"),
        no("otto", fill={"pk": "ada", "fmt": "pdf"}),
        ok("otto", fill={"pk": "dora", "fmt": "pptx"}, shows="Dora leads engineering"),
        fill={"pk": "ada", "fmt": "pptx"},
        rule="the owner; the chain and HR get what is shared with them",
    ),
}


def _muscles() -> list[str]:
    from trellis.careers.models import Muscle

    return list(Muscle.values)


_OPP = {"pk": "maya_opp"}
_DRAFT = {"pk": "maya_draft"}
_CONFIDENTIAL = {"pk": "ada_confidential_interest"}
_MANAGE = "the owner, HR and admins; anyone else 404"

_MARKET: dict[str, Route] = {
    f"GET {_API}/market/opportunities": public(
        ok("otto", shows="Storage metrics", hides=("SECRET-DRAFT",))
    ),
    f"POST {_API}/market/opportunities": owned(
        ok("maya", 201),
        ok("hana", 201),
        no("ada"),
        no("otto"),
        no("maya", 400, body={"kind": "gig", "title": "Probe", "unit_id": Ref("other_team")}),
        body={"kind": "gig", "title": "Probe gig", "unit_id": Ref("team")},
        rule="managers for their own unit and below (400 elsewhere), HR for any",
    ),
    f"GET {_API}/market/opportunities/{{pk}}": owned(
        ok("maya", shows="SECRET-DRAFT"),
        no("otto"),
        no("ada"),
        no("maya", fill={"pk": "hr_draft"}),
        ok("otto", fill=_OPP, shows="Storage metrics"),
        fill=_DRAFT,
        rule="open opportunities for everyone; drafts for the owner, HR and admins",
    ),
    f"PATCH {_API}/market/opportunities/{{pk}}": owned(
        ok("maya"),
        ok("hana"),
        no("ada"),
        no("otto"),
        no("maya", fill={"pk": "hr_opp"}),
        fill=_OPP,
        body={"title": "Probe"},
        rule=_MANAGE,
    ),
    f"POST {_API}/market/opportunities/{{pk}}/status/{{action}}": owned(
        ok("maya"),
        no("ada"),
        no("otto"),
        no("maya", fill={"pk": "hr_draft", "action": "publish"}),
        fill={"pk": "maya_draft", "action": "publish"},
        rule=_MANAGE,
    ),
    f"POST {_API}/market/opportunities/{{pk}}/interest": owned(
        ok("otto", 201, fill=_OPP),
        no("otto"),
        no("ada"),
        fill=_DRAFT,
        body={"note": "Probe"},
        rule="anyone on an open opportunity; a draft is a 404",
    ),
    f"GET {_API}/market/interests/{{pk}}": owned(
        ok("ada"),
        ok("maya"),
        no("otto"),
        ok("ada", fill=_CONFIDENTIAL),
        ok("hana", fill=_CONFIDENTIAL),
        no("maya", fill=_CONFIDENTIAL),
        no("dora", fill=_CONFIDENTIAL),
        fill={"pk": "ada_interest"},
        rule="the candidate, the owner, HR, and the candidate's chain unless confidential",
    ),
    f"POST {_API}/market/interests/{{pk}}/move": owned(
        ok("maya"),
        ok("ada", body={"to": "withdrawn"}),
        no("otto"),
        # Those who may read it but not run the workflow get a 400 with the reason.
        no("ada", 400),
        no("dora", 400),
        fill={"pk": "ada_interest"},
        body={"to": "shortlisted"},
        rule="the owner and HR move it along; the candidate withdraws; others 404",
    ),
    f"GET {_API}/market/recommendations": mine(ok("ada"), ok("otto")),
    f"GET {_API}/market/opportunities/{{pk}}/candidates": owned(
        ok("maya", shows="Lovelace", hides=("Dora",)),  # opted-in people only
        ok("hana"),
        no("ada"),
        no("otto"),
        no("maya", fill={"pk": "hr_opp"}),
        fill=_OPP,
        rule=_MANAGE,
    ),
    f"GET {_API}/market/me/opt-in": mine(ok("ada", json={"opted_in": True}), ok("otto")),
    f"PUT {_API}/market/me/opt-in": mine(
        ok("ada", json={"wants_buddy": True}),
        ok("otto"),
        body={"opted_in": True, "wants_buddy": True, "mentor_capacity": 2},
    ),
    f"GET {_API}/market/me/interests": mine(
        ok("ada", shows="Storage metrics dashboard"),
        ok("otto", hides=("Storage metrics dashboard", "People analytics")),
    ),
    f"POST {_API}/market/me/interests/{{pk}}/withdraw": owned(
        ok("ada", json={"status": "withdrawn"}),
        no("maya"),  # the owner reads it, but withdrawing is the candidate's alone
        no("hana"),
        no("otto"),
        fill={"pk": "ada_interest"},
        rule="the candidate only; anyone else 404, even the opportunity's owner",
    ),
    f"GET {_API}/market/rounds": owned(
        ok("hana", shows="Spring round"), no("maya"), no("otto"), rule="HR partners and admins"
    ),
    f"POST {_API}/market/rounds/preview": owned(
        ok("hana", changes=False, shows="Storage metrics dashboard"),
        no("maya"),
        no("otto"),
        body={"opportunity_ids": [Ref("maya_opp")]},
        rule="HR partners and admins",
    ),
    f"GET {_API}/market/pairing-rounds": owned(
        ok("hana", json={}), no("maya"), no("otto"), rule="HR partners and admins"
    ),
    f"POST {_API}/market/pairing-rounds": owned(
        # Reached: the world has one person asking for a buddy, fewer than a pair needs
        # (tests/market/test_api_rounds.py pairs some).
        ok("hana", 400, changes=False, shows="ask for a buddy"),
        no("maya"),
        no("otto"),
        body={"kind": "buddy"},
        rule="HR partners and admins",
    ),
    f"GET {_API}/market/pairing-rounds/{{pk}}": owned(
        ok("hana", shows="Alex"),
        no("dora"),  # paired in it, yet the round is HR's
        no("otto"),
        fill={"pk": "pairing_round"},
        rule="HR partners and admins",
    ),
    f"GET {_API}/market/talent-exported": owned(
        ok("hana", shows="min_group"), no("maya"), no("otto"), rule="HR partners and admins"
    ),
    f"POST {_API}/market/rounds": owned(
        ok("hana", 201),
        no("maya"),
        no("otto"),
        body={"name": "Probe", "opportunity_ids": [Ref("maya_opp")]},
        rule="HR partners and admins",
    ),
    f"GET {_API}/market/rounds/{{pk}}": owned(
        ok("hana"), no("maya"), no("otto"), fill={"pk": "round"}, rule="HR partners and admins"
    ),
    f"POST {_API}/market/rounds/{{pk}}/adjust": owned(
        ok("hana", 201),
        no("maya"),
        no("otto"),
        fill={"pk": "round"},
        body={"person_id": Ref("ada"), "opportunity_id": Ref("maya_opp"), "action": "exclude"},
        rule="HR partners and admins",
    ),
    f"POST {_API}/market/rounds/{{pk}}/publish": owned(
        ok("hana"), no("maya"), no("otto"), fill={"pk": "round"}, rule="HR partners and admins"
    ),
}

_PROPOSAL = {"pk": "ada_proposal"}
_PROPOSAL_IN = {
    "sponsor_id": Ref("dora"),
    "title": "Probe project",
    "problem": "Probe pain",
    "solution": "Probe fix",
    "skills_needed": [Ref("python")],
}
_PROPOSALS: dict[str, Route] = {
    f"GET {_API}/market/proposals": mine(
        ok("ada", shows="SECRET-PROPOSAL"),
        ok("dora", shows="SECRET-PROPOSAL"),
        ok("otto", hides=("Storage cost dashboard",)),
    ),
    f"POST {_API}/market/proposals": mine(
        ok("ada", 201),
        ok("otto", 201),
        ok("otto", 422, body={**_PROPOSAL_IN, "hours_per_week": 99}, changes=False),
        ok("otto", 400, body={**_PROPOSAL_IN, "sponsor_id": Ref("otto")}, changes=False),
        body=_PROPOSAL_IN,
    ),
    f"GET {_API}/market/proposals/{{pk}}": owned(
        ok("ada", shows="SECRET-PROPOSAL"),
        ok("dora", shows="SECRET-PROPOSAL"),
        ok("hana"),
        no("maya"),
        no("otto"),
        fill=_PROPOSAL,
        rule="the proposer, the sponsor, HR and admins",
    ),
    f"PUT {_API}/market/proposals/{{pk}}": owned(
        ok("ada"), no("dora"), no("otto"), fill=_PROPOSAL, body=_PROPOSAL_IN, rule="the proposer"
    ),
    f"POST {_API}/market/proposals/{{pk}}/withdraw": owned(
        ok("ada"), no("dora"), no("otto"), fill=_PROPOSAL, rule="the proposer"
    ),
    f"POST {_API}/market/proposals/{{pk}}/decide": owned(
        ok("dora", json={"status": "approved"}),
        ok("dora", 400, body={"decision": "decline"}, changes=False, json={"field": "response"}),
        no("ada", 400),
        no("maya"),
        no("otto"),
        fill=_PROPOSAL,
        body={"decision": "approve"},
        rule="the sponsor answers; the proposer and HR read it but get a 400; others 404",
    ),
}

_DECK = {"pk": "ada_deck"}
_REVIEW_IN = {
    "title": "Probe review",
    "on": _SOON,
    "reviewer_ids": [Ref("dora")],
    "participant_ids": [Ref("ada")],
}
_REVIEWS: dict[str, Route] = {
    f"GET {_API}/careers/reviews": mine(
        ok("ada", shows="Storage deck review"),
        ok("otto", hides=("Storage deck review",)),
    ),
    f"POST {_API}/careers/reviews": owned(
        ok("maya", 201),
        ok("hana", 201, body={**_REVIEW_IN, "participant_ids": [Ref("otto")]}),
        ok(
            "maya",
            400,
            body={**_REVIEW_IN, "participant_ids": [Ref("otto")]},
            changes=False,
            json={"field": "participant_ids"},
        ),
        ok("maya", 422, body={**_REVIEW_IN, "reviewer_ids": []}, changes=False),
        no("ada"),
        no("otto"),
        body=_REVIEW_IN,
        rule="leaders for their own reporting line, HR for anyone",
    ),
    f"GET {_API}/careers/reviews/{{pk}}": owned(
        ok("maya"),
        ok("ada"),
        ok("dora"),
        no("otto"),
        fill={"pk": "deck_review"},
        rule="the organizer, the panel, those invited, HR and admins",
    ),
    f"GET {_API}/careers/reviews/decks/{{pk}}": owned(
        ok("ada", shows="SECRET-DECK-FEEDBACK", hides=_PRIVATE),
        ok("dora", shows="SECRET-SUMMARY", hides=_PRIVATE),
        no("maya"),
        no("otto"),
        fill=_DECK,
        rule="the person and the panel (once submitted)",
    ),
    f"POST {_API}/careers/reviews/decks/{{pk}}/submit": owned(
        ok("ada", 400, changes=False, json={"detail": "Your deck is with the panel already."}),
        no("dora", 400),
        no("maya"),
        no("otto"),
        fill=_DECK,
        rule="the person invited",
    ),
    f"POST {_API}/careers/reviews/decks/{{pk}}/feedback": owned(
        ok("hana", 201),
        ok("dora", 422, body={"text": ""}, changes=False),
        no("ada"),
        no("maya"),
        no("otto"),
        fill=_DECK,
        body={"text": "Probe comment", "offers_help": True},
        rule="the panel only",
    ),
}

_ASK_IN = {"skill_id": Ref("python"), "goal": "Probe", "hours_per_month": 2}
_PAIRS: dict[str, Route] = {
    f"GET {_API}/market/pairs": mine(
        ok("ada", shows="SECRET-ASK"), ok("dora", shows="Alex"), ok("otto", hides=("Alex",))
    ),
    f"POST {_API}/market/pairs/asks": mine(
        ok("otto", 201),
        ok(
            "ada",
            400,
            body={**_ASK_IN, "skill_id": Ref("sql")},
            changes=False,
            json={"field": "skill"},
        ),
        ok("otto", 422, body={**_ASK_IN, "hours_per_month": 99}, changes=False),
        body=_ASK_IN,
    ),
    f"POST {_API}/market/pairs/asks/{{pk}}/withdraw": owned(
        ok("ada"), no("maya"), no("otto"), fill={"pk": "ada_ask"}, rule="the person who asked"
    ),
    f"POST {_API}/market/pairs/{{pk}}/answer": owned(
        ok("dora", json={"first_accepted": True}),
        ok("alex", body={"answer": "decline", "reason": "No time"}, json={"status": "declined"}),
        ok("alex", 400, body={"answer": "decline"}, changes=False, json={"field": "reason"}),
        no("ada"),
        no("otto"),
        fill={"pk": "dora_pair"},
        body={"answer": "accept"},
        rule="the two people paired; anyone else 404",
    ),
}

_TALK = {"pk": "maya_talk"}
_PLAN = {"pk": "maya_plan"}
_HOLD = {"when": _EARLIER, "kind": "one_on_one", "summary": "Probe"}
_TALK_IN = {"person_id": Ref("ada"), "when": _EARLIER, "summary": "Probe"}
# Offering an opportunity in the notes links it, and the notes show its title: only a published
# one may be named (as on the page), never a draft the author cannot read.
_PUBLISHED = "Link an opportunity that is published in the marketplace."
_PUSH_HR_DRAFT = {
    "direction": "push",
    "category": "opportunities",
    "text": "Probe",
    "opportunity_id": Ref("hr_draft"),
}

_TALKS: dict[str, Route] = {
    f"GET {_API}/talks/conversations": mine(
        ok("maya", shows="SECRET-TALK-SUMMARY"), ok("otto"), query="person_id={ada}"
    ),
    f"POST {_API}/talks/conversations": owned(
        ok("maya", 201),
        ok("hana", 201),
        no("otto", 400, shows="only with people in your reporting line"),
        no("maya", 400, body={**_TALK_IN, "person_id": Ref("otto")}),
        no("maya", 400, body={**_TALK_IN, "items": [_PUSH_HR_DRAFT]}, shows=_PUBLISHED),
        body=_TALK_IN,
        rule="with someone out of reach: 400 and the reason (who is in the directory is no secret)",
    ),
    f"GET {_API}/talks/conversations/{{pk}}": owned(
        ok("maya", shows="SECRET-TALK-SUMMARY"),
        ok("ada"),
        no("hana"),
        no("dora"),
        no("otto"),
        ok("maya", fill={"pk": "maya_private"}, shows="SECRET-PRIVATE-NOTE"),
        no("ada", fill={"pk": "maya_private"}),
        fill=_TALK,
        rule=_NOTE,
    ),
    f"POST {_API}/talks/conversations/{{pk}}/held": owned(
        ok("maya"),
        no("ada"),
        no("otto"),
        no("maya", 400, body={**_HOLD, "items": [_PUSH_HR_DRAFT]}, shows=_PUBLISHED),
        fill=_PLAN,
        body=_HOLD,
        rule="the author of a planned one",
    ),
    f"GET {_API}/talks/conversations/{{pk}}/prework": owned(
        ok("ada"), no("maya"), no("otto"), fill=_PLAN, rule="the employee invited only"
    ),
    f"PUT {_API}/talks/conversations/{{pk}}/prework": owned(
        ok("ada"),
        no("maya"),
        no("otto"),
        fill=_PLAN,
        body={"learned": "Probe"},
        rule="the employee invited only",
    ),
    f"GET {_API}/talks/conversations/{{pk}}/items": owned(
        ok("maya", shows="SECRET-TALK-ITEM"),
        ok("ada"),
        no("hana"),
        no("otto"),
        fill=_TALK,
        rule=_NOTE,
    ),
    f"POST {_API}/talks/items/{{pk}}/to-profile": owned(
        ok("ada", json={"field": "strengths", "visibility": "everyone"}),
        no("maya"),
        no("otto"),
        fill={"pk": "ada_strength_item"},
        body={"field": "strengths", "visibility": "everyone"},
        rule="the employee the accepted item is about",
    ),
    f"POST {_API}/talks/feedback/answers/{{pk}}/to-profile": owned(
        ok("ada", json={"field": "known_for", "visibility": "private"}),
        no("maya"),
        no("otto"),
        fill={"pk": "ada_feedback_answer"},
        body={"field": "known_for", "visibility": "private", "text": "Probe"},
        rule="the requester only",
    ),
    f"POST {_API}/talks/items/{{pk}}/{{decision}}": owned(
        ok("ada"),
        no("maya"),
        no("otto"),
        fill={"pk": "maya_talk_item", "decision": "accept"},
        rule="the employee the shared notes are about",
    ),
    f"GET {_API}/talks/followups": mine(ok("ada", shows="SECRET-FOLLOWUP"), ok("otto")),
    f"POST {_API}/talks/followups/{{pk}}/done": owned(
        ok("ada"),
        ok("maya"),
        no("hana"),
        no("otto"),
        fill={"pk": "maya_talk_followup"},
        rule="its owner or the author of the notes",
    ),
    f"GET {_API}/talks/coverage/managers": owned(
        ok("hana", json={"window_days": 182, "min_group": 5}),
        no("maya"),
        no("otto"),
        rule=_HR,
    ),
    f"GET {_API}/talks/coverage/me": owned(
        ok("maya", json={"window_days": 182}),
        no("otto"),
        no("ada"),
        rule="managers: their own direct reports",
    ),
    f"GET {_API}/talks/prep/{{person_id}}": owned(
        ok("maya"),
        ok("hana"),
        no("otto"),
        no("ada", fill={"person_id": "maya"}),
        fill={"person_id": "ada"},
        rule="one's reports, paired buddies or mentees, and HR for anyone",
    ),
    f"GET {_API}/talks/guide": owned(ok("maya"), ok("hana"), no("otto"), rule="managers and HR"),
    f"POST {_API}/talks/guide": owned(
        ok("hana", 201),
        no("maya"),
        no("otto"),
        body={"area": "self", "text": "Probe?"},
        rule="HR partners",
    ),
    f"PATCH {_API}/talks/guide/{{pk}}": owned(
        ok("hana"),
        no("maya"),
        no("otto"),
        fill={"pk": "question"},
        body={"active": False},
        rule="HR partners",
    ),
    f"POST {_API}/talks/feedback": mine(
        ok("ada", 201), ok("otto", 201), body={"respondent_ids": [Ref("maya")], "note": "Probe"}
    ),
    f"GET {_API}/talks/feedback/{{pk}}": owned(
        ok("ada", shows="SECRET-FEEDBACK-ANSWER"),
        no("maya"),
        no("dora"),
        no("otto"),
        fill={"pk": "ada_feedback"},
        rule="the requester only",
    ),
    f"POST {_API}/talks/feedback/{{pk}}/answer": owned(
        ok("dora", 204),
        no("ada"),
        no("otto"),
        fill={"pk": "ada_feedback"},
        body={"known_for": "Probe"},
        rule="each colleague asked, for their own answer",
    ),
}

_PRIVACY_RULE = "privacy officers and admins only (HR without the role gets 404)"
_ADMIN_RULE = "admins only"
_INSIGHTS_PRIVACY_ADMIN: dict[str, Route] = {
    f"GET {_API}/insights": owned(
        ok("hana", shows="min_group"), no("maya"), no("otto"), rule="HR partners and admins"
    ),
    f"GET {_API}/privacy/audit": owned(
        ok("alex", shows="events"), no("hana"), no("otto"), rule=_PRIVACY_RULE
    ),
    f"GET {_API}/privacy/people/{{pk}}/export": owned(
        ok("alex"), no("hana"), no("ada"), fill=_ADA, rule=_PRIVACY_RULE
    ),
    f"GET {_API}/privacy/people/{{pk}}/erasure": owned(
        ok("alex", shows="still active"), no("hana"), no("ada"), fill=_ADA, rule=_PRIVACY_RULE
    ),
    f"POST {_API}/privacy/people/{{pk}}/erasure": owned(
        ok("alex", 409, changes=False, shows="still active"),
        no("hana"),
        no("otto"),
        fill=_ADA,
        body={"confirm": "E-ada"},
        rule=_PRIVACY_RULE,
    ),
    f"POST {_API}/admin/people": owned(
        ok("alex", 201),
        no("hana"),
        no("otto"),
        body={
            "employee_id": "E-probe",
            "first_name": "Probe",
            "last_name": "Person",
            "email": "probe@example.com",
            "manager_employee_id": "E-maya",
        },
        rule=_ADMIN_RULE,
    ),
    f"GET {_API}/admin/people/{{pk}}": owned(
        ok("alex", shows="Lovelace"), no("hana"), no("ada"), fill=_ADA, rule=_ADMIN_RULE
    ),
    f"PATCH {_API}/admin/people/{{pk}}": owned(
        ok("alex", json={"job_title": "Probe title"}),
        no("hana"),
        no("maya"),
        fill=_ADA,
        body={"job_title": "Probe title"},
        rule=_ADMIN_RULE,
    ),
    f"POST {_API}/admin/units": owned(
        ok("alex", 201, json={"path": "Acme/Probe unit"}),
        no("hana"),
        no("otto"),
        body={"name": "Probe unit", "parent_id": Ref("acme")},
        rule=_ADMIN_RULE,
    ),
    f"PATCH {_API}/admin/units/{{pk}}": owned(
        ok("alex", json={"name": "Probe team"}),
        no("hana"),
        no("otto"),
        fill={"pk": "team"},
        body={"name": "Probe team"},
        rule=_ADMIN_RULE,
    ),
}

_PULSE: dict[str, Route] = {
    f"GET {_API}/pulses": mine(ok("ada", shows="Probe pulse"), ok("otto", shows="Probe pulse")),
    f"POST {_API}/pulses": owned(
        ok("hana", 201),
        no("maya"),
        no("otto"),
        body={"title": "New pulse", "opens_on": _TODAY, "closes_on": _SOON},
        rule=_HR,
    ),
    f"POST {_API}/pulses/{{pk}}/answers": public(
        ok("otto", 201),
        no("ada", 400, fill={"pk": "answered_pulse"}),
        no("otto", fill={"pk": "closed_pulse"}),
        fill={"pk": "pulse"},
        body={"core": 4},
        rule="anyone answers an open pulse, once",
    ),
    f"GET {_API}/pulse-answers": mine(ok("ada", shows="SECRET-PULSE"), ok("otto")),
    f"GET {_API}/pulses/{{pk}}/results": owned(
        ok(
            "hana",
            json={
                "overall": {
                    "name": "Everyone",
                    "department_id": None,
                    "answers": None,
                    "core": None,
                    "questions": [],
                    "comments": [],
                }
            },
            hides=("SECRET-PULSE",),
        ),
        no("maya"),
        no("otto"),
        fill={"pk": "answered_pulse"},
        rule=_HR,
    ),
    f"GET {_API}/pulse-trend": owned(
        ok("hana", shows="Answered pulse"), no("maya"), no("otto"), rule=_HR
    ),
}

_CYCLE = {
    "kind": "calibration",
    "title": "Probe calibration",
    "starts_on": _TODAY,
    "ends_on": _SOON,
}
_CYCLES: dict[str, Route] = {
    f"GET {_API}/cycles": public(ok("otto", shows="Probe review")),
    f"GET {_API}/cycles/mine": mine(
        ok("ada", shows="Probe review"), ok("otto", shows="Probe review")
    ),
    f"POST {_API}/cycles": owned(ok("hana", 201), no("maya"), no("otto"), body=_CYCLE, rule=_HR),
    f"PUT {_API}/cycles/{{pk}}": owned(
        ok("hana"), no("maya"), no("otto"), fill={"pk": "cycle"}, body=_CYCLE, rule=_HR
    ),
    f"DELETE {_API}/cycles/{{pk}}": owned(
        ok("hana", 204), no("maya"), no("otto"), fill={"pk": "cycle"}, rule=_HR
    ),
}

_ORIENTATION: dict[str, Route] = {
    f"GET {_API}/orientation/pages": public(ok("otto", shows="Probe orientation")),
    f"POST {_API}/orientation/pages": owned(
        ok("hana", 201), no("maya"), no("otto"), body={"title": "T", "body": "B"}, rule=_HR
    ),
    f"GET {_API}/orientation/people/{{pk}}": owned(
        ok("ada", json={"new_joiner": True}), ok("maya", shows="mobility"), no("otto"), fill=_ADA
    ),
    f"POST {_API}/orientation/me/steps/{{step}}": owned(
        ok("ada", json={"done": 3}),  # her profile and conversations already count
        no("otto", 400),
        fill={"step": "buddy"},
        rule="a new joiner ticks their own step; others have no checklist",
    ),
}

ROUTES: dict[str, Route] = {
    **_ORG,
    **_SKILLS,
    **_CAREERS,
    **_REVIEWS,
    **_MARKET,
    **_PROPOSALS,
    **_PAIRS,
    **_TALKS,
    **_INSIGHTS_PRIVACY_ADMIN,
    **_PULSE,
    **_CYCLES,
    **_ORIENTATION,
}
