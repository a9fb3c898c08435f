"""Admin for candidates, consents, programme data, trainings, documents and privacy logs."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from accounts.permissions import (
    candidates_visible_to,
    candidates_with_sensitive_data_visible_to,
    is_admin,
)
from candidates.models import (
    CandidateDocument,
    CandidateErasure,
    CandidateLanguage,
    CandidateProfile,
    CandidateSkill,
    ConsentRecord,
    ProgrammeData,
    SensitiveDataAccess,
    Training,
    TrainingParticipation,
)
from candidates.selectors import programme_data_get


class CandidateSkillInline(admin.TabularInline[CandidateSkill, CandidateProfile]):
    model = CandidateSkill
    extra = 0
    autocomplete_fields = ["skill"]


class CandidateLanguageInline(admin.TabularInline[CandidateLanguage, CandidateProfile]):
    model = CandidateLanguage
    extra = 0


class ConsentInline(admin.TabularInline[ConsentRecord, CandidateProfile]):
    model = ConsentRecord
    extra = 0
    readonly_fields = ["purpose", "notice_version", "granted_at", "withdrawn_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: CandidateProfile | None = None) -> bool:
        return False  # consent is given by the candidate, never entered for them


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin[CandidateProfile]):
    list_display = ["__str__", "category", "municipality", "education_level", "updated_at"]
    list_filter = [
        "category",
        "municipality__district",
        "education_level",
        "seeks_internship",
        "seeks_job",
        "willing_to_relocate",
    ]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__username",
        "education_field",
        "skills__written_as",
    ]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["municipality"]
    raw_id_fields = ["user"]
    inlines = [CandidateSkillInline, CandidateLanguageInline, ConsentInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[CandidateProfile], search_term: str
    ) -> tuple[QuerySet[CandidateProfile], bool]:
        results, _duplicates = super().get_search_results(request, queryset, search_term)
        return results.distinct(), False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin[ConsentRecord]):
    list_display = ["candidate", "purpose", "notice_version", "granted_at", "withdrawn_at"]
    list_filter = ["purpose", "notice_version"]
    search_fields = ["candidate__user__last_name", "candidate__user__first_name"]
    readonly_fields = ["candidate", "purpose", "notice_version", "granted_at", "withdrawn_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ProgrammeData)
class ProgrammeDataAdmin(admin.ModelAdmin[ProgrammeData]):
    """Sensitive: the list shows no sensitive values, and each opened record is logged."""

    list_display = ["candidate", "updated_at"]
    search_fields = ["candidate__user__last_name", "candidate__user__first_name"]
    raw_id_fields = ["candidate", "consent"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgrammeData]:
        visible = candidates_with_sensitive_data_visible_to(request.user)
        return super().get_queryset(request).filter(candidate__in=visible)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        data = self.get_object(request, object_id)
        if data is not None:
            programme_data_get(profile=data.candidate, reader=request.user, purpose="admin_view")
        return super().change_view(request, object_id, form_url, extra_context)


class TrainingParticipationInline(admin.TabularInline[TrainingParticipation, Training]):
    model = TrainingParticipation
    extra = 0
    raw_id_fields = ["candidate"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin[Training]):
    list_display = ["title", "organisation", "municipality", "start_date", "end_date"]
    list_filter = ["organisation", "municipality__district"]
    search_fields = ["title", "topic"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["municipality", "skills"]
    inlines = [TrainingParticipationInline]


@admin.register(TrainingParticipation)
class TrainingParticipationAdmin(admin.ModelAdmin[TrainingParticipation]):
    list_display = ["candidate", "training", "status", "completed_on"]
    list_filter = ["status", "training__organisation"]
    search_fields = ["candidate__user__last_name", "candidate__user__first_name", "training__title"]
    list_select_related = ["candidate__user", "training"]
    raw_id_fields = ["candidate", "training"]


@admin.register(CandidateSkill)
class CandidateSkillAdmin(admin.ModelAdmin[CandidateSkill]):
    list_display = ["candidate", "written_as", "skill", "proficiency"]
    list_filter = ["proficiency", ("skill", admin.EmptyFieldListFilter)]
    search_fields = [
        "written_as",
        "skill__label_sr",
        "skill__label_en",
        "candidate__user__last_name",
    ]
    list_select_related = ["candidate__user", "skill"]
    raw_id_fields = ["candidate"]
    autocomplete_fields = ["skill"]


@admin.register(CandidateLanguage)
class CandidateLanguageAdmin(admin.ModelAdmin[CandidateLanguage]):
    list_display = ["candidate", "language", "level"]
    list_filter = ["language", "level"]
    search_fields = ["candidate__user__last_name", "candidate__user__first_name"]
    list_select_related = ["candidate__user"]
    raw_id_fields = ["candidate"]


@admin.register(CandidateDocument)
class CandidateDocumentAdmin(admin.ModelAdmin[CandidateDocument]):
    """Metadata only; the file opens through the permission-checked (and logged) download."""

    list_display = ["__str__", "candidate", "content_type", "size_bytes", "created_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["candidate__user__last_name", "candidate__user__first_name"]
    list_select_related = ["candidate__user"]
    fields = [
        "candidate",
        "kind",
        "content_type",
        "original_name",
        "size_bytes",
        "sha256",
        "created_at",
        "download",
    ]
    readonly_fields = [
        "candidate",
        "kind",
        "content_type",
        "original_name",
        "size_bytes",
        "sha256",
        "created_at",
        "download",
    ]

    @admin.display(description="file")
    def download(self, obj: CandidateDocument) -> str:
        url = reverse("candidates:document-download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, "Download")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CandidateDocument]:
        queryset = super().get_queryset(request)
        if is_admin(request.user):
            return queryset
        return queryset.filter(candidate__in=candidates_visible_to(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads go through candidate_document_upload (type and size checks)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyLogMixin:
    """An audit log: nobody adds, changes or deletes its entries by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SensitiveDataAccess)
class SensitiveDataAccessAdmin(ReadOnlyLogMixin, admin.ModelAdmin[SensitiveDataAccess]):
    list_display = ["at", "reader", "candidate", "purpose", "outcome"]
    list_filter = ["outcome", "purpose"]
    search_fields = ["purpose", "reader__username"]
    list_select_related = ["reader", "candidate__user"]
    date_hierarchy = "at"


@admin.register(CandidateErasure)
class CandidateErasureAdmin(ReadOnlyLogMixin, admin.ModelAdmin[CandidateErasure]):
    list_display = ["__str__", "erased_at", "erased_by_role", "reason", "candidate"]
    list_filter = ["reason", "erased_by_role"]
    search_fields = ["reason"]
    list_select_related = ["candidate__user"]
