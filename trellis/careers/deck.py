"""The career strategy deck: one set of content, rendered as PPTX, PDF and a print page.

``deck_content`` fetches only what the viewer may see (through the selectors); the
renderers never touch the database, so the deck a manager exports holds exactly the
sections shared with them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import timezone

from trellis.careers import selectors
from trellis.careers.deck_lattice import edge_segments, lattice_excerpt
from trellis.careers.gap import gap_for
from trellis.careers.present import SectionView, profile_sections
from trellis.careers.selectors import CareerView
from trellis.skills.lattice import Layout, NodeBox
from trellis.skills.models import RoleTransition

MAX_ITEMS = 6  # per list on a slide, so that every slide stays readable


@dataclass(frozen=True)
class GapBar:
    skill: str
    level: int
    required: int


@dataclass(frozen=True)
class Slide:
    title: str
    bullets: list[str] = field(default_factory=list)
    bars: list[GapBar] = field(default_factory=list)
    milestones: list[tuple[dt.date, str, bool]] = field(
        default_factory=list
    )  # date, label, overdue
    lattice: Layout | None = None  # a small excerpt: current role, targets, the way between


@dataclass(frozen=True)
class Deck:
    person_name: str
    job_title: str
    slides: list[Slide]


def _section_bullets(sections: list[SectionView], keys: tuple[str, ...]) -> list[str]:
    bullets = []
    for section in sections:
        if section.key not in keys:
            continue
        for row in section.rows:
            if row.items:
                bullets.append(f"{row.label}: {', '.join(row.items[:MAX_ITEMS])}")
            elif row.text and row.text not in ("No",):
                bullets.append(f"{row.label}: {_short(row.text)}")
    return bullets


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def deck_content(*, career: CareerView, today: dt.date | None = None) -> Deck:
    """Title, who I am, where I am going, roadmap, competencies, highlights, asks.

    A slide whose sections the viewer may not see says so rather than disappearing, so the
    deck keeps its shape; it never carries hidden text.
    """
    today = today or timezone.localdate()
    person = career.person
    sections = profile_sections(career.profile, career.sections)
    goals = selectors.goals_for(career=career)
    slides = [
        Slide(
            title=f"{person.full_name} — career strategy",
            bullets=[person.title or "", f"Prepared {today:%d %B %Y}"],
        ),
        Slide(
            title="Who I am",
            bullets=_section_bullets(
                sections, ("summary", "strengths", "values", "motivators", "known_for")
            ),
        ),
    ]
    going = _section_bullets(sections, ("aspirations", "mobility"))
    targets = [g.target_role for g in goals if g.target_role is not None]
    for role in targets[:2]:
        going.append(f"Target role: {role.title} (level {role.level})")
    if person.role_id and targets:
        assert person.role is not None
        steps = RoleTransition.objects.filter(from_role_id=person.role_id).select_related("to_role")
        for step in list(steps)[:3]:
            going.append(
                f"Path: {person.role.title} → {step.to_role.title} ({step.get_kind_display()})"
            )
    # The current role is a detail of the person (org policy); targets come from the map.
    current = person.role if career.can_see_skills and person.role_id else None
    excerpt = lattice_excerpt(current=current, targets=targets[:2]) if targets else None
    slides.append(Slide(title="Where I am going", bullets=going, lattice=excerpt))
    milestones: list[tuple[dt.date, str, bool]] = []
    roadmap = []
    for goal in goals:
        line = goal.title + (f" — by {goal.target_date:%b %Y}" if goal.target_date else "")
        roadmap.append(line)
        if goal.target_date:
            milestones.append((goal.target_date, f"Goal: {goal.title}", False))
        for action in goal.actions.all():
            for cp in action.checkpoints.all():
                milestones.append((cp.due, cp.title, cp.due < today and not cp.done))
    milestones.sort()
    slides.append(Slide(title="Roadmap", bullets=roadmap[:MAX_ITEMS], milestones=milestones[:8]))
    bars: list[GapBar] = []
    competency_notes: list[str] = []
    if targets and career.can_see_skills:
        gap = gap_for(person_id=person.pk, role=targets[0])
        competency_notes.append(f"For {targets[0].title}: readiness {gap.readiness_pct or 0:.0f}%")
        bars = [
            GapBar(i.requirement.skill_name, i.level or 0, i.requirement.min_level)
            for i in gap.required
        ][:MAX_ITEMS]
    slides.append(Slide(title="Competencies to develop", bullets=competency_notes, bars=bars))
    highlights = [
        f"{a.title} ({a.date:%b %Y})" + (f": {_short(a.impact, 120)}" if a.impact else "")
        for a in selectors.accomplishments_for(career=career)[:MAX_ITEMS]
    ]
    slides.append(Slide(title="Highlights", bullets=highlights))
    asks = [
        f"{a.support_needed}" + (f" — from {a.support_from}" if a.support_from else "")
        for g in goals
        for a in g.actions.all()
        if a.support_needed
    ]
    slides.append(Slide(title="My asks", bullets=asks[:MAX_ITEMS]))
    for slide in slides:
        if not [b for b in slide.bullets if b] and not (
            slide.bars or slide.milestones or slide.lattice
        ):
            slide.bullets[:] = ["Nothing shared here yet."]
    return Deck(person_name=person.full_name, job_title=person.title, slides=slides)


def render_pptx(deck: Deck) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for index, slide_data in enumerate(deck.slides):
        layout = prs.slide_layouts[0 if index == 0 else 1]
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = slide_data.title
        body = slide.placeholders[1]
        if index == 0:
            body.text = "\n".join(b for b in slide_data.bullets if b)
            continue
        body.left, body.top, body.width = (
            Inches(0.7),
            Inches(1.6),
            Inches(6.2 if (slide_data.bars or slide_data.milestones or slide_data.lattice) else 12),
        )
        frame = body.text_frame
        frame.word_wrap = True
        bullets = [b for b in slide_data.bullets if b]
        for i, text in enumerate(bullets):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = text
            para.font.size = Pt(16)
        left, top = Inches(7.3), Inches(1.7)
        _pptx_bars(slide, slide_data.bars, left, top)
        if slide_data.lattice is not None:
            _pptx_lattice(slide, slide_data.lattice, left, top, Inches(5.6), Inches(5.2))
        if slide_data.milestones:
            _pptx_milestones(slide, slide_data.milestones, left, top)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


_ACCENT = (0x2F, 0x6B, 0x4F)
_GREY = (0xD9, 0xDE, 0xE7)
_WARN = (0xA0, 0x1C, 0x1C)


def _pptx_bars(slide, bars: list[GapBar], left: int, top: int) -> None:
    """The gap bars: level reached, and a mark at the level the role needs."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    accent, grey, warn = RGBColor(*_ACCENT), RGBColor(*_GREY), RGBColor(*_WARN)
    for i, bar in enumerate(bars):
        y = top + Inches(0.75) * i
        label = slide.shapes.add_textbox(left, y, Inches(5), Inches(0.3))
        label.text_frame.text = f"{bar.skill}: {bar.level} of {bar.required} needed"
        label.text_frame.paragraphs[0].font.size = Pt(12)
        track = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, left, y + Inches(0.35), Inches(5), Inches(0.2)
        )
        track.fill.solid()
        track.fill.fore_color.rgb = grey
        track.line.fill.background()
        if bar.level:
            done = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE,
                left,
                y + Inches(0.35),
                Inches(5 * bar.level / 5),
                Inches(0.2),
            )
            done.fill.solid()
            done.fill.fore_color.rgb = accent
            done.line.fill.background()
        need = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            left + Inches(5 * bar.required / 5) - Inches(0.02),
            y + Inches(0.3),
            Inches(0.04),
            Inches(0.3),
        )
        need.fill.solid()
        need.fill.fore_color.rgb = warn
        need.line.fill.background()


def _pptx_milestones(
    slide, milestones: list[tuple[dt.date, str, bool]], left: int, top: int
) -> None:
    """The roadmap: dated checkpoints on a vertical axis, overdue ones in red."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    accent, grey, warn = RGBColor(*_ACCENT), RGBColor(*_GREY), RGBColor(*_WARN)
    axis = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE,
        left,
        top + Inches(0.2),
        Inches(0.04),
        Inches(0.6 * len(milestones)),
    )
    axis.fill.solid()
    axis.fill.fore_color.rgb = grey
    axis.line.fill.background()
    for i, (day, label, overdue) in enumerate(milestones):
        y = top + Inches(0.6) * i
        dot = slide.shapes.add_shape(
            MSO_SHAPE.OVAL, left - Inches(0.08), y + Inches(0.12), Inches(0.2), Inches(0.2)
        )
        dot.fill.solid()
        dot.fill.fore_color.rgb = warn if overdue else accent
        dot.line.fill.background()
        box = slide.shapes.add_textbox(left + Inches(0.3), y, Inches(5.5), Inches(0.4))
        box.text_frame.text = f"{day:%d %b %Y}  {label}" + ("  (overdue)" if overdue else "")
        box.text_frame.paragraphs[0].font.size = Pt(12)


def render_pdf(deck: Deck) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas

    width, height = landscape((21 * cm, 29.7 * cm))  # A4 landscape, like a slide
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height))
    pdf.setTitle(f"{deck.person_name} — career strategy")
    pdf.setAuthor(deck.person_name)
    accent = colors.HexColor("#2f6b4f")
    for slide in deck.slides:
        pdf.setFillColor(accent)
        pdf.rect(0, height - 2.4 * cm, width, 2.4 * cm, stroke=0, fill=1)
        pdf.setFillColor(colors.white)
        pdf.setFont("Helvetica-Bold", 22)
        pdf.drawString(1.5 * cm, height - 1.6 * cm, slide.title)
        pdf.setFillColor(colors.black)
        pictured = slide.bars or slide.milestones or slide.lattice
        text_width = width / 2 - 2 * cm if pictured else width - 3 * cm
        y = height - 4 * cm
        for bullet in (b for b in slide.bullets if b):
            for i, line in enumerate(_wrap(bullet, text_width, pdf)):
                pdf.setFont("Helvetica", 13)
                pdf.drawString(
                    1.5 * cm + (0 if i == 0 else 0.5 * cm), y, ("• " if i == 0 else "") + line
                )
                y -= 0.65 * cm
            y -= 0.2 * cm
        x0 = width / 2 + 0.5 * cm
        y = height - 4 * cm
        for bar in slide.bars:
            pdf.setFont("Helvetica", 11)
            pdf.drawString(x0, y, f"{bar.skill}: {bar.level} of {bar.required} needed")
            pdf.setFillColor(colors.HexColor("#d9dee7"))
            pdf.rect(x0, y - 0.55 * cm, 11 * cm, 0.35 * cm, stroke=0, fill=1)
            pdf.setFillColor(accent)
            pdf.rect(x0, y - 0.55 * cm, 11 * cm * bar.level / 5, 0.35 * cm, stroke=0, fill=1)
            pdf.setFillColor(colors.HexColor("#a01c1c"))
            pdf.rect(
                x0 + 11 * cm * bar.required / 5 - 0.05 * cm,
                y - 0.65 * cm,
                0.1 * cm,
                0.55 * cm,
                stroke=0,
                fill=1,
            )
            pdf.setFillColor(colors.black)
            y -= 1.4 * cm
        if slide.lattice is not None:
            _pdf_lattice(pdf, slide.lattice, x0, y + 0.5 * cm, width - x0 - 1.2 * cm, 1.5 * cm)
        for day, label, overdue in slide.milestones:
            pdf.setFillColor(colors.HexColor("#a01c1c") if overdue else accent)
            pdf.circle(x0, y + 0.15 * cm, 0.15 * cm, stroke=0, fill=1)
            pdf.setFillColor(colors.black)
            pdf.setFont("Helvetica", 11)
            pdf.drawString(
                x0 + 0.5 * cm, y, f"{day:%d %b %Y}  {label}" + ("  (overdue)" if overdue else "")
            )
            y -= 0.8 * cm
        pdf.setFont("Helvetica", 9)
        pdf.setFillColor(colors.grey)
        pdf.drawRightString(width - 1 * cm, 0.8 * cm, deck.person_name)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


# Box colours of the lattice excerpt, as on the lattice page: current role blue, targets amber.
_BOX_COLOURS = {
    "current": ("#dbe8ff", "#2f6fdb"),
    "target": ("#fff1cc", "#b07d00"),
    "other": ("#ffffff", "#8892a6"),
}


def _box_colours(node: NodeBox) -> tuple[str, str]:
    return _BOX_COLOURS["current" if node.current else "target" if node.target else "other"]


def _pptx_lattice(slide, layout: Layout, left: int, top: int, width: int, height: int) -> None:
    """Draw the excerpt with native shapes, so it stays editable in the presentation."""
    from lxml import etree
    from pptx.dml.color import RGBColor
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    scale = min(width / layout.width, height / layout.height)

    def at(x: float, y: float) -> tuple[int, int]:
        return int(left + x * scale), int(top + y * scale)

    def rgb(hex_colour: str) -> RGBColor:
        return RGBColor.from_string(hex_colour.lstrip("#").upper())

    for seg in edge_segments(layout):
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, *at(seg.x1, seg.y1), *at(seg.x2, seg.y2)
        )
        line.line.color.rgb = rgb(seg.stroke)
        line.line.width = Pt(1.75)
        if seg.dash:
            line.line.dash_style = (
                MSO_LINE_DASH_STYLE.DASH if seg.kind == "lateral" else MSO_LINE_DASH_STYLE.ROUND_DOT
            )
        tail = etree.SubElement(line.line._get_or_add_ln(), qn("a:tailEnd"))
        tail.set("type", "triangle")
    font = Pt(max(8, min(12, 12 * scale / 9525)))  # 9525 EMU to a layout pixel at 96 dpi
    for node in layout.nodes:
        x, y = at(node.x, node.y)
        box = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, x, y, int(node.w * scale), int(node.h * scale)
        )
        fill, stroke = _box_colours(node)
        box.fill.solid()
        box.fill.fore_color.rgb = rgb(fill)
        box.line.color.rgb = rgb(stroke)
        box.line.width = Pt(2.25 if node.current or node.target else 1)
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = node.title
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.CENTER
        para.font.size = font
        para.font.color.rgb = rgb("#1c2333")
    for column in layout.columns:
        x, y = at(column.x, 4)
        caption = slide.shapes.add_textbox(x, y, int(column.w * scale), int(24 * scale))
        caption.text_frame.text = column.family
        caption.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        caption.text_frame.paragraphs[0].font.size = font
        caption.text_frame.paragraphs[0].font.bold = True


def _pdf_lattice(pdf, layout: Layout, left: float, top: float, width: float, bottom: float) -> None:
    """Draw the excerpt below ``top`` within ``width`` (PDF y grows upwards)."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm

    scale = min(width / layout.width, (top - bottom) / layout.height)

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top - y * scale

    for seg in edge_segments(layout):
        pdf.setStrokeColor(colors.HexColor(seg.stroke))
        pdf.setLineWidth(1.5)
        pdf.setDash(([4, 2] if seg.kind == "lateral" else [1, 2]) if seg.dash else [], 0)
        (x1, y1), (x2, y2) = at(seg.x1, seg.y1), at(seg.x2, seg.y2)
        pdf.line(x1, y1, x2, y2)
        pdf.setDash([])
        pdf.setFillColor(colors.HexColor(seg.stroke))
        pdf.circle(x2, y2, 0.08 * cm, stroke=0, fill=1)  # the arrival end
    size = max(6.5, min(10, 12 * scale))
    for node in layout.nodes:
        fill, stroke = _box_colours(node)
        x, y = at(node.x, node.y + node.h)
        pdf.setFillColor(colors.HexColor(fill))
        pdf.setStrokeColor(colors.HexColor(stroke))
        pdf.setLineWidth(2 if node.current or node.target else 0.8)
        pdf.roundRect(x, y, node.w * scale, node.h * scale, 4, stroke=1, fill=1)
        pdf.setFillColor(colors.HexColor("#1c2333"))
        pdf.setFont("Helvetica", size)
        pdf.drawCentredString(x + node.w * scale / 2, y + node.h * scale / 2 - size / 3, node.label)
    pdf.setFont("Helvetica-Bold", size)
    pdf.setFillColor(colors.black)
    for column in layout.columns:
        x, y = at(column.cx, 22)
        pdf.drawCentredString(x, y, column.family)
    pdf.setLineWidth(1)
    pdf.setStrokeColor(colors.black)


def _wrap(text: str, max_width: float, pdf: object) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, "Helvetica", 13) <= max_width:
            current = candidate
        else:
            if current:
                lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines[:6]
