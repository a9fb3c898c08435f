"""App config: Outcome follow-up; connects the receiver of the match workflow signal."""

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Outcome follow-up"

    def ready(self) -> None:
        from followup.receivers import connect_receivers

        connect_receivers()
