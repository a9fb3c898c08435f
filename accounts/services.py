"""Every write to users and organisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Organisation, User
from core.services import validated_save
from reference.models import District, Municipality


@transaction.atomic
def organisation_create(
    *,
    name: str,
    short_name: str,
    seat: Municipality | None = None,
    districts: Iterable[District] = (),
    website: str = "",
) -> Organisation:
    organisation = Organisation(name=name, short_name=short_name, seat=seat, website=website)
    validated_save(organisation)
    organisation.districts.set(list(districts))
    return organisation


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
    preferred_language: str = "sr-latn",
    check_password: bool = True,
    password_hash: str | None = None,
) -> User:
    """Create a user; the password goes through Django's validators unless told otherwise.

    `password_hash` takes an already hashed password instead (bulk creation, where hashing
    each account's password — a quarter of a second each — would dominate).
    """
    user = User(
        username=username.strip(),
        email=email.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone.strip(),
        role=role,
        organisation=organisation,
        preferred_language=preferred_language,
        is_staff=role in (User.Role.COORDINATOR, User.Role.ADMIN),
        is_superuser=role == User.Role.ADMIN,
    )
    if password:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    elif password_hash:
        try:
            identify_hasher(password_hash)
        except ValueError as exc:
            raise ValidationError({"password": "not a password hash Django knows"}) from exc
        user.password = password_hash
    else:
        user.set_unusable_password()
    validated_save(user, exclude=None if password or password_hash else ["password"])
    return user
