"""The identity app's personal data: what the identity provider knows a person by."""

from __future__ import annotations

from trellis.identity.models import ScimLink
from trellis.org.registry import PersonalData

REGISTRY: tuple[PersonalData, ...] = (PersonalData(ScimLink, "person"),)
