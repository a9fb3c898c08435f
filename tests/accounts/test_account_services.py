"""User creation: password validation, roles, precomputed hashes."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.services import user_create
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_weak_password_names_the_password_field_and_saves_nothing() -> None:
    with pytest.raises(ValidationError) as error:
        user_create(username="ana", password="12345", role=User.Role.CANDIDATE)
    assert "password" in error.value.message_dict
    assert not User.objects.filter(username="ana").exists()


def test_staff_flags_follow_the_role() -> None:
    coordinator = user_create(
        username="koord",
        password="dugacka-lozinka-77",
        role=User.Role.COORDINATOR,
        organisation=OrganisationFactory.create(),
    )
    candidate = user_create(
        username="kand", password="dugacka-lozinka-77", role=User.Role.CANDIDATE
    )
    assert coordinator.is_staff and not coordinator.is_superuser
    assert not candidate.is_staff and candidate.check_password("dugacka-lozinka-77")


def test_a_coordinator_needs_an_organisation() -> None:
    with pytest.raises(ValidationError) as error:
        user_create(username="koord", password="dugacka-lozinka-77", role=User.Role.COORDINATOR)
    assert "organisation" in error.value.message_dict


def test_a_precomputed_hash_logs_in_and_garbage_is_refused() -> None:
    user = user_create(
        username="masovni",
        password=None,
        role=User.Role.CANDIDATE,
        password_hash=make_password("zajednicka-lozinka-1"),
    )
    assert user.check_password("zajednicka-lozinka-1")
    with pytest.raises(ValidationError) as error:
        user_create(
            username="los", password=None, role=User.Role.CANDIDATE, password_hash="not-a-hash"
        )
    assert "password" in error.value.message_dict


def test_without_a_password_the_account_cannot_log_in() -> None:
    user = user_create(username="bez", password=None, role=User.Role.CANDIDATE)
    assert not user.has_usable_password()
