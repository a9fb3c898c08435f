"""App config: the grant scheme; registers the applicants' data with the privacy services."""

from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grant scheme"

    def ready(self) -> None:
        from grants.privacy import register_personal_data

        register_personal_data()
