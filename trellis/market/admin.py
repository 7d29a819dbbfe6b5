"""Admin for the marketplace.

Editable here: opportunities (with their skills) and the market policy. The records of
people's choices — opt-ins, interests and their steps, rounds and pairings — are read-only:
they change only through the workflow, which checks, audits and notifies. Nothing from a
person's career profile is shown; an interest's note to the owner is left out of the lists
(admins read it on the interest's page, as the owner does), and people are raw ids, so no
admin page loads the whole directory into a drop-down.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from trellis.market.models import (
    Interest,
    InterestEvent,
    MarketplaceOptIn,
    MarketPolicy,
    MentorRequest,
    Opportunity,
    OpportunitySkill,
    Pairing,
    PairingLeftOut,
    PairingRound,
    Proposal,
    Round,
    RoundAssignment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only: no add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OpportunitySkillInline(admin.TabularInline):
    model = OpportunitySkill
    extra = 0
    raw_id_fields = ["skill"]
    fields = ["skill", "min_level", "weight", "required"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "unit", "owner", "capacity", "closes_on"]
    list_filter = ["status", "kind", "remote"]
    search_fields = ["title", "description", "owner__last_name", "unit__path"]
    raw_id_fields = ["unit", "owner", "role"]
    readonly_fields = ["status", "created_at", "updated_at", "published_at"]
    date_hierarchy = "created_at"
    list_select_related = ["unit", "owner"]
    inlines = [OpportunitySkillInline]


@admin.register(MarketPolicy)
class MarketPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "notify_manager",
        "allow_confidential",
        "default_min_months",
        "created_at",
    ]


@admin.register(MarketplaceOptIn)
class MarketplaceOptInAdmin(ReadOnlyAdmin):
    list_display = ["person", "opted_in", "digest", "wants_buddy", "mentor_capacity", "updated_at"]
    list_filter = ["opted_in", "digest", "wants_buddy"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_id"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]


class InterestEventInline(ReadOnlyInline):
    model = InterestEvent
    fields = (
        "at",
        "actor",
        "from_status",
        "to_status",
    )
    readonly_fields = fields


@admin.register(Interest)
class InterestAdmin(ReadOnlyAdmin):
    list_display = ["person", "opportunity", "status", "confidential", "updated_at"]
    list_filter = ["status", "confidential"]
    search_fields = ["person__last_name", "person__employee_id", "opportunity__title"]
    raw_id_fields = ["person", "opportunity"]
    exclude = ["note"]
    list_select_related = ["person", "opportunity"]
    inlines = [InterestEventInline]


class RoundAssignmentInline(ReadOnlyInline):
    model = RoundAssignment
    fields = (
        "person",
        "opportunity",
        "choice",
        "readiness",
        "mutual_value",
        "locked",
    )
    readonly_fields = fields
    raw_id_fields = ["person", "opportunity"]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "created_by", "created_at", "blocking_pairs"]
    list_filter = ["status"]
    search_fields = ["name"]
    # The inputs and the packed preferences reproduce the round; they are not for reading.
    exclude = ["inputs", "preferences", "summary"]
    inlines = [RoundAssignmentInline]


class PairingInline(ReadOnlyInline):
    model = Pairing
    fields = (
        "first",
        "second",
        "weight",
        "reasons",
        "status",
        "declined_by",
        "decline_reason",
    )
    readonly_fields = fields
    raw_id_fields = ["first", "second", "declined_by"]


class PairingLeftOutInline(ReadOnlyInline):
    model = PairingLeftOut
    fields = ("person", "reason", "message")
    readonly_fields = fields
    raw_id_fields = ["person"]


@admin.register(PairingRound)
class PairingRoundAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    inlines = [PairingInline, PairingLeftOutInline]


@admin.register(MentorRequest)
class MentorRequestAdmin(ReadOnlyAdmin):
    # The goal is the person's words to their mentor; it stays on the pairing pages.
    list_display = ["person", "skill", "hours_per_month", "status", "created_at"]
    list_filter = ["status"]
    exclude = ["goal"]
    raw_id_fields = ["person", "skill"]
    list_select_related = ["person", "skill"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "proposer", "sponsor", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["proposer", "sponsor", "opportunity"]
    list_select_related = ["proposer", "sponsor"]
