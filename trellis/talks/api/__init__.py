"""JSON endpoints for conversations, items, follow-ups, the prep sheet, the guide and feedback.

The same selectors and services as the pages: a refused object answers 404 like a missing
one; schemas list only what a caller may set (never the author, outcome or owner ids
beyond "me" or "them"). By topic: :mod:`.conversations` and :mod:`.prepare`, with their
schemas in :mod:`.schemas`.
"""

from __future__ import annotations

from ninja import Router

from trellis.talks.api import conversations, orientation, prepare

router = Router()
router.add_router("", conversations.router)
router.add_router("", prepare.router)
router.add_router("", orientation.router)
