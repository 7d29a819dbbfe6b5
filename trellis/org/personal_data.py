"""Every model that holds a person's data, across the apps, for export and erasure.

Each app keeps its own registry next to its models; this module gathers them, adds the
organization's own, and names the models that point at a person without being their
personal data (work objects of the organization). A test fails when a model with a foreign
key to Person is in neither list (DESIGN §9).
"""

from __future__ import annotations

from trellis.careers.personal_data import REGISTRY as CAREERS
from trellis.careers.personal_data import PersonalData
from trellis.identity.personal_data import REGISTRY as IDENTITY
from trellis.market.personal_data import NOT_PERSONAL as MARKET_NOT_PERSONAL
from trellis.market.personal_data import REGISTRY as MARKET
from trellis.org.models import Person
from trellis.skills.models import PersonSkill
from trellis.talks.personal_data import AUTHORED as TALKS_AUTHORED
from trellis.talks.personal_data import NOT_PERSONAL as TALKS_NOT_PERSONAL
from trellis.talks.personal_data import REGISTRY as TALKS

ORG: tuple[PersonalData, ...] = (
    PersonalData(Person, "pk"),
    PersonalData(PersonSkill, "person"),
    *IDENTITY,
)

REGISTRY: tuple[PersonalData, ...] = ORG + CAREERS + TALKS + TALKS_AUTHORED + MARKET

# Pointing at a person, but the organization's record rather than the person's data.
NOT_PERSONAL: frozenset[str] = frozenset(
    {"org.Person.manager", *MARKET_NOT_PERSONAL, *TALKS_NOT_PERSONAL}
)
