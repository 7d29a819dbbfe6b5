from __future__ import annotations

import pytest

from tests.cast import Cast
from trellis.careers import services
from trellis.careers.models import Visibility


@pytest.fixture
def filled(cast: Cast) -> Cast:
    """Ada with a full profile: every section written, defaults for visibility."""
    services.profile_update(
        actor=cast.ada.user,
        person=cast.ada,
        data={
            "summary": "Builds storage engines",
            "aspiration_short": "Lead a project",
            "aspiration_long": "Principal engineer",
            "motivators": "Hard problems",
            "values_chosen": ["craft", "growth"],
            "values_own": "Curiosity",
            "interests": "Chess",
            "education_history": "Maths degree",
            "strengths": "Debugging",
            "weaknesses": "SECRET-WEAKNESS",
            "known_for": "Calm in incidents",
            "want_known_for": "Mentoring",
            "swot_strengths": "SECRET-SWOT",
            "swot_threats": "Reorgs",
            "barriers_internal": "SECRET-BARRIER",
            "open_to_lateral": True,
        },
    )
    return cast


PRIVATE_MARKERS = ("SECRET-WEAKNESS", "SECRET-SWOT", "SECRET-BARRIER")
ROLES = ("ada", "maya", "dora", "hana", "alex", "otto")
__all__ = ["PRIVATE_MARKERS", "ROLES", "Visibility"]
