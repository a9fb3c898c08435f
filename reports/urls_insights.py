"""Coordinator pages: labour-market insight (skills gap, sectors) and its exports."""

from django.urls import path

from reports import insights_views

app_name = "insights"

urlpatterns = [
    path("", insights_views.index, name="index"),
    path("export/", insights_views.export, name="export"),
]
