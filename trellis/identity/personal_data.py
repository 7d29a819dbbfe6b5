"""The identity app's personal data: what the identity provider knows a person by."""

from __future__ import annotations

from trellis.careers.personal_data import PersonalData
from trellis.identity.models import ScimLink

REGISTRY: tuple[PersonalData, ...] = (PersonalData(ScimLink, "person"),)
