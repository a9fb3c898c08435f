"""App config for the reference data every other app stands on."""

from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "reference"
    verbose_name = "Reference data"
