"""Coordinator pages: Bulk import and export."""

from django.urls import path  # noqa: F401

app_name = "imports"

urlpatterns: list = []
