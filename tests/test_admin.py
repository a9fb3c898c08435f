"""Every model has an admin a coordinator can use: list, search, filter, add form, detail."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import User
from candidates.services import consent_grant, programme_data_set
from companies.services import company_verify
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"accounts", "candidates", "companies", "matching"}


@pytest.fixture
def admin_client_logged_in() -> Client:
    user = UserFactory.create(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _registered() -> list[type]:
    return [model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS]


def test_every_domain_model_is_registered() -> None:
    from django.apps import apps

    models = {m for app in DOMAIN_APPS for m in apps.get_app_config(app).get_models()}
    assert models <= set(_registered())


@pytest.mark.parametrize("model", _registered(), ids=lambda m: m._meta.label)
def test_changelist_with_search_and_each_object_page_load(
    admin_client_logged_in: Client, model: type
) -> None:
    profile = CandidateProfileFactory.create()
    consent_grant(profile=profile, purpose="programme_data")
    programme_data_set(profile=profile, is_returnee=True, returned_from_country="DE")
    placement = PlacementFactory.create()
    company_verify(
        company=placement.company,
        by=UserFactory.create(
            role=User.Role.COORDINATOR, organisation=OrganisationFactory.create()
        ),
    )
    opts = model._meta  # type: ignore[attr-defined]
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = admin_client_logged_in.get(changelist, {"q": "Niš"})
    assert response.status_code == 200
    response = admin_client_logged_in.get(changelist)
    assert response.status_code == 200
    instance = model.objects.first()  # type: ignore[attr-defined]
    if instance is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
        page = admin_client_logged_in.get(change)
        assert page.status_code == 200
        assert str(instance) in page.content.decode()


def test_skill_search_finds_cyrillic_typed_query(admin_client_logged_in: Client) -> None:
    url = reverse("admin:reference_skill_changelist")
    response = admin_client_logged_in.get(url, {"q": "заваривање"})
    assert response.status_code == 200
    assert "metal.welding" in response.content.decode()


def test_the_admin_form_reports_a_bad_pib_on_the_field(admin_client_logged_in: Client) -> None:
    company = CompanyFactory.create()
    url = reverse("admin:companies_company_add")
    response = admin_client_logged_in.post(
        url,
        {
            "legal_name": "Loš PIB d.o.o.",
            "pib": "104052136",
            "mb": "12345678",
            "sector": "C",
            "municipality": company.municipality.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "pib" in errors and "check digit" in errors["pib"][0]


def test_a_match_page_explains_the_score_in_words(admin_client_logged_in: Client) -> None:
    from matching.models import Match

    placement = PlacementFactory.create()
    candidate = CandidateProfileFactory.create()
    match = Match.objects.create(
        candidate=candidate,
        placement=placement,
        score=0.8,
        breakdown={
            "total": 0.8,
            "requirements": [
                {
                    "requirement": "Python",
                    "required": True,
                    "matched_by": "exact",
                    "candidate_term": "Python",
                    "credit": 1.0,
                },
                {
                    "requirement": "Docker",
                    "required": True,
                    "matched_by": None,
                    "candidate_term": None,
                    "credit": 0.0,
                },
            ],
            "missing_required": ["Docker"],
            "distance_km": 12.0,
            "location_tier": "same_district",
            "excluded": [],
        },
    )
    admin_client_logged_in.cookies["django_language"] = "sr-latn"
    page = admin_client_logged_in.get(reverse("admin:matching_match_change", args=[match.pk]))
    text = page.content.decode()
    assert "Odgovara: 1 od 2 tražene veštine (Python); nedostaje: Docker." in text
    assert "Udaljenost 12 km" in text
