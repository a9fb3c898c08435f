"""Coordinator pages: Outcome follow-up."""

from django.urls import path  # noqa: F401

app_name = "followup"

urlpatterns: list = []
