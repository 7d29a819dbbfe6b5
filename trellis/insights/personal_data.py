"""The pulse answers are the person's data: exported to them and erased with them.

The manager an answer remembers is where the person stood, not the manager's data.
"""

from __future__ import annotations

from trellis.insights.models import PulseAnswer
from trellis.org.registry import PersonalData, PersonalDataSet


def personal_data() -> PersonalDataSet:
    return PersonalDataSet(
        app="insights",
        owned=(PersonalData(PulseAnswer, "person"),),
        not_personal=frozenset({"insights.PulseAnswer.manager"}),
    )
