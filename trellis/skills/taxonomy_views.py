"""The taxonomy browser: the skill tree, one level at a time, opened at a search's match."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trellis.org.access import viewer_of
from trellis.org.aggregates import MIN_GROUP
from trellis.skills import selectors, taxonomy
from trellis.skills.models import Skill
from trellis.skills.views import data_sources

MATCHES_LISTED = 20


def _open_param(request: HttpRequest) -> int | None:
    value = request.GET.get("open", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _shown(nodes: list[taxonomy.SkillNode]) -> list[Skill]:
    """Every skill on the page, for the attributions of the public taxonomies among them."""
    out = []
    for node in nodes:
        out.append(node.skill)
        out += _shown(node.opened or [])
    return out


@login_required
@require_GET
def taxonomy_tree(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    q = request.GET.get("q", "").strip()[:100]
    matches = list(selectors.skill_search(viewer=viewer, q=q)[:MATCHES_LISTED]) if q else None
    open_pk = _open_param(request)
    focus = None
    if open_pk is not None:
        focus = taxonomy.taxonomy_skill(viewer=viewer, pk=open_pk)
    elif matches:
        focus = matches[0]
    if focus is not None:
        nodes, more = taxonomy.taxonomy_opened(viewer=viewer, focus=focus)
    else:
        nodes, more = taxonomy.taxonomy_level(viewer=viewer, parent=None)
    context = {
        "q": q,
        "matches": matches,
        "focus": focus,
        "nodes": nodes,
        "more": more,
        "sources_all": data_sources(skills=_shown(nodes)),
    }
    return render(request, "skills/taxonomy.html", context)


@login_required
@require_GET
def taxonomy_children(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    skill = taxonomy.taxonomy_skill(viewer=viewer, pk=pk)
    nodes, more = taxonomy.taxonomy_level(viewer=viewer, parent=skill)
    return render(request, "skills/_taxonomy_nodes.html", {"nodes": nodes, "more": more})


@login_required
@require_GET
def taxonomy_facts(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    skill = taxonomy.taxonomy_skill(viewer=viewer, pk=pk)
    facts = taxonomy.taxonomy_facts(viewer=viewer, skill=skill)
    return render(request, "skills/_taxonomy_facts.html", {"f": facts, "min_group": MIN_GROUP})
