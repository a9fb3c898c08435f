"""Admin for candidates, consents, programme data and trainings."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from candidates.models import (
    CandidateLanguage,
    CandidateProfile,
    CandidateSkill,
    ConsentRecord,
    ProgrammeData,
    Training,
    TrainingParticipation,
)


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
    list_display = ["candidate", "is_returnee", "returned_from_country", "gender"]
    list_filter = ["is_returnee", "gender", "returned_from_country"]
    search_fields = ["candidate__user__last_name", "candidate__user__first_name"]
    raw_id_fields = ["candidate", "consent"]


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
