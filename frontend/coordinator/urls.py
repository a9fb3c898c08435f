"""Routes of the coordinator pages."""

from django.urls import path

from frontend.coordinator import views

app_name = "coordinator"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("matches/<int:match_id>/step/", views.match_step, name="match-step"),
    path("companies/", views.companies, name="companies"),
    path("companies/<int:company_id>/", views.company_detail, name="company-detail"),
    path("companies/<int:company_id>/verify/", views.company_verify_view, name="company-verify"),
    path("placements/", views.placements, name="placements"),
    path("placements/<int:placement_id>/", views.placement_detail, name="placement-detail"),
    path(
        "placements/<int:placement_id>/approve/",
        views.placement_approve_view,
        name="placement-approve",
    ),
    path(
        "placements/<int:placement_id>/close/", views.placement_close_view, name="placement-close"
    ),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/<int:candidate_id>/", views.candidate_detail, name="candidate-detail"),
    path("allocations/", views.allocations, name="allocations"),
    path("allocations/<int:run_id>/", views.allocation_detail, name="allocation-detail"),
    path("allocations/<int:run_id>/apply/", views.allocation_apply_view, name="allocation-apply"),
    path(
        "allocations/<int:run_id>/discard/",
        views.allocation_discard_view,
        name="allocation-discard",
    ),
]
