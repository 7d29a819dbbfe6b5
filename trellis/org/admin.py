from __future__ import annotations

from django.contrib import admin

from trellis.org.models import ApiToken, AuditEvent, OrgUnit, Person
from trellis.org.tokens import api_token_revoke


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["path", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "path"]
    raw_id_fields = ["parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["employee_id", "last_name", "first_name", "title", "unit", "is_active"]
    list_filter = ["is_active", "location"]
    search_fields = ["employee_id", "first_name", "last_name", "email", "title"]
    raw_id_fields = ["user", "unit", "manager", "role"]
    readonly_fields = ["manager_path"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False


# Every field of a token is shown and none can be edited.
_TOKEN_FIELDS = (
    "name",
    "user",
    "prefix",
    "read_only",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with ``manage.py create_api_token`` (the secret is shown only there)."""

    list_display = [
        "name",
        "prefix",
        "user",
        "read_only",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only"]
    search_fields = ["name", "prefix"]
    fields = _TOKEN_FIELDS
    readonly_fields = _TOKEN_FIELDS
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            api_token_revoke(actor=request.user, token=token)
