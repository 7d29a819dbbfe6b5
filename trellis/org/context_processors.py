from __future__ import annotations

from django.http import HttpRequest

from trellis.org.access import Viewer, viewer_of


def viewer(request: HttpRequest) -> dict[str, Viewer]:
    return {"viewer": viewer_of(request)}
