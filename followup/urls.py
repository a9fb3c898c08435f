"""Coordinator pages: Outcome follow-up."""

from django.urls import path

from followup import views

app_name = "followup"

urlpatterns = [
    path("", views.index, name="index"),
    path("checks/<int:check_id>/record/", views.record, name="record"),
    path("matches/<int:match_id>/", views.match_history, name="match"),
]
