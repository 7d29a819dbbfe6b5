from __future__ import annotations

from django.contrib import admin

from trellis.careers.models import DevelopmentPolicy

# Only the company-wide policy is edited here: people's career data stays out of the admin,
# because private sections are private to administrators too (DESIGN §4).


@admin.register(DevelopmentPolicy)
class DevelopmentPolicyAdmin(admin.ModelAdmin):
    list_display = ("hours_per_month", "effective_from")
