"""Coordinator pages: labour-market insight (skills gap, sectors) and its exports."""

from django.urls import path  # noqa: F401

app_name = "insights"

urlpatterns: list = []
