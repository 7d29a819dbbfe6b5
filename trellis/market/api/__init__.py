"""The marketplace API, by topic: :mod:`.opportunities` (opportunities, interests,
recommendations, candidates), :mod:`.mine` (the caller's opt-in, interests and pairs) and
:mod:`.rounds` (HR's matching and pairing rounds, talent exported); answers in :mod:`.schemas`.
"""

from __future__ import annotations

from ninja import Router

from trellis.market import pairs_api, proposals_api
from trellis.market.api import mine, opportunities, rounds

router = Router(tags=["market"])
router.add_router("", mine.router)
router.add_router("", rounds.router)
router.add_router("", opportunities.router)
# Proposals from the bottom up and pairs answered by both sides, each in its own module.
router.add_router("", proposals_api.router)
router.add_router("", pairs_api.router)
