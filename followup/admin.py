"""Admin for outcome checks: a read-mostly view for support (coordinators use the page)."""

from __future__ import annotations

from django.contrib import admin

from followup.models import OutcomeCheck


@admin.register(OutcomeCheck)
class OutcomeCheckAdmin(admin.ModelAdmin[OutcomeCheck]):
    list_display = ["id", "match", "months", "due_date", "status", "outcome", "recorded_at"]
    list_filter = ["months", "status", "outcome"]
    search_fields = [
        "match__candidate__user__username",
        "match__candidate__user__last_name",
        "match__placement__title",
    ]
    list_select_related = ["match__candidate__user", "match__placement"]
    raw_id_fields = ["match", "recorded_by"]
    date_hierarchy = "due_date"
    readonly_fields = ["reminded_at", "created_at", "updated_at"]
