"""Admin for companies, memberships and placements."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from companies.models import (
    Company,
    CompanyMembership,
    Placement,
    PlacementLanguage,
    PlacementSkill,
)
from companies.services import company_verify


class MembershipInline(admin.TabularInline[CompanyMembership, Company]):
    model = CompanyMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin[Company]):
    list_display = ["legal_name", "pib", "mb", "sector", "municipality", "verified"]
    list_filter = ["verified", "sector", "municipality__district"]
    search_fields = ["legal_name", "pib", "mb", "contact_name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["verified", "verified_at", "verified_by"]
    inlines = [MembershipInline]
    actions = ["verify_selected"]

    @admin.action(description="Verify selected companies")
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        count = 0
        for company in queryset.filter(verified=False):
            company_verify(company=company, by=request.user)  # type: ignore[arg-type]
            count += 1
        self.message_user(request, f"{count} companies verified.")


@admin.register(CompanyMembership)
class CompanyMembershipAdmin(admin.ModelAdmin[CompanyMembership]):
    list_display = ["user", "company", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "company__legal_name"]
    raw_id_fields = ["user", "company"]


class PlacementSkillInline(admin.TabularInline[PlacementSkill, Placement]):
    model = PlacementSkill
    extra = 0
    autocomplete_fields = ["skill"]


class PlacementLanguageInline(admin.TabularInline[PlacementLanguage, Placement]):
    model = PlacementLanguage
    extra = 0


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin[Placement]):
    list_display = ["title", "company", "kind", "municipality", "slots", "status", "start_date"]
    list_filter = ["status", "kind", "remote", "municipality__district", "company__sector"]
    search_fields = ["title", "description", "company__legal_name"]
    list_select_related = ["company", "municipality"]
    autocomplete_fields = ["company", "municipality"]
    inlines = [PlacementSkillInline, PlacementLanguageInline]


@admin.register(PlacementSkill)
class PlacementSkillAdmin(admin.ModelAdmin[PlacementSkill]):
    list_display = ["placement", "written_as", "skill", "required", "min_proficiency"]
    list_filter = ["required", ("skill", admin.EmptyFieldListFilter)]
    search_fields = ["written_as", "skill__label_sr", "skill__label_en", "placement__title"]
    list_select_related = ["placement__company", "skill"]
    raw_id_fields = ["placement"]
    autocomplete_fields = ["skill"]


@admin.register(PlacementLanguage)
class PlacementLanguageAdmin(admin.ModelAdmin[PlacementLanguage]):
    list_display = ["placement", "language", "min_level"]
    list_filter = ["language", "min_level"]
    search_fields = ["placement__title", "placement__company__legal_name"]
    list_select_related = ["placement__company"]
    raw_id_fields = ["placement"]
