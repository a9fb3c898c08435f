"""Routes of the candidate pages."""

from django.urls import path  # noqa: F401

app_name = "candidate"

urlpatterns: list = []
