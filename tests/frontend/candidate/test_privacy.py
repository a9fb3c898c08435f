"""My data: the export link, consents (withdraw and give optional ones), who looked."""

from __future__ import annotations

import pytest
from django.test import Client

from candidates.models import CandidateProfile, ConsentRecord, ProgrammeData, SensitiveDataAccess
from candidates.services import consent_grant, programme_data_set
from tests.factories import OrganisationFactory, UserFactory

from .conftest import client_in

pytestmark = pytest.mark.django_db

URL = "/me/my-data/"


def test_the_page_links_the_export_and_lists_consents(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    consent_grant(profile=candidate, purpose=ConsentRecord.Purpose.SHARE_WITH_COMPANIES)
    page = candidate_client.get(URL).content.decode()
    assert 'href="/candidates/me/export.json"' in page
    assert candidate_client.get("/candidates/me/export.json").status_code == 200
    assert "2026-11" in page  # the notice version of the consent


def test_withdrawing_programme_data_consent_deletes_the_data(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    consent_grant(profile=candidate, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    programme_data_set(profile=candidate, is_returnee=True, returned_from_country="DE")
    response = candidate_client.post(
        URL, {"purpose": ConsentRecord.Purpose.PROGRAMME_DATA, "action": "withdraw"}
    )
    assert response["Location"] == URL
    assert not ProgrammeData.objects.filter(candidate=candidate).exists()
    assert not candidate.consents.filter(withdrawn_at__isnull=True).exists()


def test_an_optional_consent_can_be_given_later(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    candidate_client.post(
        URL, {"purpose": ConsentRecord.Purpose.SHARE_WITH_COMPANIES, "action": "grant"}
    )
    assert candidate.consents.filter(
        purpose=ConsentRecord.Purpose.SHARE_WITH_COMPANIES, withdrawn_at__isnull=True
    ).exists()


def test_an_unknown_purpose_is_an_error_message(candidate: CandidateProfile) -> None:
    client = client_in("en", candidate.user)
    response = client.post(URL, {"purpose": "sell_my_soul", "action": "grant"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Unknown consent."]
    assert not candidate.consents.exists()


def test_the_page_lists_who_looked_at_sensitive_data(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    organisation = OrganisationFactory.create(short_name="ENECA")
    reader = UserFactory.create(
        role="coordinator", organisation=organisation, first_name="Dragan", last_name="Ilić"
    )
    SensitiveDataAccess.objects.create(reader=reader, candidate=candidate, purpose="profile_view")
    page = candidate_client.get(URL).content.decode()
    assert "Dragan Ilić (ENECA)" in page and "profile_view" in page


def test_my_data_is_for_candidates_only() -> None:
    client = Client()
    client.force_login(UserFactory.create(role="company"))
    assert client.get(URL).status_code == 403
