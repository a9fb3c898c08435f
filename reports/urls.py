"""Coordinator pages: Programme dashboard, labour-market reports and fairness audit."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("fairness/", views.fairness, name="fairness"),
    path("fairness/export.csv", views.fairness_export, name="fairness-export"),
    path("fairness/flags/", views.fairness_flags, name="fairness-flags"),
]
