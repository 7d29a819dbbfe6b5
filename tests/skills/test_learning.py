"""The learning catalog: HR curates and imports it, everyone reads it, gaps, the prep sheet
and proposed actions suggest from it, and bad links or unknown skills are refused by field
and line."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.careers import services as careers
from trellis.careers.gap import proposals_for
from trellis.careers.models import Action
from trellis.org.access import viewer_for
from trellis.org.models import AuditEvent
from trellis.skills import learning
from trellis.skills.learning_import import learning_import
from trellis.skills.models import LearningItem, PersonSkill

CSV = (
    b"title,kind,skills,effort_hours,url,description\n"
    b"SQL for analysts,course,SQL:4,12,https://example.com/sql,Joins and windows\n"
    b"Python guild,community,python:3; sql,,,\n"
    b"Bad link,book,SQL:2,,javascript:alert(1),\n"
    b"Unknown skill,course,Cobol:3,,,\n"
    b"Bad level,course,SQL:9,,,\n"
    b"Odd kind,webinar,SQL,,ftp://example.com/x,\n"
)


def _item(cast: Cast, title: str, skill_levels: list, **kw: object) -> LearningItem:
    data = learning.LearningData(title=title, kind="course", builds=skill_levels, **kw)  # type: ignore[arg-type]
    return learning.learning_create(viewer=viewer_for(cast.hana.user), data=data)


def test_import_dry_run_then_for_real_names_each_bad_row(cast: Cast) -> None:
    report = learning_import(data=CSV, dry_run=True)
    assert (report.created, report.rejected) == (2, 4) and LearningItem.objects.count() == 0
    problems = [(p.line, p.column, p.value, p.message) for p in report.sorted_problems()]
    assert problems == [
        (4, "url", "javascript:alert(1)", "Enter a link starting with http:// or https://."),
        (5, "skills", "Cobol:3", 'unknown skill "Cobol"'),
        (6, "skills", "SQL:9", 'level of "SQL" must be a whole number from 1 to 5'),
        (7, "kind", "webinar", "unknown kind; use course, internal, community, book, stretch"),
        (7, "url", "ftp://example.com/x", "Enter a link starting with http:// or https://."),
    ]
    report = learning_import(data=CSV, actor=cast.hana.user)
    assert (report.created, report.rejected) == (2, 4)
    guild = LearningItem.objects.get(title="Python guild")
    assert sorted((b.skill.name, b.level) for b in guild.builds.all()) == [
        ("Python", 3),
        ("SQL", 2),
    ]
    again = learning_import(data=CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.filter(action="skills.learning.import").count() == 2  # no dry run


def test_import_pages_preview_then_confirm(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.hana)
    url = reverse("learning_import")
    upload = SimpleUploadedFile("learning.csv", CSV, content_type="text/csv")
    page = client.post(url, {"learning": upload}).content.decode()
    assert "Dry run" in page and "<td>5</td><td>skills</td><td><code>Cobol:3</code>" in page
    assert LearningItem.objects.count() == 0
    client.post(url, {"confirm": "1"})
    assert LearningItem.objects.count() == 2
    assert client_for(cast.otto).get(url).status_code == 404


def test_hr_adds_an_item_and_bad_input_is_refused_by_field(
    cast: Cast, client_for: ClientFor
) -> None:
    url = reverse("learning_add")
    bad = {"title": "X", "kind": "course", "skills": "Cobol:2", "url": "mailto:a@b.org"}
    response = client_for(cast.hana).post(url, bad)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Unknown skill &quot;Cobol&quot;." in body and "http:// or https://" in body
    good = {**bad, "skills": "SQL:3", "url": "https://example.com/x", "is_active": "on"}
    assert client_for(cast.hana).post(url, good).status_code == 302
    item = LearningItem.objects.get()
    assert (item.url, [(b.skill, b.level) for b in item.builds.all()]) == (
        "https://example.com/x",
        [(cast.sql, 3)],
    )
    assert client_for(cast.ada).post(url, good).status_code == 404
    listing = client_for(cast.ada).get(reverse("learning_list"), {"q": "x"}).content.decode()
    assert 'href="https://example.com/x"' in listing and "Edit" not in listing


def test_inactive_items_are_hr_only_and_never_suggested(cast: Cast) -> None:
    _item(cast, "Old course", [(cast.sql, 4)], is_active=False)
    assert learning.learning_for_skills(needs={cast.sql.pk: 4}) == []
    assert list(learning.learning_list(viewer=viewer_for(cast.ada.user))) == []
    assert len(learning.learning_list(viewer=viewer_for(cast.hana.user))) == 1


def test_suggestions_reach_the_level_first_then_fewer_hours(cast: Cast) -> None:
    _item(cast, "Long SQL", [(cast.sql, 5)], effort_hours=40)
    _item(cast, "Short SQL", [(cast.sql, 4)], effort_hours=5)
    _item(cast, "Intro SQL", [(cast.sql, 2)], effort_hours=1)
    _item(cast, "Both", [(cast.sql, 4), (cast.python, 4)], effort_hours=30)
    found = learning.learning_for_skills(needs={cast.sql.pk: 4, cast.python.pk: 4})
    assert [s.item.title for s in found] == ["Both", "Short SQL", "Long SQL"]


def test_gap_prep_and_proposals_suggest_items(cast: Cast, client_for: ClientFor) -> None:
    item = _item(cast, "SQL deep dive", [(cast.sql, 4)], url="https://example.com/sql")
    gap = client_for(cast.ada).get(reverse("my_gap", args=[cast.senior_engineer.pk]))
    assert 'id="learning"' in gap.content.decode() and "SQL deep dive" in gap.content.decode()
    goal = careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Senior", target_role=cast.senior_engineer
    )
    careers.map_share(actor=cast.ada.user, person=cast.ada)
    PersonSkill.objects.filter(person=cast.ada, skill=cast.sql).delete()
    proposal = next(
        p
        for p in proposals_for(person_id=cast.ada.pk, role=cast.senior_engineer)
        if p.skill_id == cast.sql.pk
    )
    assert proposal.learning == item and "SQL deep dive" in proposal.title
    client_for(cast.ada).post(
        reverse("careers:proposals_accept", args=[cast.ada.pk, goal.pk]),
        {"accept": [str(cast.sql.pk)]},
    )
    assert Action.objects.get(skill=cast.sql).learning == item
    prep = client_for(cast.maya).get(reverse("talks:prep", args=[cast.ada.pk])).content.decode()
    assert "Learning to suggest" in prep and "SQL deep dive" in prep


def test_api(cast: Cast, client_for: ClientFor) -> None:
    hr = client_for(cast.hana)
    body = {
        "title": "API course",
        "kind": "course",
        "url": "https://example.com/a",
        "builds": [{"skill_id": cast.sql.pk, "level": 3}],
    }
    created = hr.post("/api/v1/learning", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["builds"] == [{"skill_id": cast.sql.pk, "skill": "SQL", "level": 3}]
    bad = hr.post(
        "/api/v1/learning",
        {**body, "title": "Other", "url": "javascript:x"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "url" in bad.content.decode()
    unknown = hr.post(
        "/api/v1/learning",
        {**body, "title": "Other", "builds": [{"skill_id": 999999}]},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "builds: unknown skill id 999999."}
    again = hr.post("/api/v1/learning", body, content_type="application/json")
    assert again.json() == {"detail": "title: another item has this title."}
    report = hr.post(
        "/api/v1/learning/import",
        {"csv": CSV.decode(), "dry_run": True},
        content_type="application/json",
    ).json()
    assert report["rejected"] == 4 and report["problems"][0]["line"] == 4
    listing = client_for(cast.otto).get("/api/v1/learning", {"skill": cast.sql.pk}).json()
    assert [i["title"] for i in listing["items"]] == ["API course"]
