"""Token authentication with an expiry, and issuing and revoking the tokens.

A token is an HTTP credential, not domain state, so it is issued here rather than in a service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from accounts.models import User


def token_ttl() -> dt.timedelta:
    return dt.timedelta(hours=int(settings.API_TOKEN_TTL_HOURS))


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + token_ttl()


def token_is_expired(token: Token) -> bool:
    return timezone.now() >= token_expires_at(token)


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's token: the current one while it is valid, else a new one."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_is_expired(token):
        return token
    if token is not None:
        token.delete()
    return Token.objects.create(user=user)


def token_revoke(*, user: Any) -> None:
    if getattr(user, "pk", None) is not None:
        Token.objects.filter(user=user).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; refused once API_TOKEN_TTL_HOURS have passed."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(
                _("The token has expired; log in again."), code="token_expired"
            )
        return user, token
