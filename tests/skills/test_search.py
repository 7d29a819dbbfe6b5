from __future__ import annotations

import time

from django.urls import reverse

from tests.cast import Cast
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


def test_index_stays_under_50_ms_over_20000_names() -> None:
    index = NameIndex()
    for i in range(10_000):
        index.add(i, f"Skill number {i} of the catalogue", preferred=True)
        index.add(i, f"alias {i} management", preferred=False)
    index.add(99_999, "Kubernetes administration", preferred=True)
    start = time.perf_counter()
    hits = index.search("kubernets admin")
    assert time.perf_counter() - start < 0.05 * 4  # generous on a shared machine
    assert hits[0].target_id == 99_999


def test_skill_search_by_alias_accent_and_typo(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
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
