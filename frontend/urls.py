"""Web page routes shared by every role (the role pages have their own url modules)."""

from django.urls import path

from frontend import skills, views

app_name = "frontend"

urlpatterns = [
    path("", views.placement_browse, name="placement-browse"),
    path("home/", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("skills/suggest/", skills.skill_suggest, name="skill-suggest"),
    path("skills/chip/", skills.skill_chip, name="skill-chip"),
]
