from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest

from trellis.org.access import viewer_for


def market_state(request: HttpRequest) -> dict[str, bool]:
    """Tells HR and admins when web workers have no state file from the worker to map yet
    (production only): they then build the market data themselves, slower and per process."""
    if not settings.TRELLIS_MARKET_STATE_FILE or not request.user.is_authenticated:
        return {}
    viewer = viewer_for(request.user)
    if not (viewer.is_hr or viewer.is_admin):
        return {}
    missing = not (Path(settings.TRELLIS_STATE_DIR) / "CURRENT").exists()
    return {"market_state_missing": missing}
