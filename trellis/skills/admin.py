from __future__ import annotations

from django.contrib import admin

from trellis.skills.models import (
    JobFamily,
    PersonSkill,
    Role,
    RoleAlias,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
)


class SkillAliasInline(admin.TabularInline):
    model = SkillAlias
    extra = 1


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "parent", "is_hot_technology", "esco_uri", "onet_id"]
    list_filter = ["category", "is_hot_technology"]
    search_fields = ["name", "aliases__name", "esco_uri", "onet_id"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["related"]
    inlines = [SkillAliasInline]


@admin.register(JobFamily)
class JobFamilyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class RoleRequirementInline(admin.TabularInline):
    model = RoleRequirement
    raw_id_fields = ["skill"]
    extra = 1


class RoleAliasInline(admin.TabularInline):
    model = RoleAlias
    extra = 1


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "family", "track", "level", "external_code"]
    list_filter = ["family", "track", "level"]
    search_fields = ["code", "title", "external_code", "esco_uri", "aliases__name"]
    raw_id_fields = ["unit"]
    inlines = [RoleRequirementInline, RoleAliasInline]


@admin.register(RoleTransition)
class RoleTransitionAdmin(admin.ModelAdmin):
    list_display = ["from_role", "to_role", "kind", "typical_months"]
    list_filter = ["kind"]
    raw_id_fields = ["from_role", "to_role"]


@admin.register(PersonSkill)
class PersonSkillAdmin(admin.ModelAdmin):
    list_display = ["person", "skill", "level", "source", "appetite", "updated_at"]
    list_filter = ["source", "appetite", "level"]
    raw_id_fields = ["person", "skill"]
