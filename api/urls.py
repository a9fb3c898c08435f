"""API v1 routes."""

from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("districts/", views.DistrictListView.as_view(), name="district-list"),
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality-list"),
]
