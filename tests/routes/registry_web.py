"""Registry of the pages (Django URL patterns): who may open each, who is refused.

Keys are ``"METHOD /path/{param}/"`` with the pattern's converters dropped. See the module
docstring of ``tests/test_route_ownership.py`` for how to add an entry.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.routes.probes import Ref, Route, mine, no, ok, owned, public
from tests.routes.world import World

_SOON = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
_TODAY = timezone.localdate().isoformat()
_LATER = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
_EARLIER = (timezone.localtime() - dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")

# A manager reads what Ada shares with her manager; private sections stay Ada's own.
_PRIVATE = ("SECRET-WEAKNESS", "SECRET-BARRIER")
_ADA = {"pk": "ada"}
_DORA = {"pk": "dora"}  # shares who she is with everyone, the rest with her chain only
_HR = "HR partners and admins only; anyone else gets the 404 of a missing page"
_EDIT = "only the owner changes their career; the manager and the outsider get 404"
_ROLE = {
    "code": "SE9",
    "title": "Probe Engineer",
    "family": Ref("family"),
    "track": "ic",
    "level": "4",
}


def _prefixed(prefix: str, name: str, data: dict[str, object]) -> object:
    def body(world: World) -> dict[str, object]:
        return {f"{prefix}{world.ids[name]}-{k}": v for k, v in data.items()}

    return body


def _checkin(world: World) -> dict[str, object]:
    from trellis.careers.models import Muscle

    return {f"{m}_score": "4" for m in Muscle.values}


def _visibility(world: World) -> dict[str, object]:
    from trellis.careers.models import SECTIONS

    return {s.key: "private" for s in SECTIONS}


def _profile(world: World) -> dict[str, object]:
    return {"summary": "Probe summary", "track_preference": "either", "project_hours": "2"}


_ORG: dict[str, Route] = {
    "GET /": mine(ok("ada"), ok("maya", shows="Lovelace"), ok("otto", hides=("Lovelace",))),
    "GET /people/": public(
        ok("otto", shows="Lovelace"),
        # Filtering on a skill or role must not reveal who holds it to those who may not know.
        ok("otto", query="skill=Python", hides=("Lovelace",)),
        ok("otto", query="role={engineer}", hides=("Lovelace",)),
        ok("maya", query="skill=Python", shows="Lovelace"),
    ),
    "GET /people/pick/": public(
        ok("otto", query="q=love", shows="Lovelace", hides=("Python", "@")),
        rule="the picker's suggestions: directory facts only, for anyone signed in",
    ),
    "GET /people/{pk}/": public(
        ok("ada", shows="Python"),
        ok("maya", shows="Python"),
        ok("otto", shows="Lovelace", hides=("Python",)),
        fill=_ADA,
        rule="a directory entry for everyone; role, level and skills for the chain and HR",
    ),
    "GET /org/": public(
        ok("otto", shows="Acme"), ok("otto", query="person={ada}", shows="Lovelace")
    ),
    "GET /org/people/{pk}/reports/": public(
        ok("otto", shows="Lovelace", hides=("Python",)),
        fill={"pk": "maya"},
        rule="who reports to whom is a directory fact",
    ),
    "GET /org/units/{pk}/children/": public(ok("otto", shows="Engineering"), fill={"pk": "acme"}),
    "GET /org/{pk}/": public(ok("otto", shows="Storage"), fill={"pk": "team"}),
    "GET /me/data/": mine(ok("ada"), ok("otto")),
    "POST /me/data/": mine(
        ok("ada", shows="SECRET-WEAKNESS"),
        ok("otto", shows="Outsider"),
        body={"password": "correct-horse-battery-staple"},
        rule="the caller's own archive, after their password",
    ),
    "GET /imports/people/": owned(ok("hana"), ok("alex"), no("maya"), no("otto"), rule=_HR),
    "POST /imports/people/": owned(ok("hana", changes=False), no("otto"), rule=_HR),
    "GET /imports/taxonomy/": owned(ok("hana"), no("otto"), rule=_HR),
    "POST /imports/taxonomy/": owned(ok("hana", changes=False), no("otto"), rule=_HR),
    "GET /imports/runs/{pk}/": owned(
        ok("hana", shows="Checking rows: 40 of 120 rows"),
        no("alex"),
        no("otto"),
        fill={"pk": "hana_import"},
        rule="the HR partner who started the import; nobody else, other HR included",
    ),
    "GET /imports/learning/": owned(ok("hana"), ok("alex"), no("maya"), no("otto"), rule=_HR),
    "POST /imports/learning/": owned(ok("hana", changes=False), no("otto"), rule=_HR),
}

_LEARNING_FORM = {
    "title": "Probe book",
    "kind": "book",
    "skills": "Python:4",
    "url": "https://example.com/book",
    "effort_hours": "10",
    "is_active": "on",
}

_SKILLS: dict[str, Route] = {
    "GET /learning/": public(ok("otto", shows="Probe course")),
    "GET /learning/new/": owned(ok("hana"), no("maya"), no("otto"), rule=_HR),
    "POST /learning/new/": owned(ok("hana", 302), no("otto"), body=_LEARNING_FORM, rule=_HR),
    "GET /learning/{pk}/edit/": owned(
        ok("hana", shows="Probe course"), no("otto"), fill={"pk": "learning"}, rule=_HR
    ),
    "POST /learning/{pk}/edit/": owned(
        ok("hana", 302), no("otto"), fill={"pk": "learning"}, body=_LEARNING_FORM, rule=_HR
    ),
    "GET /skills/": public(ok("otto", shows="Python")),
    "GET /about/data-sources/": public(ok("otto")),
    "GET /skills/{pk}/": public(ok("otto", shows="Python"), fill={"pk": "python"}),
    "GET /skills/tree/": public(ok("otto", shows="Python")),
    "GET /skills/tree/{pk}/children/": public(ok("otto"), fill={"pk": "python"}),
    "GET /skills/tree/{pk}/facts/": public(
        ok("otto", shows="Software Engineer"), fill={"pk": "python"}
    ),
    "GET /roles/": public(ok("otto", shows="Software Engineer")),
    "GET /roles/lattice/": public(ok("otto")),
    "GET /roles/matrix/": public(ok("otto")),
    "GET /roles/new/": owned(ok("hana"), no("maya"), no("otto"), rule=_HR),
    "POST /roles/new/": owned(ok("hana", 302), no("otto"), body=_ROLE, rule=_HR),
    "GET /roles/{pk}/": public(
        ok("otto", shows="Software Engineer", hides=("Lovelace",)),
        ok("maya", shows="Lovelace"),
        fill={"pk": "engineer"},
        rule="the role for everyone; who holds it only for those who see their details",
    ),
    "GET /roles/{pk}/edit/": owned(ok("hana"), no("otto"), fill={"pk": "engineer"}, rule=_HR),
    # Suggested moves: HR adopts one into the lattice, hides it or shows it again.
    "POST /roles/{pk}/suggested/{to_pk}/adopt/": owned(
        ok("hana", 302), no("otto"), fill={"pk": "senior_engineer", "to_pk": "engineer"}, rule=_HR
    ),
    "POST /roles/{pk}/suggested/{to_pk}/hide/": owned(
        ok("hana", 302), no("otto"), fill={"pk": "senior_engineer", "to_pk": "engineer"}, rule=_HR
    ),
    "POST /roles/{pk}/suggested/{to_pk}/unhide/": owned(
        ok("hana", 302), no("otto"), fill={"pk": "engineer", "to_pk": "senior_engineer"}, rule=_HR
    ),
    "POST /roles/{pk}/edit/": owned(
        ok("hana", 302), no("otto"), fill={"pk": "engineer"}, body=_ROLE, rule=_HR
    ),
    "POST /roles/{pk}/requirements/add/": owned(
        ok("hana", 302),
        no("otto"),
        fill={"pk": "engineer"},
        body={"skill": Ref("sql"), "min_level": "2", "importance": "3", "is_required": "on"},
        rule=_HR,
    ),
    "GET /roles/{pk}/requirements/{req_pk}/edit/": owned(
        ok("hana"), no("otto"), fill={"pk": "engineer", "req_pk": "requirement"}, rule=_HR
    ),
    "POST /roles/{pk}/requirements/{req_pk}/edit/": owned(
        ok("hana", 302),
        no("otto"),
        fill={"pk": "engineer", "req_pk": "requirement"},
        body={"min_level": "2", "importance": "4", "is_required": "on"},
        rule=_HR,
    ),
    "POST /roles/{pk}/requirements/{req_pk}/delete/": owned(
        ok("hana", 302), no("otto"), fill={"pk": "engineer", "req_pk": "requirement"}, rule=_HR
    ),
    "POST /roles/{pk}/moves/add/": owned(
        ok("hana", 302),
        no("otto"),
        fill={"pk": "senior_engineer"},
        body={"to_role": Ref("engineer"), "kind": "lateral"},
        rule=_HR,
    ),
    "POST /roles/{pk}/moves/{edge_pk}/delete/": owned(
        ok("hana", 302), no("otto"), fill={"pk": "engineer", "edge_pk": "edge"}, rule=_HR
    ),
    "GET /roles/{role_pk}/gap/": mine(
        ok("ada", shows="Senior Software Engineer"), ok("otto"), fill={"role_pk": "senior_engineer"}
    ),
    "GET /roles/import/": owned(ok("hana"), no("otto"), rule=_HR),
    "POST /roles/import/": owned(ok("hana", 400, changes=False), no("otto"), rule=_HR),
    "GET /policies/mobility/": public(ok("otto")),
    "GET /policies/mobility/edit/": owned(ok("hana"), no("maya"), no("otto"), rule=_HR),
    "POST /policies/mobility/edit/": owned(
        ok("hana", 302),
        no("otto"),
        body={"min_months_in_role": "9", "hours_per_month": "6", "hours_from": _SOON},
        rule=_HR,
    ),
    "GET /people/{person_pk}/gap/{role_pk}/": owned(
        ok("ada"),
        ok("maya", shows="Python"),
        ok("hana"),
        no("otto"),
        fill={"person_pk": "ada", "role_pk": "senior_engineer"},
        rule="the person, their management chain and HR",
    ),
}

_CAREERS: dict[str, Route] = {
    "GET /career/": mine(ok("ada", 302), ok("otto", 302)),
    "GET /career/welcome/{step}/": mine(ok("ada"), ok("otto"), fill={"step": 1}),
    "POST /career/welcome/{step}/": mine(
        ok("ada", 302), ok("otto", 302), fill={"step": 1}, body={"skip": "1"}
    ),
    "GET /career/notifications/": mine(ok("maya", shows="Lovelace"), ok("otto")),
    "POST /career/notifications/": mine(ok("maya", 302), ok("otto", 302, changes=False)),
    "GET /career/{pk}/": owned(
        ok("ada", shows="SECRET-WEAKNESS"),
        ok("maya", shows="SECRET-SUMMARY", hides=_PRIVATE),
        ok("hana", shows="SECRET-SUMMARY", hides=_PRIVATE),
        ok("alex", shows="SECRET-SUMMARY", hides=_PRIVATE),  # private even to admins
        ok("ada", query="as=everyone", hides=("SECRET-SUMMARY",)),
        ok("otto", fill=_DORA, shows="Dora leads engineering"),
        no("otto"),
        no("maya", query="as=manager"),  # previews are the owner's
        fill=_ADA,
        rule="the owner; the chain and HR read what is shared with them; others 404",
    ),
    "GET /career/{pk}/edit/": owned(ok("ada"), no("maya"), no("otto"), fill=_ADA, rule=_EDIT),
    "POST /career/{pk}/edit/": owned(
        ok("ada", 302), no("maya"), no("otto"), fill=_ADA, body=_profile, rule=_EDIT
    ),
    "GET /career/{pk}/visibility/": owned(ok("ada"), no("maya"), no("otto"), fill=_ADA, rule=_EDIT),
    "POST /career/{pk}/visibility/": owned(
        ok("ada", 302), no("maya"), no("otto"), fill=_ADA, body=_visibility, rule=_EDIT
    ),
    "GET /career/{pk}/skills/": owned(
        ok("ada", shows="Python"),
        ok("maya", shows="Python"),
        no("otto"),
        no("otto", fill=_DORA),
        fill=_ADA,
    ),
    "GET /career/{pk}/skills/search/": owned(
        ok("ada"), no("maya"), no("otto"), fill=_ADA, query="q=Py", rule=_EDIT
    ),
    "POST /career/{pk}/skills/add/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        fill=_ADA,
        body={"skill": Ref("sql"), "level": "3", "appetite": "grow"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/skills/{skill_id}/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "skill_id": "python"},
        body={"level": "5", "appetite": "grow"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/skills/{skill_id}/remove/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "skill_id": "python"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/skills/{skill_id}/confirm/": owned(
        ok("maya", 302),
        no("ada"),
        no("hana"),
        no("otto"),
        fill={"pk": "ada", "skill_id": "python"},
        body={"level": "4"},
        rule="only someone above the person in the chain confirms a level",
    ),
    "GET /career/{pk}/map/": owned(
        ok("ada", shows="SECRET-GOAL"),
        ok("maya", shows="SECRET-GOAL"),
        no("otto"),
        no("otto", fill=_DORA),
        fill=_ADA,
    ),
    "POST /career/{pk}/map/share/": owned(
        ok("ada", 302), no("maya"), no("otto"), fill=_ADA, rule=_EDIT
    ),
    "POST /career/{pk}/goals/add/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        fill=_ADA,
        body={"title": "Probe goal", "horizon": "short", "status": "planned"},
        rule=_EDIT,
    ),
    "GET /career/{pk}/goals/{goal_id}/": owned(
        ok("ada", shows="SECRET-GOAL"),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "goal_id": "ada_goal"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/goals/{goal_id}/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "goal_id": "ada_goal"},
        body={"title": "Probe goal", "horizon": "long", "status": "active"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/goals/{goal_id}/delete/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "goal_id": "ada_goal"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/goals/{goal_id}/actions/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "goal_id": "ada_goal"},
        body=_prefixed("g", "ada_goal", {"kind": "learn", "title": "Probe", "status": "planned"}),
        rule=_EDIT,
    ),
    "POST /career/{pk}/goals/{goal_id}/proposals/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "goal_id": "ada_goal"},
        body={"accept": Ref("sql")},
        rule=_EDIT,
    ),
    "POST /career/{pk}/goals/{goal_id}/comments/": owned(
        ok("maya", 302),
        ok("ada", 302),
        no("hana"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "goal_id": "ada_goal"},
        body=_prefixed("c", "ada_goal", {"body": "Probe comment"}),
        rule="the owner and the chain above them, on a map shared with them",
    ),
    "POST /career/{pk}/actions/{action_id}/status/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "action_id": "ada_action"},
        body={"status": "done"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/actions/{action_id}/checkpoints/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "action_id": "ada_action"},
        body=_prefixed("a", "ada_action", {"title": "Probe", "due": _SOON}),
        rule=_EDIT,
    ),
    "POST /career/{pk}/checkpoints/{checkpoint_id}/toggle/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "checkpoint_id": "ada_checkpoint"},
        rule=_EDIT,
    ),
    "GET /career/{pk}/checkins/": owned(
        ok("ada", shows="Career OS"), ok("maya"), no("otto"), no("otto", fill=_DORA), fill=_ADA
    ),
    "POST /career/{pk}/checkins/": owned(
        ok("ada", 302), no("maya"), no("otto"), fill=_ADA, body=_checkin, rule=_EDIT
    ),
    "POST /career/{pk}/checkins/next-step/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        fill=_ADA,
        body={"muscle": "learning", "index": "0"},
        rule=_EDIT,
    ),
    "GET /career/{pk}/time/": owned(
        ok("ada"), ok("maya"), no("otto"), no("otto", fill=_DORA), fill=_ADA
    ),
    "GET /career/{pk}/time/{year}/": owned(
        ok("ada", shows="December"),
        ok("maya"),
        no("otto"),
        no("otto", fill={"pk": "dora"}),
        no("ada", fill={"year": 1900}),
        fill={"pk": "ada", "year": timezone.localdate().year},
    ),
    "POST /career/{pk}/time/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        fill=_ADA,
        body={"date": _TODAY, "hours": "2", "activity": "Probe"},
        rule=_EDIT,
    ),
    "GET /career/{pk}/accomplishments/": owned(
        ok("ada", shows="SECRET-ACCOMPLISHMENT"),
        ok("maya", shows="SECRET-ACCOMPLISHMENT"),
        no("otto"),
        ok("otto", fill=_DORA),
        fill=_ADA,
    ),
    "POST /career/{pk}/accomplishments/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        fill=_ADA,
        body={"title": "Probe", "date": _TODAY, "visibility": "manager"},
        rule=_EDIT,
    ),
    "GET /career/{pk}/accomplishments/{item_id}/": owned(
        ok("ada", shows="SECRET-ACCOMPLISHMENT"),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "item_id": "ada_accomplishment"},
        rule=_EDIT,
    ),
    "POST /career/{pk}/accomplishments/{item_id}/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        no("otto", fill={"pk": "otto"}),
        fill={"pk": "ada", "item_id": "ada_accomplishment"},
        body={"delete": "1"},
        rule=_EDIT,
    ),
    "GET /career/{pk}/deck/": owned(
        ok("ada", shows="SECRET-GOAL"),
        ok("maya", hides=_PRIVATE),
        no("otto"),
        ok("otto", fill=_DORA, shows="Dora leads engineering"),
        fill=_ADA,
    ),
    "GET /career/{pk}/deck.pptx": owned(
        ok("ada", shows="SECRET-GOAL"),
        ok("maya", shows="SECRET-GOAL", hides=_PRIVATE),
        no("otto"),
        ok("otto", fill=_DORA, shows="Dora leads engineering"),
        fill=_ADA,
    ),
    "GET /career/{pk}/deck.pdf": owned(
        ok("ada", shows="SECRET-GOAL"),
        ok("maya", shows="SECRET-GOAL", hides=_PRIVATE),
        no("otto"),
        ok("otto", fill=_DORA, shows="Dora leads engineering"),
        fill=_ADA,
    ),
}

_NOTE = "read by its author and, when shared, by the employee; nobody else (not HR, not the chain)"
_TALK = {"pk": "maya_talk"}
_PLAN = {"pk": "maya_plan"}
_LOG = {
    "when": _EARLIER,
    "kind": "informal",
    "summary": "Probe notes",
    "visibility": "shared",
    "item-0-kind": "push:skills",
    "item-0-text": "Probe item",
}
_PARTNER = "one's reports, paired buddies or mentees, and HR for anyone; others 404"

_TALKS: dict[str, Route] = {
    "GET /talks/": mine(ok("maya", shows="Ada Lovelace"), ok("otto", hides=("Lovelace",))),
    "GET /talks/with/{person_pk}/new/": owned(
        ok("maya"),
        ok("hana"),
        # The prep sheet's "offer this" link pre-fills an open opportunity, never a draft.
        ok("maya", query="opportunity={maya_opp}", shows="Storage metrics"),
        ok("maya", query="opportunity={hr_draft}", hides=("SECRET-HR-DRAFT",)),
        no("otto"),
        no("ada", fill={"person_pk": "maya"}),
        fill={"person_pk": "ada"},
        rule=_PARTNER,
    ),
    "POST /talks/with/{person_pk}/new/": owned(
        ok("maya", 302), no("otto"), fill={"person_pk": "ada"}, body=_LOG, rule=_PARTNER
    ),
    "GET /talks/with/{person_pk}/plan/": owned(
        ok("maya"), no("otto"), fill={"person_pk": "ada"}, rule=_PARTNER
    ),
    "POST /talks/with/{person_pk}/plan/": owned(
        ok("maya", 302),
        no("otto"),
        fill={"person_pk": "ada"},
        body={"when": _LATER, "kind": "one_on_one", "duration": "30", "visibility": "shared"},
        rule=_PARTNER,
    ),
    "GET /talks/with/{person_pk}/prep/": owned(
        ok("maya", shows="SECRET-TALK-SUMMARY"),
        no("otto"),
        no("ada", fill={"person_pk": "maya"}),
        fill={"person_pk": "ada"},
        rule=_PARTNER,
    ),
    "GET /talks/row/": public(ok("otto"), query="n=3&kind=item"),
    "GET /talks/{pk}/": owned(
        ok("maya", shows="SECRET-TALK-SUMMARY"),
        ok("ada", shows="SECRET-TALK-SUMMARY"),
        no("dora"),
        no("hana"),
        no("alex"),
        no("otto"),
        ok("maya", fill={"pk": "maya_private"}, shows="SECRET-PRIVATE-NOTE"),
        no("ada", fill={"pk": "maya_private"}),
        fill=_TALK,
        rule=_NOTE,
    ),
    "GET /talks/{pk}/invite.ics": owned(
        ok("maya", shows="BEGIN:VCALENDAR"),
        ok("ada"),
        no("hana"),
        no("otto"),
        fill=_PLAN,
        rule=_NOTE,
    ),
    "GET /talks/{pk}/held/": owned(
        ok("maya"), no("ada"), no("otto"), fill=_PLAN, rule="the author of a planned one"
    ),
    "POST /talks/{pk}/held/": owned(
        ok("maya", 302),
        no("ada"),
        no("otto"),
        fill=_PLAN,
        body={**_LOG, "kind": "one_on_one"},
        rule="the author of a planned one",
    ),
    "GET /talks/{pk}/prework/": owned(
        ok("ada"), no("maya"), no("otto"), fill=_PLAN, rule="the employee invited only"
    ),
    "POST /talks/{pk}/prework/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        fill=_PLAN,
        body={"learned": "Probe", "enjoy": "Probe", "next_role": "Probe"},
        rule="the employee invited only",
    ),
    "POST /talks/items/{pk}/{decision}/": owned(
        ok("ada", 302),
        no("maya"),
        no("hana"),
        no("otto"),
        fill={"pk": "maya_talk_item", "decision": "accept"},
        rule="the employee the shared notes are about",
    ),
    "POST /talks/followups/{pk}/done/": owned(
        ok("ada", 302),
        ok("maya", 302),
        no("hana"),
        no("otto"),
        fill={"pk": "maya_talk_followup"},
        rule="its owner or the author of the notes",
    ),
    "GET /talks/coverage/": owned(
        ok("maya", shows="Last six months"), no("otto"), no("ada"), rule="managers"
    ),
    "GET /talks/coverage/managers/": owned(
        ok("hana", shows="Smaller teams"), ok("alex"), no("maya"), no("otto"), rule=_HR
    ),
    "POST /talks/coverage/goal/": owned(
        ok("maya", 302), no("otto"), body={"unplanned_per_month": "3"}, rule="managers"
    ),
    "GET /talks/guide/": owned(ok("maya"), ok("hana"), no("otto"), rule="managers and HR"),
    "POST /talks/guide/add/": owned(
        ok("hana", 302),
        no("maya"),
        no("otto"),
        body={"area": "self", "kind": "ask", "text": "Probe question?"},
        rule="HR partners",
    ),
    "GET /talks/guide/{pk}/edit/": owned(
        ok("hana"), no("maya"), no("otto"), fill={"pk": "question"}, rule="HR partners"
    ),
    "POST /talks/guide/{pk}/edit/": owned(
        ok("hana", 302),
        no("maya"),
        no("otto"),
        fill={"pk": "question"},
        body={"action": "retire"},
        rule="HR partners",
    ),
    "GET /talks/feedback/": mine(ok("ada"), ok("maya", shows="Lovelace"), ok("otto")),
    "POST /talks/feedback/": mine(
        ok("ada", 302), ok("otto", 302), body={"emails": "maya@example.com", "note": "Probe"}
    ),
    "GET /talks/feedback/{pk}/": owned(
        ok("ada", shows="SECRET-FEEDBACK-ANSWER"),
        no("maya"),
        no("dora"),
        no("otto"),
        fill={"pk": "ada_feedback"},
        rule="the requester only",
    ),
    "GET /talks/feedback/{pk}/answer/": owned(
        ok("dora", shows="SECRET-FEEDBACK-NOTE"),
        no("ada"),
        no("otto"),
        fill={"pk": "ada_feedback"},
        rule="each colleague asked, for their own answer",
    ),
    "POST /talks/feedback/{pk}/answer/": owned(
        ok("dora", 302),
        no("ada"),
        no("otto"),
        fill={"pk": "ada_feedback"},
        body={"known_for": "Probe"},
        rule="each colleague asked, for their own answer",
    ),
    "POST /talks/items/{pk}/to-profile/": owned(
        ok("ada", 302),
        no("maya"),
        no("hana"),
        no("otto"),
        fill={"pk": "ada_strength_item"},
        body={"field": "known_for", "visibility": "manager"},
        rule="the employee the accepted item is about",
    ),
    "POST /talks/feedback/answers/{pk}/pull/": owned(
        ok("ada", 302),
        no("maya"),
        no("otto"),
        fill={"pk": "ada_feedback_answer"},
        body={"text": "Probe"},
        rule="the requester only",
    ),
}

_OPP = {"pk": "maya_opp"}
_DRAFT = {"pk": "maya_draft"}
_CONFIDENTIAL = {"pk": "ada_confidential_interest"}
_MANAGE = "the owner, HR and admins; anyone else 404"
_MARKET_HR = "HR partners and admins only"
_OPPORTUNITY = {
    "kind": "gig",
    "title": "Probe gig",
    "unit": Ref("team"),
    "capacity": "1",
    "hours_per_week": "2",
    "min_months_in_role": "0",
    "skills-TOTAL_FORMS": "1",
    "skills-INITIAL_FORMS": "0",
    "skills-0-skill": Ref("python"),
    "skills-0-min_level": "3",
    "skills-0-weight": "3",
    "skills-0-required": "on",
}

_PROPOSAL = {"pk": "ada_proposal"}
_PROPOSAL_READERS = "the proposer, the sponsor, HR and admins; anyone else (her manager too) 404"
_PROPOSAL_FORM = {
    "title": "Probe project",
    "sponsor": Ref("dora"),
    "problem": "Probe pain",
    "solution": "Probe fix",
    "skills_needed": Ref("python"),
    "hours_per_week": "2",
    "extra_seats": "0",
}
_PROPOSALS: dict[str, Route] = {
    "GET /market/proposals/": mine(
        ok("ada", shows="Storage cost dashboard"),
        ok("dora", shows="Storage cost dashboard"),
        ok("otto", hides=("Storage cost dashboard",)),
    ),
    "GET /market/proposals/new/": mine(ok("ada"), ok("otto")),
    "POST /market/proposals/new/": mine(
        ok("ada", 302),
        ok("otto", 302),
        # Bad input comes back with the field, nothing written.
        ok("otto", 400, body={**_PROPOSAL_FORM, "hours_per_week": "99"}, changes=False),
        body=_PROPOSAL_FORM,
    ),
    "GET /market/proposals/{pk}/": owned(
        ok("ada", shows="SECRET-PROPOSAL"),
        ok("dora", shows="SECRET-PROPOSAL"),
        ok("hana", shows="SECRET-PROPOSAL"),
        no("maya"),
        no("otto"),
        fill=_PROPOSAL,
        rule=_PROPOSAL_READERS,
    ),
    "GET /market/proposals/{pk}/edit/": owned(
        ok("ada"), no("dora"), no("hana"), no("otto"), fill=_PROPOSAL, rule="the proposer only"
    ),
    "POST /market/proposals/{pk}/edit/": owned(
        ok("ada", 302),
        no("dora"),
        no("otto"),
        fill=_PROPOSAL,
        body=_PROPOSAL_FORM,
        rule="the proposer only",
    ),
    "POST /market/proposals/{pk}/decide/": owned(
        ok("dora", 302),
        no("ada"),
        no("hana"),
        no("otto"),
        # Declining without a reason is refused on the field.
        ok("dora", 400, body={"decision": "decline"}, changes=False),
        fill=_PROPOSAL,
        body={"decision": "approve"},
        rule="the sponsor only",
    ),
    "POST /market/proposals/{pk}/withdraw/": owned(
        ok("ada", 302), no("dora"), no("otto"), fill=_PROPOSAL, rule="the proposer only"
    ),
}

_DECK = {"pk": "ada_deck"}
_REVIEW_FORM = {
    "title": "Probe review",
    "on": _SOON,
    "reviewers": Ref("dora"),
    "participants": Ref("ada"),
}
_REVIEWS: dict[str, Route] = {
    "GET /career/reviews/": mine(
        ok("ada", shows="Storage deck review"),
        ok("dora", shows="Storage deck review"),
        ok("otto", hides=("Storage deck review",)),
    ),
    "GET /career/reviews/new/": owned(
        ok("maya"), ok("hana"), no("ada"), no("otto"), rule="leaders and HR"
    ),
    "POST /career/reviews/new/": owned(
        ok("maya", 302),
        ok("hana", 302, body={**_REVIEW_FORM, "participants": Ref("otto")}),
        # A leader invites their own line only: refused on the field.
        ok("maya", 400, body={**_REVIEW_FORM, "participants": Ref("otto")}, changes=False),
        no("ada"),
        no("otto"),
        body=_REVIEW_FORM,
        rule="leaders for their own reporting line, HR for anyone",
    ),
    "GET /career/reviews/{pk}/": owned(
        ok("maya"),
        ok("ada"),
        ok("dora"),
        ok("hana"),
        no("otto"),
        fill={"pk": "deck_review"},
        rule="the organizer, the panel, those invited, HR and admins",
    ),
    "GET /career/reviews/decks/{pk}/": owned(
        ok("ada", shows="SECRET-DECK-FEEDBACK", hides=_PRIVATE),
        ok("dora", shows="SECRET-SUMMARY", hides=_PRIVATE),
        no("maya"),
        no("otto"),
        fill=_DECK,
        rule="the person and the panel (once submitted); the organizer too reads no deck",
    ),
    "POST /career/reviews/decks/{pk}/submit/": owned(
        # Submitted already in the world: the person is let in and told so.
        ok("ada", 302, changes=False),
        no("dora", 302),
        no("maya"),
        no("otto"),
        fill=_DECK,
        rule="the person invited",
    ),
    "POST /career/reviews/decks/{pk}/feedback/": owned(
        ok("hana", 302),
        ok("dora", 400, body={"text": ""}, changes=False),
        no("ada"),
        no("maya"),
        no("otto"),
        fill=_DECK,
        body={"text": "Probe comment"},
        rule="the panel only",
    ),
}

_MARKET: dict[str, Route] = {
    "GET /market/": public(ok("otto", shows="Storage metrics", hides=("SECRET-DRAFT",))),
    "GET /market/for-you/": mine(ok("ada"), ok("otto")),
    "POST /market/for-you/learn/{skill_pk}/": mine(
        ok("ada", 302),
        ok("otto", 302),
        fill={"skill_pk": "python"},
        body={"opportunity": Ref("maya_draft")},
        rule="adds to the caller's own map; a draft named in the body must not leak its title",
    ),
    "GET /market/opt-in/": mine(ok("ada"), ok("otto")),
    "POST /market/opt-in/": mine(
        ok("ada", 302), ok("otto", 302), body={"digest": "weekly", "mentor_capacity": "1"}
    ),
    "GET /market/mine/": mine(ok("maya", shows="SECRET-DRAFT"), ok("otto")),
    "GET /market/new/": owned(ok("maya"), ok("hana"), no("otto"), rule="managers and HR"),
    "POST /market/new/": owned(
        ok("maya", 302),
        no("otto"),
        no("maya", 400, body={**_OPPORTUNITY, "unit": Ref("other_team")}),
        body=_OPPORTUNITY,
        rule="managers for their own unit and below, HR for any",
    ),
    "GET /market/{pk}/": owned(
        ok("maya", shows="SECRET-DRAFT"),
        ok("hana", shows="SECRET-DRAFT"),
        no("otto"),
        no("ada"),
        no("maya", fill={"pk": "hr_draft"}),
        ok("otto", fill=_OPP, shows="Storage metrics"),
        fill=_DRAFT,
        rule="open opportunities for everyone; drafts for the owner, HR and admins",
    ),
    "GET /market/{pk}/edit/": owned(
        ok("maya"), ok("hana"), no("ada"), no("otto"), fill=_OPP, rule=_MANAGE
    ),
    "POST /market/{pk}/edit/": owned(
        ok("maya", 302),
        no("ada"),
        no("otto"),
        no("maya", fill={"pk": "hr_opp"}),
        fill=_OPP,
        body=_OPPORTUNITY,
        rule=_MANAGE,
    ),
    "POST /market/{pk}/status/{action}/": owned(
        ok("maya", 302),
        ok("hana", 302),
        no("ada"),
        no("otto"),
        fill={"pk": "maya_draft", "action": "publish"},
        rule=_MANAGE,
    ),
    "POST /market/{pk}/interest/": owned(
        ok("otto", 302, fill=_OPP),
        no("otto"),
        no("ada"),
        fill=_DRAFT,
        body={"note": "Probe"},
        rule="anyone on an open opportunity; a draft is a 404",
    ),
    "GET /market/{pk}/candidates/": owned(
        ok("maya", shows="Lovelace", hides=("Dora",)),  # opted-in people only
        ok("hana"),
        no("ada"),
        no("otto"),
        no("maya", fill={"pk": "hr_opp"}),
        fill=_OPP,
        rule=_MANAGE,
    ),
    "POST /market/{pk}/candidates/{person_pk}/invite/": owned(
        ok("maya", 302),
        no("ada"),
        no("otto"),
        no("maya", 302, fill={"pk": "maya_opp", "person_pk": "dora"}),  # not opted in
        fill={"pk": "maya_opp", "person_pk": "otto"},
        rule=_MANAGE,
    ),
    "GET /market/interests/{pk}/": owned(
        ok("ada", shows="SECRET-INTEREST-NOTE"),
        ok("maya"),
        ok("dora"),
        no("otto"),
        ok("ada", fill=_CONFIDENTIAL),
        ok("hana", fill=_CONFIDENTIAL),
        no("maya", fill=_CONFIDENTIAL),
        no("dora", fill=_CONFIDENTIAL),
        fill={"pk": "ada_interest"},
        rule="the candidate, the owner, HR, and the candidate's chain unless confidential",
    ),
    "POST /market/interests/{pk}/move/": owned(
        ok("maya", 302),
        ok("ada", 302, body={"to": "withdrawn"}),
        no("otto"),
        # Those who may read it but not run the workflow get the page back with the reason.
        no("ada", 302),
        no("dora", 302),
        fill={"pk": "ada_interest"},
        body={"to": "shortlisted"},
        rule="the owner and HR move it along; the candidate withdraws; others 404",
    ),
    "GET /market/rounds/": owned(ok("hana"), no("maya"), no("otto"), rule=_MARKET_HR),
    "GET /market/rounds/new/": owned(ok("hana"), no("maya"), no("otto"), rule=_MARKET_HR),
    "POST /market/rounds/new/": owned(
        ok("hana", 302),
        no("maya"),
        no("otto"),
        body={"step": "run", "name": "Probe round", "opportunities": Ref("maya_opp")},
        rule=_MARKET_HR,
    ),
    "GET /market/rounds/{pk}/": owned(
        ok("hana"), no("maya"), no("otto"), fill={"pk": "round"}, rule=_MARKET_HR
    ),
    "GET /market/rounds/runs/{pk}/": owned(
        ok("hana", shows="Matching… (1 of 3 steps done)"),
        no("alex"),
        no("otto"),
        fill={"pk": "hana_round_work"},
        rule="the HR partner who started the round; nobody else, other HR included",
    ),
    "POST /market/rounds/{pk}/adjust/": owned(
        ok("hana", 302),
        no("maya"),
        no("otto"),
        fill={"pk": "round"},
        body=lambda w: {"pair": f"{w.ids['ada']}:{w.ids['maya_opp']}", "action": "exclude"},
        rule=_MARKET_HR,
    ),
    "POST /market/rounds/{pk}/publish/": owned(
        ok("hana", 302), no("maya"), no("otto"), fill={"pk": "round"}, rule=_MARKET_HR
    ),
    "GET /market/hoarding/": owned(ok("hana"), no("maya"), no("otto"), rule=_MARKET_HR),
    "GET /market/pairing/": owned(ok("hana"), no("maya"), no("otto"), rule=_MARKET_HR),
    "POST /market/pairing/": owned(
        ok("hana", 302, changes=False), no("otto"), body={"kind": "buddy"}, rule=_MARKET_HR
    ),
    "GET /market/pairing/{pk}/": owned(
        ok("hana"), no("maya"), no("otto"), fill={"pk": "pairing_round"}, rule=_MARKET_HR
    ),
    "GET /market/pairs/": mine(
        ok("dora", shows="Alex"), ok("ada", shows="SECRET-ASK"), ok("otto", hides=("Alex",))
    ),
    "GET /market/pairs/ask/": mine(ok("ada"), ok("otto")),
    "POST /market/pairs/ask/": mine(
        ok("otto", 302),
        # Asking twice for the same skill, or for too many hours: refused on the field.
        ok(
            "ada",
            400,
            body={"skill": Ref("sql"), "goal": "Again", "hours_per_month": "2"},
            changes=False,
        ),
        ok(
            "otto",
            400,
            body={"skill": Ref("sql"), "goal": "Probe", "hours_per_month": "99"},
            changes=False,
        ),
        body={"skill": Ref("sql"), "goal": "Probe", "hours_per_month": "2"},
    ),
    "POST /market/pairs/asks/{pk}/withdraw/": owned(
        ok("ada", 302), no("maya"), no("otto"), fill={"pk": "ada_ask"}, rule="the person who asked"
    ),
    "POST /market/pairs/{pk}/answer/": owned(
        ok("dora", 302),
        ok("alex", 302, body={"answer": "decline", "reason": "No time this quarter"}),
        no("ada"),
        no("otto"),
        fill={"pk": "dora_pair"},
        body={"answer": "accept"},
        rule="the two people paired; anyone else 404",
    ),
    **_PROPOSALS,
}

# The privacy officer's pages: admins here (tests/org/test_privacy_officer.py gives the role
# to an HR partner); HR without the role and everyone else get the 404 of a missing page.
_PRIVACY_RULE = "privacy officers and admins only"
_PRIVACY: dict[str, Route] = {
    "GET /privacy/audit/": owned(
        ok("alex", shows="Audit trail"), no("hana"), no("otto"), no(None, 302), rule=_PRIVACY_RULE
    ),
    "GET /privacy/erase/{pk}/": owned(
        ok("alex", shows="is still active"),
        no("hana"),
        no("otto"),
        no(None, 302),
        fill={"pk": "ada"},
        rule=_PRIVACY_RULE,
    ),
    "POST /privacy/erase/{pk}/": owned(
        ok("alex", 409, changes=False, shows="is still active"),
        no("hana"),
        no("otto"),
        no(None, 302),
        fill={"pk": "ada"},
        body={"confirm": "E-ada"},
        rule=_PRIVACY_RULE,
    ),
}

_INSIGHTS: dict[str, Route] = {
    "GET /insights/": owned(ok("hana"), ok("alex"), no("maya"), no("otto"), rule=_HR),
    "GET /insights/pulse/": owned(
        ok("hana", shows="Probe pulse"), ok("alex"), no("maya"), no("otto"), rule=_HR
    ),
    "GET /insights/pulse/new/": owned(ok("hana"), no("maya"), no("otto"), rule=_HR),
    "POST /insights/pulse/new/": owned(
        ok("hana", 302),
        no("maya"),
        no("otto"),
        body={"title": "New pulse", "opens_on": _TODAY, "closes_on": _SOON},
        rule=_HR,
    ),
    # One answer is under five: HR sees neither its score nor its comment.
    "GET /insights/pulse/{pk}/": owned(
        ok("hana", shows="fewer than 5", hides=("SECRET-PULSE",)),
        ok("hana", query="department=0", hides=("SECRET-PULSE",)),
        no("maya"),
        no("otto"),
        fill={"pk": "answered_pulse"},
        rule=_HR,
    ),
    "GET /pulse/": mine(ok("ada", shows="SECRET-PULSE"), ok("otto", shows="Probe pulse")),
    "GET /pulse/{pk}/answer/": public(
        ok("otto", shows="I learn here"),
        no("otto", fill={"pk": "closed_pulse"}),
        fill={"pk": "pulse"},
    ),
    "POST /pulse/{pk}/answer/": public(
        ok("otto", 302),
        ok("ada", 302),
        no("ada", 400, fill={"pk": "answered_pulse"}),
        no("otto", fill={"pk": "closed_pulse"}),
        fill={"pk": "pulse"},
        body={"core": "4"},
        rule="anyone answers an open pulse, once",
    ),
}

_CYCLE_FORM = {
    "kind": "calibration",
    "title": "Probe calibration",
    "starts_on": _TODAY,
    "ends_on": _SOON,
    "criteria_url": "https://wiki.example.com/criteria",
}
_CYCLES: dict[str, Route] = {
    "GET /cycles/": public(ok("otto", shows="Probe review")),
    "GET /cycles/mine.ics": mine(ok("ada", shows="Probe review"), ok("otto", shows="Probe review")),
    "GET /cycles/new/": owned(ok("hana"), no("maya"), no("otto"), rule=_HR),
    "POST /cycles/new/": owned(ok("hana", 302), no("maya"), no("otto"), body=_CYCLE_FORM, rule=_HR),
    "GET /cycles/{pk}/edit/": owned(
        ok("hana", shows="Probe review"), no("otto"), fill={"pk": "cycle"}, rule=_HR
    ),
    "POST /cycles/{pk}/edit/": owned(
        ok("hana", 302), no("maya"), no("otto"), fill={"pk": "cycle"}, body=_CYCLE_FORM, rule=_HR
    ),
    "POST /cycles/{pk}/delete/": owned(
        ok("hana", 302), no("maya"), no("otto"), fill={"pk": "cycle"}, rule=_HR
    ),
}

_PAGE_FORM = {"title": "Probe page", "body": "Some **text**", "position": "0"}
_ORIENTATION: dict[str, Route] = {
    "GET /orientation/": public(ok("otto", shows="Probe orientation")),
    "GET /orientation/new/": owned(ok("hana"), no("maya"), no("otto"), rule=_HR),
    "POST /orientation/new/": owned(
        ok("hana", 302), no("maya"), no("otto"), body=_PAGE_FORM, rule=_HR
    ),
    "GET /orientation/{pk}/": public(
        ok("otto", shows="<strong>internal mobility</strong>"), fill={"pk": "orientation_page"}
    ),
    "GET /orientation/{pk}/edit/": owned(
        ok("hana"), no("maya"), no("otto"), fill={"pk": "orientation_page"}, rule=_HR
    ),
    "POST /orientation/{pk}/edit/": owned(
        ok("hana", 302),
        no("maya"),
        no("otto"),
        fill={"pk": "orientation_page"},
        body=_PAGE_FORM,
        rule=_HR,
    ),
    "POST /orientation/steps/{step}/done/": owned(
        ok("ada", 302),
        no("otto"),
        no("ada", fill={"step": "profile"}),
        fill={"step": "mobility_policy"},
        rule="a new joiner ticks their own step; others have no checklist (404)",
    ),
    "GET /orientation/people/{pk}/": owned(
        ok("ada", shows="Read the internal mobility policy"),
        ok("maya", shows="Read the internal mobility policy"),
        ok("hana"),
        no("otto"),
        fill=_ADA,
        rule="the person, their management chain and HR",
    ),
}

_SCIM_FILL = {"pk": "ada", "name": "User", "urn": "probe", "rest": "Groups"}

# Logging in and recovering a password are for anonymous visitors, and browsers post CSP
# reports without a session; the API's schema and docs need a login.
_PUBLIC: dict[str, Route] = {
    "GET /accounts/login/": public(ok(None)),
    "POST /accounts/logout/": public(ok(None, 302, changes=False)),
    "GET /accounts/password-reset/": public(ok(None)),
    "GET /accounts/password-reset/sent/": public(ok(None)),
    "GET /accounts/reset/{uidb64}/{token}/": public(
        ok(None), fill={"uidb64": "MQ", "token": "set-password"}
    ),
    "GET /accounts/reset/done/": public(ok(None)),
    # Single sign-on is off here (no TRELLIS_OIDC_ISSUER): both pages answer 404.
    # tests/identity/test_sso.py covers them against a real provider.
    "GET /sso/login/": public(ok(None, 404), ok("otto", 404)),
    "GET /sso/callback/": public(ok(None, 404), query="code=probe&state=probe"),
    # SCIM answers only its own bearer tokens (tests/identity/test_scim*.py): a session,
    # even an admin's, is refused like no credentials at all.
    **{
        f"{method} /scim/v2/{path}": public(
            ok(None, 401, changes=False),
            ok("alex", 401, changes=False),
            fill={k: v for k, v in _SCIM_FILL.items() if "{" + k + "}" in path},
        )
        for method, path in (
            ("GET", "ServiceProviderConfig"),
            ("GET", "ResourceTypes"),
            ("GET", "ResourceTypes/{name}"),
            ("GET", "Schemas"),
            ("GET", "Schemas/{urn}"),
            ("GET", "Users"),
            ("POST", "Users"),
            ("GET", "Users/{pk}"),
            ("PUT", "Users/{pk}"),
            ("PATCH", "Users/{pk}"),
            ("DELETE", "Users/{pk}"),
            ("POST", ".search"),
            ("GET", "{rest}"),
        )
    },
    "GET /api/v1/": public(ok(None), ok("otto")),  # an index of links, no data
    "GET /api/v1/openapi.json": owned(ok("otto"), no(None, 401), rule="anyone logged in"),
    "GET /api/v1/docs": owned(ok("otto"), no(None, 302), rule="anyone logged in"),
    # Load balancers probe these without a session; they say only "ok" or which check failed.
    "GET /health/": public(ok(None, json={"status": "ok"}), ok("otto")),
    "GET /health/ready/": public(ok(None, json={"status": "ok"}), ok("otto")),
    "POST /csp-report/": public(
        ok(None, 204, changes=False),
        body={"csp-report": {"document-uri": "http://testserver/", "violated-directive": "x"}},
        as_json=True,
    ),
}

# Global search: directory facts, roles, skills, open opportunities and pages for anyone signed
# in; never a private career section (tests/search/).
_SEARCH: dict[str, Route] = {
    "GET /search/": public(
        ok("otto", query="q=lovelace", shows="Ada Lovelace"),
        ok("otto", query="q=storage+engines", hides=("Ada Lovelace",)),
    ),
    "GET /search/suggest/": public(ok("otto", query="q=lovelace", shows="Ada Lovelace")),
}

ROUTES: dict[str, Route] = {
    **_ORG,
    **_SKILLS,
    **_CAREERS,
    **_REVIEWS,
    **_TALKS,
    **_MARKET,
    **_INSIGHTS,
    **_CYCLES,
    **_ORIENTATION,
    **_SEARCH,
    **_PRIVACY,
    **_PUBLIC,
}
