"""Routes of the company pages."""

from django.urls import path

from frontend.company import views

app_name = "company"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("profile/<int:company_id>/", views.profile, name="profile-company"),
    path("placements/", views.placement_list, name="placements"),
    path("placements/new/", views.placement_new, name="placement-create"),
    path("placements/<int:placement_id>/", views.placement_detail, name="placement-detail"),
    path("placements/<int:placement_id>/edit/", views.placement_edit, name="placement-edit"),
    path(
        "placements/<int:placement_id>/submit/",
        views.placement_submit_view,
        name="placement-submit",
    ),
    path(
        "placements/<int:placement_id>/close/", views.placement_close_view, name="placement-close"
    ),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:match_id>/step/", views.match_step, name="match-step"),
]
