"""App config for the demo programme seeder (it seeds every app, so it stands above them)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo programme"
