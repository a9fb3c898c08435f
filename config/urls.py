"""URL routing: admin, API v1, health check, language switch, web pages.

The language comes from the language cookie (set by the switch) or the browser's
Accept-Language, not from a URL prefix, so shared links work in every language.
"""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.views import healthz

admin.site.site_header = "Spona"
admin.site.site_title = "Spona"
admin.site.index_title = "Programme administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    # OpenAPI 3 schema and Swagger UI (its assets come from drf-spectacular-sidecar, no CDN).
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("candidates/", include("candidates.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Web pages by role; the coordinator's reports, imports and follow-up live in their apps.
    path("me/", include("frontend.candidate.urls")),
    path("company/", include("frontend.company.urls")),
    path("coordinator/reports/", include("reports.urls")),
    path("coordinator/insights/", include("reports.urls_insights")),
    path("coordinator/imports/", include("imports.urls")),
    path("coordinator/follow-up/", include("followup.urls")),
    path("coordinator/", include("frontend.coordinator.urls")),
    path("", include("frontend.urls")),
]

# Under /api/ these answer with the API's error body (api.views.errors), elsewhere as usual.
handler400 = "api.views.errors.bad_request"
handler403 = "api.views.errors.permission_denied"
handler404 = "api.views.errors.page_not_found"
handler500 = "api.views.errors.server_error"
