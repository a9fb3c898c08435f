"""Web page routes shared by every role (the role pages have their own url modules)."""

from django.urls import path

from frontend import skills, views

app_name = "frontend"

urlpatterns = [
    path("", views.placement_browse, name="placement-browse"),
    path("home/", views.home, name="home"),
    path("placements/<int:placement_id>/", views.placement_detail, name="placement-detail"),
    path(
        "placements/<int:placement_id>/interest/",
        views.placement_express_interest,
        name="placement-interest",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        views.notification_read,
        name="notification-read",
    ),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("skills/suggest/", skills.skill_suggest, name="skill-suggest"),
    path("skills/chip/", skills.skill_chip, name="skill-chip"),
]
