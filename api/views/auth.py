"""Logging in for a token, logging out (the token is revoked), and who is signed in.

Logins go through django.contrib.auth.authenticate with the request, so django-axes counts
failures and refuses locked-out username + address pairs; the login throttle limits attempts
per address on top. Sessions (the admin's login) work as well; their writes need the CSRF
token, token requests do not.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, JsonResponse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from api.authentication import token_expires_at, token_issue, token_revoke
from api.serializers.accounts import LoginSerializer, TokenSerializer, UserSerializer
from api.throttling import LoginRateThrottle


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"
    default_detail = "Too many failed logins; try again later."


class InvalidCredentials(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_credentials"
    default_detail = "The username or the password is wrong."


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the API's error body for API requests, plain text
    elsewhere (the admin's login). Names no username: the response may be logged."""
    message = str(LockedOut.default_detail)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": LockedOut.default_code, "message": message, "fields": {}}},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    return HttpResponse(
        message, status=status.HTTP_429_TOO_MANY_REQUESTS, content_type="text/plain"
    )


class TokenLoginView(APIView):
    """Exchange a username and password for an API token (valid API_TOKEN_TTL_HOURS)."""

    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=LoginSerializer, responses={200: TokenSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        credentials = LoginSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            django_request,
            username=credentials.validated_data["username"],
            password=credentials.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            raise LockedOut()
        if not isinstance(user, User):
            raise InvalidCredentials()
        # Updates last_login, and tells django-axes the login succeeded (it resets failures).
        user_logged_in.send(sender=User, request=django_request, user=user)
        token = token_issue(user=user)
        body = {"token": token.key, "expires_at": token_expires_at(token), "user": user}
        return Response(TokenSerializer(body).data)


class LogoutView(APIView):
    """Revoke the user's API token and end the session, if there is one."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        token_revoke(user=request.user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Who is signed in, with their effective role."""

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(cast(User, request.user)).data)
