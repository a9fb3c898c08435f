"""URL routing: admin, API v1, health check, language switch, web pages.

The language comes from the language cookie (set by the switch) or the browser's
Accept-Language, not from a URL prefix, so shared links work in every language.
"""

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
    path("admin/", admin.site.urls),
    path("", include("frontend.urls")),
]
