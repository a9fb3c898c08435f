"""The signed-in candidate's own profile, CVs and data export."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsCandidate
from api.serializers.candidates import (
    CandidateDocumentSerializer,
    CandidateProfileWriteSerializer,
    DocumentUploadSerializer,
    MyProfileSerializer,
)
from candidates.models import CandidateDocument, CandidateProfile
from candidates.privacy import (
    candidate_data_export,
    candidate_document_delete,
    candidate_document_upload,
)
from candidates.selectors import candidate_documents_of
from candidates.services import (
    candidate_languages_set,
    candidate_profile_create,
    candidate_profile_update,
    candidate_skills_set,
)


class ProfileExists(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "profile_exists"
    default_detail = "You already have a candidate profile; change it with PATCH."


def _user_id(request: Request) -> int:
    """The signed-in user's id (the views here require authentication)."""
    return int(request.user.pk or 0)


def _own_profile(request: Request) -> CandidateProfile:
    profile = (
        CandidateProfile.objects.filter(user_id=_user_id(request))
        .select_related("user", "municipality__district")
        .prefetch_related("skills__skill", "languages", "consents")
        .first()
    )
    if profile is None:
        raise exceptions.NotFound("You have no candidate profile yet.")
    return profile


class MyProfileView(APIView):
    """The candidate's own profile: read it, create it once, change it."""

    permission_classes = [permissions.IsAuthenticated, IsCandidate]

    @extend_schema(responses=MyProfileSerializer)
    def get(self, request: Request) -> Response:
        return Response(MyProfileSerializer(_own_profile(request)).data)

    @extend_schema(request=CandidateProfileWriteSerializer, responses={201: MyProfileSerializer})
    def post(self, request: Request) -> Response:
        if CandidateProfile.objects.filter(user_id=_user_id(request)).exists():
            raise ProfileExists()
        data = CandidateProfileWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        candidate_profile_create(
            user=request.user,  # type: ignore[arg-type]
            **data.profile_fields(),
            skills=data.skill_entries() or (),
            languages=data.language_pairs() or (),
        )
        return Response(MyProfileSerializer(_own_profile(request)).data, status=201)

    @extend_schema(request=CandidateProfileWriteSerializer, responses=MyProfileSerializer)
    def patch(self, request: Request) -> Response:
        profile = _own_profile(request)
        data = CandidateProfileWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields, skills, languages = (
            data.profile_fields(),
            data.skill_entries(),
            data.language_pairs(),
        )
        with transaction.atomic():
            if fields:
                candidate_profile_update(profile=profile, **fields)
            if skills is not None:
                candidate_skills_set(profile=profile, skills=skills)
            if languages is not None:
                candidate_languages_set(profile=profile, languages=languages)
        return Response(MyProfileSerializer(_own_profile(request)).data)


class MyDocumentListView(APIView):
    """The candidate's CVs (metadata): list them, upload one (PDF or DOCX)."""

    permission_classes = [permissions.IsAuthenticated, IsCandidate]
    parser_classes = [MultiPartParser]

    @extend_schema(responses=CandidateDocumentSerializer(many=True))
    def get(self, request: Request) -> Response:
        documents = candidate_documents_of(profile=_own_profile(request))
        return Response(CandidateDocumentSerializer(documents, many=True).data)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: CandidateDocumentSerializer},
    )
    def post(self, request: Request) -> Response:
        profile = _own_profile(request)
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = candidate_document_upload(
            profile=profile, uploaded_file=upload.validated_data["file"]
        )
        return Response(CandidateDocumentSerializer(document).data, status=201)


class MyDocumentView(APIView):
    """One of the candidate's own CVs: delete it (the file goes with it)."""

    permission_classes = [permissions.IsAuthenticated, IsCandidate]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, document_id: int) -> Response:
        document = CandidateDocument.objects.filter(
            pk=document_id, candidate__user_id=_user_id(request)
        ).first()
        if document is None:
            raise exceptions.NotFound("No such document.")
        candidate_document_delete(document=document)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyDataExportView(APIView):
    """Everything Spona holds about the signed-in candidate (right of access)."""

    permission_classes = [permissions.IsAuthenticated, IsCandidate]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        data: dict[str, Any] = candidate_data_export(profile=_own_profile(request))
        return Response(data, headers={"Cache-Control": "private, no-store"})
