"""Coordinator pages: Bulk import and export."""

from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:batch_id>/", views.batch, name="batch"),
    path("batches/<int:batch_id>/confirm/", views.batch_confirm, name="batch-confirm"),
    path(
        "batches/<int:batch_id>/duplicates/<int:duplicate_id>/",
        views.duplicate_resolve,
        name="duplicate-resolve",
    ),
    path("samples/<str:kind>.csv", views.sample, name="sample"),
    path("export/placements/", views.export_placements, name="export-placements"),
    path("export/matches/", views.export_matches, name="export-matches"),
]
