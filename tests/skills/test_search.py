from __future__ import annotations

from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.access import viewer_for
from trellis.skills import selectors
from trellis.skills.models import Role, RoleAlias, Skill, SkillAlias
from trellis.skills.search import NameIndex, normalize


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("  Café-Ménagé ") == "cafe menage"
    assert normalize("C++") == "c++" and normalize("C#") == "c#"
    assert normalize("ÜBER Straße") == "uber strasse"


def test_index_finds_alias_accent_and_typo() -> None:
    index = NameIndex()
    index.add(1, "Python", preferred=True)
    index.add(2, "Structured Query Language", preferred=True)
    index.add(2, "SQL", preferred=False)
    index.add(3, "Résumé writing", preferred=True)
    assert [h.target_id for h in index.search("sql")] == [2]
    assert index.search("resume")[0].target_id == 3
    assert index.search("pyhton")[0].target_id == 1  # transposed letters
    assert index.search("strctured query")[0].target_id == 2  # a dropped letter
    assert index.search("zzzz") == []


def test_index_finds_a_typo_among_20000_names() -> None:
    # Its speed is measured by benchmarks/taxonomy.py, not here.
    index = NameIndex()
    for i in range(10_000):
        index.add(i, f"Skill number {i} of the catalogue", preferred=True)
        index.add(i, f"alias {i} management", preferred=False)
    index.add(99_999, "Kubernetes administration", preferred=True)
    hits = index.search("kubernets admin")
    assert hits[0].target_id == 99_999


def test_skill_search_by_alias_accent_and_typo(client_for: ClientFor, cast: Cast) -> None:
    SkillAlias.objects.create(skill=cast.sql, name="Structured Query Language")
    Skill.objects.create(name="Café management")
    viewer = viewer_for(cast.otto.user)
    assert [s.name for s in selectors.skill_search(viewer=viewer, q="STRUCTURED quer")] == ["SQL"]
    assert [s.name for s in selectors.skill_search(viewer=viewer, q="cafe")] == ["Café management"]
    assert [s.name for s in selectors.skill_search(viewer=viewer, q="pyton")] == ["Python"]
    body = client_for(cast.otto).get(reverse("skill_list"), {"q": "pythn"}).content.decode()
    assert reverse("skill_detail", args=[cast.python.pk]) in body


def test_role_search_by_alias(cast: Cast) -> None:
    RoleAlias.objects.create(role=cast.engineer, name="Software Developer")
    viewer = viewer_for(cast.otto.user)
    assert selectors.role_search(viewer=viewer, q="developr") == [cast.engineer]
    found = selectors.role_search(viewer=viewer, q="software engineer")
    assert found[0] == cast.engineer and cast.senior_engineer in found
    Role.objects.filter(pk=cast.engineer.pk).delete()
    assert selectors.role_search(viewer=viewer, q="developer") == []


def test_search_by_external_ids(client_for: ClientFor, cast: Cast) -> None:
    uri = "http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97"
    Skill.objects.filter(pk=cast.python.pk).update(esco_uri=uri)
    Skill.objects.filter(pk=cast.sql.pk).update(onet_id="2.C.3.a")
    Role.objects.filter(pk=cast.engineer.pk).update(external_code="15-1252.00")
    Role.objects.filter(pk=cast.senior_engineer.pk).update(
        external_code="2512.4", esco_uri="http://data.europa.eu/esco/occupation/f2b15a0e"
    )
    viewer = viewer_for(cast.otto.user)
    assert list(selectors.skill_search(viewer=viewer, q=uri)) == [cast.python]
    assert list(selectors.skill_search(viewer=viewer, q="2.c.3.A")) == [cast.sql]
    assert selectors.role_search(viewer=viewer, q="15-1252.00") == [cast.engineer]
    assert selectors.role_search(viewer=viewer, q="15-1252") == [cast.engineer]
    assert selectors.role_search(viewer=viewer, q="2512") == [cast.senior_engineer]
    assert selectors.role_search(viewer=viewer, q="se3") == [cast.senior_engineer]
    found = selectors.role_search(viewer=viewer, q="http://data.europa.eu/esco/occupation/f2b15a0e")
    assert found == [cast.senior_engineer]
    body = client_for(cast.otto).get(reverse("skill_list"), {"q": "2.C.3.a"}).content.decode()
    assert reverse("skill_detail", args=[cast.sql.pk]) in body
    body = client_for(cast.otto).get(reverse("role_list"), {"q": "15-1252"}).content.decode()
    assert 'id="role-search-results"' in body
    assert reverse("role_detail", args=[cast.engineer.pk]) in body
    assert (
        "Senior Software Engineer"
        not in body.split('id="role-search-results"')[1].split("</section>")[0]
    )
