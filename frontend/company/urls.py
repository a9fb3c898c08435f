"""Routes of the company pages."""

from django.urls import path  # noqa: F401

app_name = "company"

urlpatterns: list = []
