"""API v1 routes (under /api/v1/); the schema and Swagger UI are in config/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views import auth, profile, reference
from api.views.allocation import AllocationRunViewSet
from api.views.candidates import CandidateViewSet
from api.views.companies import CompanyViewSet
from api.views.matches import MatchViewSet
from api.views.notifications import NotificationViewSet
from api.views.placements import PlacementViewSet

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("candidates", CandidateViewSet, basename="candidate")
router.register("companies", CompanyViewSet, basename="company")
router.register("placements", PlacementViewSet, basename="placement")
router.register("matches", MatchViewSet, basename="match")
router.register("allocation-runs", AllocationRunViewSet, basename="allocation-run")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", auth.TokenLoginView.as_view(), name="auth-token"),
    path("auth/logout/", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", auth.MeView.as_view(), name="auth-me"),
    path("me/profile/", profile.MyProfileView.as_view(), name="my-profile"),
    path("me/documents/", profile.MyDocumentListView.as_view(), name="my-documents"),
    path("me/documents/<int:document_id>/", profile.MyDocumentView.as_view(), name="my-document"),
    path("me/export/", profile.MyDataExportView.as_view(), name="my-export"),
    path("districts/", reference.DistrictListView.as_view(), name="district-list"),
    path("municipalities/", reference.MunicipalityListView.as_view(), name="municipality-list"),
    path("skills/", reference.SkillSearchView.as_view(), name="skill-search"),
    *router.urls,
]
