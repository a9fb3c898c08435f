"""Sign-up of a graduate or jobseeker: account, profile and consents in one step."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from candidates.models import CandidateProfile, ConsentRecord
from tests.factories import UserFactory, municipality

pytestmark = pytest.mark.django_db

URL = "/me/signup/"


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Ana",
        "last_name": "Jovanović",
        "email": "Ana.Jovanovic@example.org",
        "phone": "+381 64 1234567",
        "password1": "plavi-konj-trci-2026",
        "password2": "plavi-konj-trci-2026",
        "municipality": municipality("pirot").pk,
        "category": CandidateProfile.Category.GRADUATE,
        "seeks": ["internship", "job"],
        "max_commute_km": "40",
        "preferred_language": "sr",
        "accept_notice": "on",
        "share_with_companies": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_sign_up_page_is_open_to_visitors_and_linked_from_every_page() -> None:
    client = Client()
    assert client.get(URL).status_code == 200
    assert 'href="/me/signup/"' in client.get("/").content.decode()


def test_sign_up_creates_the_account_profile_and_consents_and_goes_to_onboarding() -> None:
    client = Client()
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == "/me/welcome/"
    user = User.objects.get(username="ana.jovanovic@example.org")
    assert user.email == "ana.jovanovic@example.org"
    assert user.role == User.Role.CANDIDATE
    assert user.preferred_language == "sr"
    assert user.check_password("plavi-konj-trci-2026")
    profile = user.candidate_profile
    assert profile.municipality.code == "pirot"
    assert profile.max_commute_km == 40
    assert (profile.seeks_internship, profile.seeks_job, profile.seeks_self_employment) == (
        True,
        True,
        False,
    )
    active = set(
        profile.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )
    assert active == {ConsentRecord.Purpose.SHARE_WITH_COMPANIES}
    assert not profile.documents.exists()  # no CV needed
    # Logged in: the onboarding page answers.
    onboarding = client.get("/me/welcome/")
    assert onboarding.status_code == 200
    assert "id_skills_text" in onboarding.content.decode()


def test_the_preferred_language_defaults_to_the_page_language() -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert '<option value="en" selected>' in page
    assert "Pirot" in page
    cyrillic = Client()
    cyrillic.cookies["django_language"] = "sr"
    assert "Пирот" in cyrillic.get(URL).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"email": "not-an-address"}, "email"),
        ({"password2": "something-else-2026"}, "password2"),
        ({"password1": "12345", "password2": "12345"}, "password1"),
        ({"municipality": ""}, "municipality"),
        ({"category": "astronaut"}, "category"),
        ({"seeks": None}, "seeks"),
        ({"max_commute_km": "301"}, "max_commute_km"),
        ({"accept_notice": None}, "accept_notice"),
    ],
)
def test_each_invalid_field_is_named_and_nothing_is_saved(
    overrides: dict[str, Any], field: str
) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post(URL, form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not User.objects.filter(username="ana.jovanovic@example.org").exists()


def test_a_taken_e_mail_is_an_error_on_the_e_mail_field() -> None:
    UserFactory.create(username="ana.jovanovic@example.org")
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post(URL, form_data())
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this e-mail address already exists."
    ]
    assert CandidateProfile.objects.filter(user__username="ana.jovanovic@example.org").count() == 0


def test_a_password_like_the_name_is_refused_by_the_validators() -> None:
    response = Client().post(URL, form_data(password1="ana.jovanovic1", password2="ana.jovanovic1"))
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(username="ana.jovanovic@example.org").exists()


def test_a_signed_in_user_is_sent_home() -> None:
    client = Client()
    client.force_login(UserFactory.create())
    assert client.get(URL)["Location"] == "/home/"
