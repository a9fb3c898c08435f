"""Health endpoint used by docker-compose and monitoring."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import database_ok, worker_roundtrip


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_detail = database_ok()
    checks: dict[str, dict[str, object]] = {"database": {"ok": db_ok, "detail": db_detail}}
    if request.GET.get("worker") == "1":
        worker_ok, worker_detail = worker_roundtrip()
        checks["worker"] = {"ok": worker_ok, "detail": worker_detail}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": healthy, "checks": checks}, status=200 if healthy else 503)
