"""Admin for districts, municipalities and the skill taxonomy."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from matching.engine.normalize import fold
from reference.models import District, Municipality, Skill, SkillGroup, SkillLabel


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["code", "name_latn", "name_cyrl", "seat_latn"]
    search_fields = ["code", "name_latn", "name_cyrl"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["name_latn", "name_cyrl", "kind", "district", "latitude", "longitude"]
    list_filter = ["district", "kind"]
    search_fields = ["name_latn", "name_cyrl", "name_key", "code"]
    readonly_fields = ["name_key"]


@admin.register(SkillGroup)
class SkillGroupAdmin(admin.ModelAdmin[SkillGroup]):
    list_display = ["code", "label_sr", "label_en", "parent"]
    search_fields = ["code", "label_sr", "label_en"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class SkillLabelInline(admin.TabularInline[SkillLabel, Skill]):
    model = SkillLabel
    extra = 0
    fields = ["language", "kind", "text", "source"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["code", "label_sr", "label_en", "skill_type", "group", "source"]
    list_filter = ["source", "skill_type", ("group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "label_sr", "label_en", "labels__key", "esco_uri"]
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    inlines = [SkillLabelInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Skill], search_term: str
    ) -> tuple[QuerySet[Skill], bool]:
        # Search by the folded key so "програмирање", "programiranje" and "PROGRAMIRANJE" agree.
        results, _duplicates = super().get_search_results(request, queryset, fold(search_term))
        return results.distinct(), False


@admin.register(SkillLabel)
class SkillLabelAdmin(admin.ModelAdmin[SkillLabel]):
    list_display = ["text", "language", "kind", "skill", "source"]
    list_filter = ["language", "kind", "source"]
    search_fields = ["text", "key", "skill__code"]
    list_select_related = ["skill"]
    raw_id_fields = ["skill"]
    readonly_fields = ["key"]
