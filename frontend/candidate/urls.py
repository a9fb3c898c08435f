"""Routes of the candidate pages."""

from django.urls import path

from frontend import views as shared_views
from frontend.candidate import views

app_name = "candidate"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("welcome/", views.onboarding, name="onboarding"),
    path("profile/", views.profile, name="profile"),
    path("documents/<int:document_id>/delete/", views.document_delete, name="document-delete"),
    path("matches/", views.matches, name="matches"),
    path("matches/<int:match_id>/", views.match_detail, name="match-detail"),
    path("matches/<int:match_id>/step/", views.match_action, name="match-action"),
    path("notifications/", shared_views.notifications, name="notifications"),
    path("my-data/", views.privacy, name="privacy"),
]
