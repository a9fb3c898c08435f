"""Candidate routes (under /candidates/): only the privacy endpoints so far."""

from django.urls import path

from candidates import views

app_name = "candidates"

urlpatterns = [
    path("me/export.json", views.my_data_export, name="my-data-export"),
    path(
        "documents/<int:document_id>/download",
        views.document_download,
        name="document-download",
    ),
]
