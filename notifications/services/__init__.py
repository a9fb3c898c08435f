"""Every write to notifications: creating them, their e-mail, reading them, and the events."""

from notifications.services.delivery import (
    OutboxSweep,
    email_outbox_sweep,
    notification_email_give_up,
    notification_email_resend,
    notification_email_send,
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    notify_once,
)
from notifications.services.events import (
    match_transition_notify,
    notify_strong_matches,
    placement_reminders_send,
)

__all__ = [
    "OutboxSweep",
    "email_outbox_sweep",
    "match_transition_notify",
    "notification_email_give_up",
    "notification_email_resend",
    "notification_email_send",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify",
    "notify_once",
    "notify_strong_matches",
    "placement_reminders_send",
]
