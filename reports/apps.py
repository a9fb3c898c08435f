"""App config: Programme dashboard, labour-market reports and fairness audit."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Programme dashboard, labour-market reports and fairness audit"
