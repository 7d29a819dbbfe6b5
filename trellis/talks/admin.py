"""Admin: the guide only. Conversation notes are not listed, so that private notes stay
private to their author, admins included (DESIGN §4)."""

from __future__ import annotations

from django.contrib import admin

from trellis.talks.models import SpurQuestion


@admin.register(SpurQuestion)
class SpurQuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "area", "kind", "stance", "category", "active")
    list_filter = ("area", "kind", "stance", "active")
    search_fields = ("text",)
