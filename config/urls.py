"""URL routing: admin, API v1, health check, web pages."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.views import healthz

admin.site.site_header = "Spona"
admin.site.site_title = "Spona"
admin.site.index_title = "Programme administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("frontend.urls")),
    prefix_default_language=False,
)
