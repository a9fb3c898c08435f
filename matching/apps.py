"""App config for reference data, the skill taxonomy and matches."""

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching and reference data"

    def ready(self) -> None:
        from matching import signals

        signals.connect()
