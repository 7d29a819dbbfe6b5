"""JSON endpoints for conversations, items, follow-ups, the prep sheet, the guide and feedback.

The same selectors and services as the pages: a refused object answers 404 like a missing
one; schemas list only what a caller may set (never the author, outcome or owner ids
beyond "me" or "them"). By topic: :mod:`.conversations` and :mod:`.prepare`, with their
schemas in :mod:`.schemas`.
"""

from __future__ import annotations

from ninja import Router

from trellis.talks.api import conversations, coverage, orientation, prepare, to_profile

router = Router()
# Before the conversations' "/talks/items/{pk}/{decision}", which would take "to-profile".
router.add_router("", to_profile.router)
router.add_router("", conversations.router)
router.add_router("", prepare.router)
router.add_router("", coverage.router)
router.add_router("", orientation.router)
