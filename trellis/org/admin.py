from __future__ import annotations

from django.contrib import admin

from trellis.org.models import AuditEvent, OrgUnit, Person


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
