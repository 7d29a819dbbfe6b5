from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from tests.careers.conftest import PRIVATE_MARKERS
from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.deck_lattice import edge_segments, lattice_excerpt
from trellis.org.models import AuditEvent
from trellis.skills.models import Role, RoleTransition

TITLES = [
    "Who I am",
    "Where I am going",
    "Roadmap",
    "Competencies to develop",
    "Highlights",
    "My asks",
]


def _pptx_text(data: bytes) -> tuple[list[str], str]:
    prs = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text for s in prs.slides]
    text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    return titles, text


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def planned(filled: Cast) -> Cast:
    goal = services.goal_create(
        actor=filled.ada.user,
        person=filled.ada,
        title="Become senior",
        target_role=filled.senior_engineer,
        target_date=dt.date(2031, 6, 1),
    )
    action = services.action_create(
        actor=filled.ada.user,
        goal=goal,
        title="Lead a design",
        support_needed="Time with an architect",
        support_from="Maya",
    )
    services.checkpoint_create(
        actor=filled.ada.user, action=action, title="First draft", due=dt.date(2030, 1, 1)
    )
    services.accomplishment_create(
        actor=filled.ada.user,
        person=filled.ada,
        title="Cut storage costs",
        date=dt.date(2025, 3, 1),
        impact="Saved 30%",
    )
    return filled


def test_owner_pptx_has_the_slides_and_content(planned: Cast, client_for: ClientFor) -> None:
    response = client_for(planned.ada).get(reverse("careers:deck_pptx", args=[planned.ada.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ada-lovelace-career-strategy.pptx"'
    )
    titles, text = _pptx_text(response.content)
    assert titles == ["Ada Lovelace — career strategy", *TITLES]
    for expected in (
        "Builds storage engines",
        "Principal engineer",
        "Target role: Senior Software Engineer",
        "First draft",
        "SQL: 2 of 3 needed",
        "Cut storage costs",
        "Time with an architect — from Maya",
    ):
        assert expected in text
    assert AuditEvent.objects.filter(
        action="careers.deck.export", detail={"format": "pptx"}
    ).exists()


def test_owner_pdf_has_the_same_content(planned: Cast, client_for: ClientFor) -> None:
    response = client_for(planned.ada).get(reverse("careers:deck_pdf", args=[planned.ada.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in (
        "Who I am",
        "Builds storage engines",
        "My asks",
        "Time with an architect",
        "SQL: 2 of 3 needed",
    ):
        assert expected in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 7


@pytest.mark.parametrize("role", ["maya", "hana"])
def test_deck_exported_by_others_has_only_visible_sections(
    planned: Cast, client_for: ClientFor, role: str
) -> None:
    # Ada writes a private-only strength into SWOT and weaknesses (private by default).
    client = client_for(getattr(planned, role))
    _, pptx_text = _pptx_text(
        client.get(reverse("careers:deck_pptx", args=[planned.ada.pk])).content
    )
    pdf_text = _pdf_text(client.get(reverse("careers:deck_pdf", args=[planned.ada.pk])).content)
    for marker in PRIVATE_MARKERS:
        assert marker not in pptx_text and marker not in pdf_text
    assert "Builds storage engines" in pptx_text


def test_private_map_and_summary_leave_the_managers_deck(
    planned: Cast, client_for: ClientFor
) -> None:
    services.profile_set_visibility(
        actor=planned.ada.user,
        person=planned.ada,
        visibility={"map": "private", "summary": "private"},
    )
    _, text = _pptx_text(
        client_for(planned.maya).get(reverse("careers:deck_pptx", args=[planned.ada.pk])).content
    )
    assert "Become senior" not in text and "Time with an architect" not in text
    assert "Builds storage engines" not in text


def test_outsider_gets_404_for_every_deck(planned: Cast, client_for: ClientFor) -> None:
    client = client_for(planned.otto)
    for name in ("deck", "deck_pptx", "deck_pdf"):
        assert client.get(reverse(f"careers:{name}", args=[planned.ada.pk])).status_code == 404


def test_print_page_shows_slides(planned: Cast, client_for: ClientFor) -> None:
    html = (
        client_for(planned.ada).get(reverse("careers:deck", args=[planned.ada.pk])).content.decode()
    )
    for title in TITLES:
        assert title in html


def _lattice_path(cast: Cast) -> Role:
    """Engineer → Staff (lateral) → Senior (promotion), and a side step nobody aims for."""
    staff = Role.objects.create(
        code="SE2S", title="Storage Specialist", family=cast.engineer.family, level=2
    )
    Role.objects.create(code="SR1", title="Site Reliability", family=cast.engineer.family, level=2)
    RoleTransition.objects.create(from_role=cast.engineer, to_role=staff, kind="lateral")
    RoleTransition.objects.create(from_role=staff, to_role=cast.senior_engineer, kind="promotion")
    return staff


def test_excerpt_holds_the_shortest_way_to_the_target(cast: Cast) -> None:
    staff = _lattice_path(cast)
    layout = lattice_excerpt(current=cast.engineer, targets=[cast.senior_engineer])
    assert layout is not None
    boxes = {n.title: n for n in layout.nodes}
    assert set(boxes) == {"Software Engineer", "Storage Specialist", "Senior Software Engineer"}
    assert boxes["Software Engineer"].current and boxes["Senior Software Engineer"].target
    assert {(e.from_id, e.to_id, e.kind) for e in layout.edges} == {
        (cast.engineer.pk, staff.pk, "lateral"),
        (staff.pk, cast.senior_engineer.pk, "promotion"),
    }
    # The promotion goes up: from the bottom row to the top one.
    (up,) = [s for s in edge_segments(layout) if s.kind == "promotion"]
    assert up.y2 < up.y1


def test_excerpt_without_a_recorded_path_shows_the_next_steps(cast: Cast) -> None:
    _lattice_path(cast)
    RoleTransition.objects.filter(to_role=cast.senior_engineer).delete()
    layout = lattice_excerpt(current=cast.engineer, targets=[cast.senior_engineer])
    assert layout is not None
    assert {n.title for n in layout.nodes} == {
        "Software Engineer",
        "Storage Specialist",
        "Senior Software Engineer",
    }
    assert lattice_excerpt(current=None, targets=[]) is None


def test_deck_files_draw_the_lattice_excerpt(planned: Cast, client_for: ClientFor) -> None:
    _lattice_path(planned)
    client = client_for(planned.ada)
    prs = Presentation(
        io.BytesIO(client.get(reverse("careers:deck_pptx", args=[planned.ada.pk])).content)
    )
    (going,) = [s for s in prs.slides if s.shapes.title.text == "Where I am going"]
    texts = {sh.text_frame.text for sh in going.shapes if sh.has_text_frame}
    assert {"Software Engineer", "Storage Specialist", "Senior Software Engineer"} <= texts
    connectors = [sh for sh in going.shapes if sh.shape_type == MSO_SHAPE_TYPE.LINE]
    assert len(connectors) == 2
    pdf = PdfReader(
        io.BytesIO(client.get(reverse("careers:deck_pdf", args=[planned.ada.pk])).content)
    )
    page = next(p.extract_text() for p in pdf.pages if "Where I am going" in p.extract_text())
    assert "Storage Specialist" in page
    html = client.get(reverse("careers:deck", args=[planned.ada.pk])).content.decode()
    assert f'data-role-id="{planned.senior_engineer.pk}"' in html


def test_excerpt_leaves_out_the_current_role_for_those_without_details(planned: Cast) -> None:
    from trellis.careers.deck import deck_content
    from trellis.careers.selectors import career_get
    from trellis.org.access import viewer_for

    _lattice_path(planned)
    services.profile_set_visibility(
        actor=planned.ada.user, person=planned.ada, visibility={"map": "everyone"}
    )
    deck = deck_content(career=career_get(viewer=viewer_for(planned.otto.user), pk=planned.ada.pk))
    (going,) = [s for s in deck.slides if s.title == "Where I am going"]
    assert going.lattice is not None
    assert [n.title for n in going.lattice.nodes] == ["Senior Software Engineer"]
