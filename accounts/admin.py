"""Admin for users and organisations."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["short_name", "name", "seat"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["districts"]
    autocomplete_fields = ["seat"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "organisation",
        "is_active",
    ]
    list_filter = ["role", "organisation", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Spona", {"fields": ("role", "organisation", "phone", "preferred_language")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("Spona", {"fields": ("role", "organisation", "first_name", "last_name", "email")}),
    )
