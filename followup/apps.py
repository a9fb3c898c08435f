"""App config: Outcome follow-up; provides the workflow's outcome-check consequences."""

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Outcome follow-up"

    def ready(self) -> None:
        from followup.consequences import provide

        provide()
