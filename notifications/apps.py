"""App config for notifications; connects the receivers of the match workflow signal."""

from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from notifications.receivers import connect_receivers

        connect_receivers()
