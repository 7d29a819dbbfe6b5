"""Global search: a page of results, and the header's suggestions as you type."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trellis.org.access import viewer_of
from trellis.search.selectors import QUERY_MAX, global_search


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:QUERY_MAX]


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    q = _query(request)
    sections = global_search(viewer=viewer_of(request), q=q)
    return render(request, "search/results.html", {"q": q, "sections": sections})


@login_required
@require_GET
def search_suggest(request: HttpRequest) -> HttpResponse:
    q = _query(request)
    sections = global_search(viewer=viewer_of(request), q=q)
    return render(request, "search/_suggest.html", {"q": q, "sections": sections})
