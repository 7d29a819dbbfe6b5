"""Marketplace models that hold a person's data, for export and erasure (DESIGN §9).

Same shape as :data:`trellis.careers.personal_data.REGISTRY`; the careers registry should
include these entries (``REGISTRY + market REGISTRY``).
"""

from __future__ import annotations

from trellis.careers.personal_data import PersonalData
from trellis.market import models as m

REGISTRY: tuple[PersonalData, ...] = (
    PersonalData(m.MarketplaceOptIn, "person"),
    PersonalData(m.Interest, "person"),
    PersonalData(m.InterestEvent, "interest__person"),
    PersonalData(m.RoundAssignment, "person"),
    PersonalData(m.Pairing, "first"),
    PersonalData(m.Pairing, "second"),
    # A proposal is its proposer's; the sponsor only answers it.
    PersonalData(m.Proposal, "proposer"),
    PersonalData(m.MentorRequest, "person"),
    PersonalData(m.PairingLeftOut, "person"),
)
# Opportunity points to its owner as a work object of the organization (reassigned, not
# erased); rounds, pairing rounds and the policy belong to no one person.
NOT_PERSONAL = {
    "market.Opportunity",
    "market.OpportunitySkill",
    "market.MarketPolicy",
    "market.Round",
    "market.PairingRound",
}
