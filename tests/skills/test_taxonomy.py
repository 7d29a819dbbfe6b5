"""The taxonomy browser: levels, opening at a search's match, a skill's facts (counts of
people withheld under five)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.models import Person
from trellis.skills import taxonomy
from trellis.skills.models import Appetite, PersonSkill, Skill, SkillAlias, SkillCategory


@pytest.fixture
def tree(cast: Cast) -> dict[str, Skill]:
    """O*NET-like groups: Skills › Basic Skills › Reading Comprehension, and Python under
    a group of our own."""
    top = Skill.objects.create(name="Skills", onet_id="2.A", category=SkillCategory.SKILL)
    basic = Skill.objects.create(name="Basic Skills", onet_id="2.A.1", parent=top)
    reading = Skill.objects.create(name="Reading Comprehension", onet_id="2.A.1.a", parent=basic)
    SkillAlias.objects.create(skill=reading, name="Understanding written sentences")
    Skill.objects.create(name="Writing", onet_id="2.A.1.c", parent=basic)
    coding = Skill.objects.create(name="Programming languages")
    cast.python.parent = coding
    cast.python.save()
    return {"top": top, "basic": basic, "reading": reading, "coding": coding}


def _people(n: int, skill: Skill, *, level: int, appetite: str) -> None:
    for i in range(n):
        user = User.objects.create_user(username=f"p{skill.pk}-{level}-{i}", password="x" * 12)
        person = Person.objects.create(
            user=user,
            employee_id=f"T-{skill.pk}-{level}-{i}",
            first_name="Pat",
            last_name=f"N{i}",
            email=f"p{skill.pk}{level}{i}@example.com",
            hire_date=dt.date(2021, 1, 1),
        )
        PersonSkill.objects.create(person=person, skill=skill, level=level, appetite=appetite)


def test_the_tree_opens_one_level_at_a_time(
    client_for: ClientFor, cast: Cast, tree: dict[str, Skill]
) -> None:
    client = client_for(cast.otto)
    body = client.get(reverse("taxonomy_tree")).content.decode()
    assert "Skills</a>" in body and "Programming languages</a>" in body
    assert "SQL</a>" in body  # no group: at the top
    assert "Basic Skills</a>" not in body and "Python</a>" not in body
    assert "1 skill below" in body
    assert reverse("taxonomy_children", args=[tree["top"].pk]) in body
    below = client.get(reverse("taxonomy_children", args=[tree["basic"].pk])).content.decode()
    assert "Reading Comprehension</a>" in below and "Writing</a>" in below
    assert "Skills</a>" not in below.replace("Basic Skills", "")
    assert client.get(reverse("taxonomy_children", args=[999999])).status_code == 404


def test_search_opens_the_tree_at_the_match(
    client_for: ClientFor, cast: Cast, tree: dict[str, Skill]
) -> None:
    body = client_for(cast.otto).get(reverse("taxonomy_tree"), {"q": "written sentences"})
    html = body.content.decode()
    assert "Opened at Reading Comprehension" in html
    # Every group on the way is open and the match marked; its siblings are listed too.
    assert html.index("Skills</a>") < html.index("Basic Skills</a>")
    assert html.index("Basic Skills</a>") < html.index('class="match" aria-current="true">Reading')
    assert "Writing</a>" in html
    assert "Python</a>" not in html  # another branch stays closed
    assert "O*NET" in html  # the attribution of the public taxonomy shown


def test_open_a_skill_by_id_and_a_search_with_no_match(
    client_for: ClientFor, cast: Cast, tree: dict[str, Skill]
) -> None:
    client = client_for(cast.otto)
    html = client.get(reverse("taxonomy_tree"), {"open": cast.python.pk}).content.decode()
    assert "Opened at Python" in html and "Programming languages</a>" in html
    html = client.get(reverse("taxonomy_tree"), {"q": "zzzqqq"}).content.decode()
    assert "No skill matches" in html and "Top of the tree" in html
    assert client.get(reverse("taxonomy_tree"), {"open": "999999"}).status_code == 404
    assert client.get(reverse("taxonomy_tree"), {"open": "x<y"}).status_code == 200


def test_facts_show_aliases_ids_roles_and_counts_withheld_under_five(
    client_for: ClientFor, cast: Cast, tree: dict[str, Skill]
) -> None:
    client = client_for(cast.otto)
    url = reverse("taxonomy_facts", args=[cast.python.pk])
    html = client.get(url).content.decode()
    assert "Programming languages" in html  # the way down to it
    assert "Software Engineer" in html and "Senior Software Engineer" in html
    assert "Roles that ask for it</dt><dd>2:" in html
    # Ada holds Python at 4: one person, withheld.
    assert html.count("fewer than 5") == 2
    _people(5, cast.python, level=3, appetite=Appetite.GROW)
    html = client.get(url).content.decode()
    assert "People who hold it</dt><dd>6 " in html
    assert "People who want to grow it</dt><dd>5<" in html
    facts = client.get(reverse("taxonomy_facts", args=[tree["reading"].pk])).content.decode()
    assert "Understanding written sentences" in facts and "O*NET 2.A.1.a" in facts
    assert "Skills › Basic Skills" in facts and "none yet" in facts


def test_the_way_down_costs_a_fixed_number_of_queries_per_level(
    cast: Cast, tree: dict[str, Skill], django_assert_num_queries
) -> None:
    from trellis.org.access import viewer_for

    viewer = viewer_for(cast.otto.user)
    with django_assert_num_queries(2):
        taxonomy.taxonomy_level(viewer=viewer, parent=None)
    # Two levels above the match (one query each to walk up) and two queries per level shown.
    with django_assert_num_queries(2 + 3 * 2):
        nodes, _ = taxonomy.taxonomy_opened(viewer=viewer, focus=tree["reading"])
    top = next(n for n in nodes if n.skill.pk == tree["top"].pk)
    assert top.opened is not None and top.opened[0].opened is not None
    assert [n.skill.name for n in top.opened[0].opened] == ["Reading Comprehension", "Writing"]
    assert top.opened[0].opened[0].match


def test_a_cycle_made_by_hand_does_not_break_the_page(
    client_for: ClientFor, cast: Cast, tree: dict[str, Skill]
) -> None:
    Skill.objects.filter(pk=tree["top"].pk).update(parent=tree["reading"])
    response = client_for(cast.otto).get(reverse("taxonomy_tree"), {"open": tree["reading"].pk})
    assert response.status_code == 200
    assert "Opened at Reading Comprehension" in response.content.decode()


def test_the_browser_needs_a_login(client: Client, tree: dict[str, Skill]) -> None:
    assert client.get(reverse("taxonomy_tree")).status_code == 302
    assert client.get(reverse("taxonomy_facts", args=[tree["top"].pk])).status_code == 302
