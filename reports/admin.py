"""Admin for programme targets."""

from django.contrib import admin

from reports.models import ProgrammeTarget


@admin.register(ProgrammeTarget)
class ProgrammeTargetAdmin(admin.ModelAdmin[ProgrammeTarget]):
    list_display = ["indicator", "organisation", "period_start", "period_end", "value"]
    list_filter = ["indicator", "organisation"]
    date_hierarchy = "period_start"
