"""Routes of the coordinator pages."""

from django.urls import path  # noqa: F401

app_name = "coordinator"

urlpatterns: list = []
