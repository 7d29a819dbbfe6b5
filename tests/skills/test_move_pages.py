"""Suggested moves where moves are shown: the role page, the lattice, the gap page, the goal
form's target-role picker; HR adopting and hiding suggestions, on the pages and in the API."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent
from trellis.skills import services
from trellis.skills.models import (
    HiddenMove,
    JobFamily,
    Role,
    RoleTransition,
    Skill,
    SkillCategory,
    TransitionKind,
)
from trellis.skills.moves import suggested_moves, suggested_targets


def _skill(name: str, category: str = SkillCategory.SKILL) -> Skill:
    return Skill.objects.get_or_create(name=name, defaults={"category": category})[0]


def _role(
    cast: Cast, code: str, title: str, family: JobFamily, level: int, description: str
) -> Role:
    return services.role_create(
        actor=cast.hana.user,
        code=code,
        title=title,
        family=family,
        level=level,
        description=description,
    )


def _require(cast: Cast, role: Role, **levels: int) -> None:
    for name, level in levels.items():
        category = SkillCategory.TOOL if name == "CRM" else SkillCategory.SKILL
        services.requirement_add(
            actor=cast.hana.user,
            role=role,
            skill=_skill(name.replace("_", " "), category),
            min_level=level,
            importance=4,
            is_required=True,
        )


@pytest.fixture
def roles(cast: Cast) -> dict[str, Role]:
    return build_roles(cast)


def build_roles(cast: Cast) -> dict[str, Role]:
    """Eight roles in three families, with requirements and descriptions, made by HR."""
    software = cast.engineer.family
    services.role_update(
        actor=cast.hana.user,
        role=cast.engineer,
        description="Writes and tests Python software services with SQL databases.",
    )
    services.role_update(
        actor=cast.hana.user,
        role=cast.senior_engineer,
        description="Designs and writes Python software services, reviews code, SQL.",
    )
    data = JobFamily.objects.create(name="Data")
    sales = JobFamily.objects.create(name="Sales")
    made = {
        "staff": _role(
            cast,
            "SE4",
            "Staff Software Engineer",
            software,
            4,
            "Designs software systems in Python, reviews code and mentors engineers.",
        ),
        "backend": _role(
            cast,
            "BD2",
            "Backend Software Developer",
            software,
            2,
            "Builds backend software services and APIs in Python with SQL.",
        ),
        "analyst": _role(
            cast,
            "DA2",
            "Data Analyst",
            data,
            2,
            "Analyses data with SQL, builds dashboards and statistical reports.",
        ),
        "scientist": _role(
            cast,
            "DS3",
            "Data Scientist",
            data,
            3,
            "Builds statistical models in Python and analyses data with SQL.",
        ),
        "account": _role(
            cast,
            "AE2",
            "Account Executive",
            sales,
            2,
            "Sells to customers, manages accounts and negotiates contracts.",
        ),
        "sales_manager": _role(
            cast,
            "SM3",
            "Sales Manager",
            sales,
            3,
            "Leads a sales team, forecasts revenue, negotiates contracts.",
        ),
    }
    _require(cast, made["staff"], Python=5, SQL=3, Code_review=4, System_design=4)
    _require(cast, made["backend"], Python=3, SQL=3, APIs=3)
    _require(cast, made["analyst"], SQL=3, Statistics=3, Dashboards=3)
    _require(cast, made["scientist"], Python=3, SQL=3, Statistics=4, Machine_learning=3)
    _require(cast, made["account"], Negotiation=4, Account_management=3, CRM=3)
    _require(cast, made["sales_manager"], Negotiation=4, People_management=3, CRM=3)
    made["engineer"], made["senior"] = cast.engineer, cast.senior_engineer
    return made


# ---------------------------------------------------------------------------------------------
# Role page
# ---------------------------------------------------------------------------------------------


def test_role_page_lists_suggestions_with_why_readiness_and_gap_links(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    response = client_for(cast.ada).get(reverse("role_detail", args=[cast.engineer.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Roles like this one" in body
    moves = response.context["moves"].suggestions
    titles = [m.role.title for m in moves]
    assert len(moves) == 6 and cast.engineer.title not in titles
    # The other software roles come first: the suggestions mean something.
    assert set(titles[:3]) == {
        "Senior Software Engineer",
        "Staff Software Engineer",
        "Backend Software Developer",
    }
    first = moves[0]
    assert first.readiness_text in body
    assert first.why in body and first.why.startswith("Rests on ")
    assert f">{first.kind_label}</span>" in body
    backend = next(m for m in moves if m.role == roles["backend"])
    # Someone at the engineer's levels meets Python (3 of 3) and nothing else of 3.
    assert backend.readiness_text == (
        "Someone in Software Engineer already meets 1 of its 3 requirements (33% ready)."
    )
    assert backend.kind == "lateral"
    assert reverse("my_gap", args=[roles["backend"].pk]) in body
    assert "My gap to Backend Software Developer" in body
    # Hand-written roles have no tools: the page says on what the suggestions rest.
    assert "This role has no tools: its suggestions rest on what else it has." in body
    # An employee gets no HR buttons.
    assert "Add to the lattice" not in body and "Hide this suggestion" not in body


def test_role_page_with_nothing_to_compare_says_so(client, db) -> None:  # type: ignore[no-untyped-def]
    family = JobFamily.objects.create(name="Solo")
    role = Role.objects.create(code="ONLY", title="Only Role", family=family, level=1)
    client.force_login(User.objects.create_user("lone", password="x" * 20))
    response = client.get(reverse("role_detail", args=[role.pk]))
    assert response.status_code == 200
    assert "No suggestions yet: there is no other role to compare this one with." in (
        response.content.decode()
    )
    assert client.get(f"/api/v1/roles/{role.pk}/moves").json() == []


def test_hr_sees_adopt_and_hide_buttons_and_curated_moves_are_marked(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    RoleTransition.objects.create(
        from_role=cast.engineer, to_role=cast.senior_engineer, kind=TransitionKind.PROMOTION
    )
    response = client_for(cast.hana).get(reverse("role_detail", args=[cast.engineer.pk]))
    body = response.content.decode()
    moves = response.context["moves"].suggestions
    senior = next(m for m in moves if m.role == cast.senior_engineer)
    assert senior.on_lattice
    assert "On the lattice" in body
    adopt = reverse("move_adopt", args=[cast.engineer.pk, cast.senior_engineer.pk])
    assert adopt not in body  # already curated: nothing to adopt
    backend = reverse("move_adopt", args=[cast.engineer.pk, roles["backend"].pk])
    assert f'action="{backend}"' in body
    assert reverse("move_hide", args=[cast.engineer.pk, roles["backend"].pk]) in body


# ---------------------------------------------------------------------------------------------
# Adopt and hide
# ---------------------------------------------------------------------------------------------


def test_adopt_creates_an_audited_lattice_edge_of_the_suggested_kind(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    client = client_for(cast.hana)
    url = reverse("move_adopt", args=[cast.engineer.pk, roles["backend"].pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0].endswith(
        reverse("role_detail", args=[cast.engineer.pk]) + "#suggested-moves"
    )
    assert "Backend Software Developer added to the lattice as a lateral move." in (
        response.content.decode()
    )
    edge = RoleTransition.objects.get(from_role=cast.engineer, to_role=roles["backend"])
    assert edge.kind == TransitionKind.LATERAL
    event = AuditEvent.objects.get(action="role_transition.create", target_id=str(edge.pk))
    assert event.actor == cast.hana.user
    assert event.detail["after"]["kind"] == "lateral"
    moves = response.context["moves"].suggestions
    assert next(m for m in moves if m.role == roles["backend"]).on_lattice
    # Twice: refused with the reason, nothing added.
    body = client.post(url, follow=True).content.decode()
    assert "A move from Software Engineer to Backend Software Developer exists." in body
    assert RoleTransition.objects.filter(from_role=cast.engineer).count() == 1


def test_a_suggested_step_back_is_adopted_as_exploratory(
    cast: Cast, roles: dict[str, Role]
) -> None:
    edge = services.move_adopt(
        actor=cast.hana.user, from_role=roles["scientist"], to_role=roles["analyst"]
    )
    assert edge.kind == TransitionKind.EXPLORATORY
    promotion = services.move_adopt(
        actor=cast.hana.user, from_role=roles["analyst"], to_role=roles["scientist"]
    )
    assert promotion.kind == TransitionKind.PROMOTION


def _suggest_moves(code: str) -> list[str]:
    out = StringIO()
    call_command("suggest_moves", "--role", code, "--top", "7", stdout=out)
    return [line.split("\t")[2] for line in out.getvalue().splitlines()]


def test_hide_removes_the_suggestion_from_the_page_and_suggest_moves_and_unhide_restores_it(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    page = reverse("role_detail", args=[cast.engineer.pk])
    before = [m.role for m in client_for(cast.ada).get(page).context["moves"].suggestions]
    assert roles["backend"] in before
    assert "BD2" in _suggest_moves("SE2")
    hana = client_for(cast.hana)
    response = hana.post(reverse("move_hide", args=[cast.engineer.pk, roles["backend"].pk]))
    assert response.status_code == 302
    hidden = HiddenMove.objects.get(from_role=cast.engineer, to_role=roles["backend"])
    assert hidden.hidden_by == cast.hana.user
    event = AuditEvent.objects.get(action="hidden_move.create")
    assert event.detail == {"from_role": cast.engineer.pk, "to_role": roles["backend"].pk}
    assert event.actor == cast.hana.user

    after = [m.role for m in client_for(cast.ada).get(page).context["moves"].suggestions]
    assert roles["backend"] not in after
    assert after[: len(before) - 1] == [r for r in before if r != roles["backend"]]
    assert "BD2" not in _suggest_moves("SE2")
    # HR still sees it, in the hidden list, and can bring it back.
    body = client_for(cast.hana).get(page).content.decode()
    assert "Hidden suggestions (1)" in body
    assert reverse("move_unhide", args=[cast.engineer.pk, roles["backend"].pk]) in body
    hana.post(reverse("move_unhide", args=[cast.engineer.pk, roles["backend"].pk]))
    assert not HiddenMove.objects.exists()
    assert AuditEvent.objects.filter(action="hidden_move.delete").count() == 1
    assert [m.role for m in client_for(cast.ada).get(page).context["moves"].suggestions] == before
    assert "BD2" in _suggest_moves("SE2")


def test_hiding_twice_or_unhiding_a_shown_move_says_why(cast: Cast, roles: dict[str, Role]) -> None:
    services.move_hide(actor=cast.hana.user, from_role=cast.engineer, to_role=roles["backend"])
    with pytest.raises(services.ArchitectureError) as exc:
        services.move_hide(actor=cast.hana.user, from_role=cast.engineer, to_role=roles["backend"])
    assert str(exc.value) == (
        "The move from Software Engineer to Backend Software Developer is already hidden."
    )
    with pytest.raises(services.ArchitectureError) as exc:
        services.move_unhide(actor=cast.hana.user, from_role=cast.engineer, to_role=roles["staff"])
    assert str(exc.value) == (
        "The move from Software Engineer to Staff Software Engineer is not hidden."
    )
    with pytest.raises(services.ArchitectureError):
        services.move_hide(actor=cast.hana.user, from_role=cast.engineer, to_role=cast.engineer)


@pytest.mark.parametrize("name", ["move_adopt", "move_hide", "move_unhide"])
def test_only_hr_may_adopt_hide_or_unhide(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role], name: str
) -> None:
    HiddenMove.objects.create(from_role=cast.engineer, to_role=roles["staff"])
    target = roles["staff"] if name == "move_unhide" else roles["backend"]
    url = reverse(name, args=[cast.engineer.pk, target.pk])
    missing = reverse(name, args=[cast.engineer.pk, 999999])
    for person in (cast.ada, cast.maya, cast.otto):
        client = client_for(person)
        refused = client.post(url)
        assert refused.status_code == 404
        assert client.post(missing).status_code == 404
    assert not RoleTransition.objects.exists()
    assert list(HiddenMove.objects.values_list("to_role_id", flat=True)) == [roles["staff"].pk]
    assert client_for(cast.alex).post(url).status_code == 302  # admins may
    assert client_for(cast.hana).post(missing).status_code == 404


# ---------------------------------------------------------------------------------------------
# Lattice
# ---------------------------------------------------------------------------------------------


def test_lattice_draws_suggested_edges_apart_and_can_hide_them(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    RoleTransition.objects.create(
        from_role=cast.engineer, to_role=cast.senior_engineer, kind=TransitionKind.PROMOTION
    )
    HiddenMove.objects.create(from_role=roles["analyst"], to_role=roles["scientist"])
    client = client_for(cast.ada)
    response = client.get(reverse("role_lattice"))
    body = response.content.decode()
    layout = response.context["layout"]
    suggested = [e for e in layout.edges if e.suggested]
    curated = [e for e in layout.edges if not e.suggested]
    assert [(e.from_id, e.to_id, e.kind) for e in curated] == [
        (cast.engineer.pk, cast.senior_engineer.pk, "promotion")
    ]
    assert suggested, "the roles alike should be linked by suggestions"
    pairs = [frozenset((e.from_id, e.to_id)) for e in suggested]
    assert len(pairs) == len(set(pairs))  # one line per pair of roles
    assert frozenset((cast.engineer.pk, cast.senior_engineer.pk)) not in pairs  # curated
    assert (roles["analyst"].pk, roles["scientist"].pk) not in {
        (e.from_id, e.to_id) for e in suggested
    }  # hidden
    for e in suggested:
        assert e.dash == "1 4" and e.width == "1.4" and e.stroke == "#8a909c"
    # At most three per role, each among its top ten and closer than average.
    per_role = suggested_targets(role_ids=[r.pk for r in roles.values()], k=10)
    for e in suggested:
        assert e.to_id in {m.to_id for m in per_role[e.from_id] if m.score > 0}
    # Nothing closer than average links software and sales here.
    sales = {roles["account"].pk, roles["sales_manager"].pk}
    software = {roles[k].pk for k in ("engineer", "senior", "staff", "backend")}
    assert not [p for p in pairs if p & sales and p & software]
    # Drawn with their own dash pattern, under the curated edges, and in the legend.
    assert body.count('class="edge edge-suggested') == len(suggested)
    assert body.index("edge-suggested") < body.index('class="edge edge-promotion"')
    assert (
        'stroke-dasharray="1 4"' in body
        and 'stroke-dasharray="1 4"'
        not in (body[body.index('class="edge edge-promotion"') :].split("/>")[0])
    )
    assert "Suggested from data (not yet on the lattice)" in body
    assert "Hide suggested moves" in body

    response = client.get(reverse("role_lattice"), {"suggested": "0"})
    body = response.content.decode()
    assert "edge-suggested" not in body and "Suggested from data" not in body
    assert 'class="edge edge-promotion"' in body
    assert "Show suggested moves too" in body and "suggested=1" in body


# ---------------------------------------------------------------------------------------------
# Gap page and goal picker
# ---------------------------------------------------------------------------------------------


def test_gap_page_lists_suggested_neighbours_apart_from_lattice_ones(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    RoleTransition.objects.create(
        from_role=cast.senior_engineer, to_role=roles["scientist"], kind=TransitionKind.LATERAL
    )
    response = client_for(cast.ada).get(reverse("my_gap", args=[cast.senior_engineer.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    neighbours = response.context["report"].neighbours
    by_role = {n.role: n for n in neighbours}
    assert len(by_role) == len(neighbours)  # deduplicated
    assert cast.senior_engineer not in by_role and cast.engineer not in by_role
    scientist = by_role[roles["scientist"]]
    assert scientist.on_lattice and "Lateral move" in scientist.kinds
    backend = by_role[roles["backend"]]
    assert backend.suggested and not backend.on_lattice
    assert "Suggested: lateral move from the current role" in backend.kinds
    expected = {
        m.to_id
        for ms in suggested_targets(
            role_ids=[cast.engineer.pk, cast.senior_engineer.pk], k=5
        ).values()
        for m in ms
    } - {cast.engineer.pk, cast.senior_engineer.pk}
    assert {n.role.pk for n in neighbours if n.suggested} == expected
    readiness = [n.gap.readiness_pct or 0 for n in neighbours]
    assert readiness == sorted(readiness, reverse=True)
    assert ">Suggested</span>" in body and ">On the lattice</span>" in body
    api = client_for(cast.ada).get(f"/api/v1/people/{cast.ada.pk}/gap/{cast.senior_engineer.pk}")
    assert [n["role_id"] for n in api.json()["neighbours"]] == [n.role.pk for n in neighbours]
    assert {n["role_id"]: n["suggested"] for n in api.json()["neighbours"]}[roles["backend"].pk]


def test_goal_form_lists_roles_close_to_yours_first(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    response = client_for(cast.ada).get(reverse("careers:map", args=[cast.ada.pk]))
    body = response.content.decode()
    close = [m.to_id for m in suggested_targets(role_ids=[cast.engineer.pk], k=5)[cast.engineer.pk]]
    assert len(close) == 5
    select = re.search(r'<select name="target_role".*?</select>', body, re.S)
    assert select is not None
    html = select.group(0)
    assert html.index('<optgroup label="Roles close to yours">') < html.index(
        '<optgroup label="All other roles">'
    )
    values = [int(v) for v in re.findall(r'<option value="(\d+)"', html)]
    assert values[:5] == close
    assert sorted(values) == sorted(Role.objects.values_list("pk", flat=True))  # each once
    assert 'id="close-roles"' in body
    # The grouped picker still takes any role.
    response = client_for(cast.ada).post(
        reverse("careers:goal_add", args=[cast.ada.pk]),
        {
            "title": "Sell",
            "horizon": "long",
            "target_role": roles["sales_manager"].pk,
            "status": "active",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_goal_form_without_a_current_role_lists_roles_as_before(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    body = client_for(cast.otto).get(reverse("careers:map", args=[cast.otto.pk])).content.decode()
    assert "Roles close to yours" not in body and 'name="target_role"' in body


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------


def test_api_lists_moves_in_the_page_order(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    client = client_for(cast.otto)
    page = client.get(reverse("role_detail", args=[cast.engineer.pk])).context["moves"]
    response = client.get(f"/api/v1/roles/{cast.engineer.pk}/moves")
    assert response.status_code == 200
    data = response.json()
    assert [d["role_id"] for d in data[:6]] == [m.role.pk for m in page.suggestions]
    assert [d["rank"] for d in data] == list(range(1, len(data) + 1))
    backend = next(d for d in data if d["role_id"] == roles["backend"].pk)
    move = next(m for m in suggested_moves(role=cast.engineer) if m.role == roles["backend"])
    assert backend == {
        "role_id": roles["backend"].pk,
        "code": "BD2",
        "title": "Backend Software Developer",
        "rank": move.rank,
        "score": move.score,
        "kind": "lateral",
        "kind_label": "Lateral move",
        "on_lattice": False,
        "why": move.why,
        "basis": move.basis,
        "shared_skills": [s.name for s in move.shared_skills],
        "shared_words": move.shared_words,
        "shared_tools": [],
        "readiness": 0.3333,
        "readiness_text": (
            "Someone in Software Engineer already meets 1 of its 3 requirements (33% ready)."
        ),
    }
    assert len(client.get(f"/api/v1/roles/{cast.engineer.pk}/moves?top=2").json()) == 2
    bad = client.get(f"/api/v1/roles/{cast.engineer.pk}/moves?top=0")
    assert bad.status_code == 422 and "top" in bad.content.decode()
    assert client.get("/api/v1/roles/999999/moves").status_code == 404


def test_api_hide_adopt_unhide_are_hr_only(
    client_for: ClientFor, cast: Cast, roles: dict[str, Role]
) -> None:
    base = f"/api/v1/roles/{cast.engineer.pk}/moves/{roles['backend'].pk}"
    for person in (cast.ada, cast.otto):
        client = client_for(person)
        for action in ("hide", "adopt", "unhide"):
            assert client.post(f"{base}/{action}").status_code == 404
    assert not HiddenMove.objects.exists() and not RoleTransition.objects.exists()

    hr = client_for(cast.hana)
    hidden = hr.post(f"{base}/hide")
    assert hidden.status_code == 201
    assert hidden.json() == {
        "from_role_id": cast.engineer.pk,
        "to_role_id": roles["backend"].pk,
        "hidden": True,
    }
    listed = hr.get(f"/api/v1/roles/{cast.engineer.pk}/moves").json()
    assert roles["backend"].pk not in [d["role_id"] for d in listed]
    again = hr.post(f"{base}/hide")
    assert again.status_code == 400
    assert again.json() == {
        "detail": "The move from Software Engineer to Backend Software Developer is already hidden."
    }
    assert hr.post(f"{base}/unhide").json()["hidden"] is False
    adopted = hr.post(f"{base}/adopt")
    assert adopted.status_code == 201
    assert adopted.json()["kind"] == "lateral"
    assert hr.post(f"{base}/adopt").json() == {
        "detail": "A move from Software Engineer to Backend Software Developer exists."
    }
    assert hr.post(f"/api/v1/roles/{cast.engineer.pk}/moves/999999/hide").status_code == 404
