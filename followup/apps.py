"""App config: Outcome follow-up."""

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Outcome follow-up"
