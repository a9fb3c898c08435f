"""Logging in and the signed-in user."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from accounts.permissions import role_of


class LoginSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"})


class UserSerializer(serializers.ModelSerializer[User]):
    email = serializers.CharField(read_only=True)  # may be blank
    role = serializers.SerializerMethodField()
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="short_name", read_only=True, allow_null=True
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "organisation",
            "preferred_language",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=User.Role.choices))
    def get_role(self, user: User) -> str:
        """The effective role (a superuser is an admin whatever the field says)."""
        return role_of(user)


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expires_at = serializers.DateTimeField()
    user = UserSerializer()
