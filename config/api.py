"""The JSON API: one NinjaAPI mounting each app's router, documented at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from trellis.careers.api import router as careers_router
from trellis.market.api import router as market_router
from trellis.org.api import router as org_router
from trellis.org.tokens import ApiTokenAuth
from trellis.skills.api import router as skills_router
from trellis.talks.api import router as talks_router

api = NinjaAPI(
    title="Trellis API",
    version="1",
    description="Career development and internal talent marketplace.",
    # A bearer token first: the session check would refuse a token call for its missing CSRF.
    auth=[ApiTokenAuth(), django_auth],
)
api.add_router("/", org_router)
api.add_router("/", skills_router)
api.add_router("/", careers_router)
api.add_router("/", market_router)
api.add_router("/", talks_router)
