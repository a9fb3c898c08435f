"""Admin for notifications: read-only history, with a resend action for failed e-mail."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from notifications.models import Notification
from notifications.services import notification_email_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = [
        "id",
        "recipient",
        "event",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "emailed_at",
    ]
    list_filter = ["event", "email_status", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "recipient__email", "idempotency_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["resend_failed_emails"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Notifications come from events, with idempotency keys; never typed in by hand.
        return False

    @admin.action(description="Send failed e-mails again")
    def resend_failed_emails(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = sum(
            notification_email_resend(notification=notification)
            for notification in queryset.filter(email_status=Notification.EmailStatus.FAILED)
        )
        self.message_user(request, f"{count} e-mails queued again.")
