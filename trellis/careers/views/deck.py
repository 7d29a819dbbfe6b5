"""The career strategy deck: a print-friendly page and PPTX/PDF downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from trellis.careers.deck import deck_content, render_pdf, render_pptx
from trellis.careers.views._common import career_for
from trellis.org.request_id import request_id
from trellis.org.services import audit_record

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@login_required
@require_GET
def deck_page(request: HttpRequest, pk: int) -> HttpResponse:
    career = career_for(request, pk, page="deck")
    context = {"career": career, "person": career.person, "deck": deck_content(career=career)}
    return render(request, "careers/deck.html", context)


def _download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    career = career_for(request, pk, page=f"deck.{fmt}")
    deck = deck_content(career=career)
    data, content_type = (
        (render_pptx(deck), PPTX_TYPE) if fmt == "pptx" else (render_pdf(deck), "application/pdf")
    )
    audit_record(
        actor=request.user,
        action="careers.deck.export",
        target=career.person,
        detail={"format": fmt},
        request_id=request_id(request),
    )
    response = HttpResponse(data, content_type=content_type)
    name = slugify(career.person.full_name) or "career"
    response["Content-Disposition"] = f'attachment; filename="{name}-career-strategy.{fmt}"'
    return response


@login_required
@require_GET
def deck_pptx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pptx")


@login_required
@require_GET
def deck_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")
