"""JSON endpoints for the taxonomy and the roles, by topic: :mod:`.reads`,
:mod:`.architecture` (HR's writes) and :mod:`.moves` (suggested moves), all on the one
router defined in :mod:`.reads`."""

from __future__ import annotations

from trellis.skills.api import architecture, learning, moves  # noqa: F401 — their endpoints join the router
from trellis.skills.api.reads import router

__all__ = ["router"]
