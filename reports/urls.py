"""Coordinator pages: Programme dashboard, labour-market reports and fairness audit."""

from django.urls import path  # noqa: F401

app_name = "reports"

urlpatterns: list = []
