"""The API refuses a JSON body carrying a NUL character, saying where it was."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from api.parsers import nul_path
from companies.models import Placement
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ({"municipality": "ni\x00s"}, "municipality"),
        ({"skills": [{"written_as": "ok"}, {"written_as": "a\x00"}]}, "skills[1].written_as"),
        ({"languages": [{"lang\x00": 1}]}, "languages[0].'lang\\x00'"),
        ("\x00", "(body)"),
        ({"title": "Praksa", "slots": 2, "skills": [], "remote": False}, None),
    ],
)
def test_nul_path_finds_the_first_nul(value: object, where: str | None) -> None:
    assert nul_path(value) == where


def test_a_body_with_a_nul_is_a_400_naming_the_field_and_saves_nothing() -> None:
    company = CompanyFactory.create()
    user = UserFactory.create(role=User.Role.COMPANY)
    company.memberships.create(user=user)
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(
        "/api/v1/placements/",
        {"company": company.pk, "title": "Praksa", "municipality": "nis\x00", "kind": "job"},
        format="json",
    )
    assert response.status_code == 400
    assert "municipality" in response.json()["error"]["message"]
    assert not Placement.objects.exists()
