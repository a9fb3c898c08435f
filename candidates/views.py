"""Candidate HTTP endpoints that protect personal data: the CV download and "download my data"."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import role_of
from candidates.models import CandidateProfile
from candidates.privacy import candidate_data_export, document_download_name
from candidates.selectors import candidate_document_for_download
from core.exceptions import NotFound

logger = logging.getLogger(__name__)

EXPORT_FILENAME = "spona-my-data.json"


def _private(response: HttpResponseBase) -> None:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"


@require_GET
@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    """Everything Spona holds about the signed-in candidate, as a JSON file."""
    user = request.user
    if role_of(user) != User.Role.CANDIDATE or not isinstance(user, User):
        raise Http404
    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is None:
        raise Http404
    response = JsonResponse(
        candidate_data_export(profile=profile),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    _private(response)
    return response


@require_GET
@login_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponseBase:
    """A candidate's document, for those allowed to see it; 404 for everyone else."""
    try:
        document = candidate_document_for_download(document_id=document_id, user=request.user)
    except NotFound:
        raise Http404 from None
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        logger.error("The file of document %s is missing from private storage", document.pk)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document_download_name(document),
        content_type=document.content_type,
    )
    _private(response)
    return response
