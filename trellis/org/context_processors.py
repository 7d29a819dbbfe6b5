from __future__ import annotations

from django.http import HttpRequest

from trellis.org.access import Viewer, viewer_for


def viewer(request: HttpRequest) -> dict[str, Viewer]:
    return {"viewer": viewer_for(request.user)}
