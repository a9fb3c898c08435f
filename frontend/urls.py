"""Web page routes."""

from django.urls import path

from frontend import views

app_name = "frontend"

urlpatterns = [
    path("", views.placement_browse, name="placement-browse"),
]
