"""The coordinator's candidate list (search in either script) and candidate page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from candidates.models import CandidateLanguage, ConsentRecord, ProgrammeData, SensitiveDataAccess
from tests.frontend.coordinator.conftest import World

pytestmark = pytest.mark.django_db

LIST = reverse("coordinator:candidates")


def _names(client: Client, **params: str) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [str(profile) for profile in response.context["page"]]


def test_the_list_shows_the_districts_candidates(world: World, coordinator_client: Client) -> None:
    assert sorted(_names(coordinator_client)) == ["Jovan Đorđević", "Marija Petrović"]


@pytest.mark.parametrize("query", ["петровић", "Petrovic", "PETROVIĆ", "марија петр"])
def test_search_by_name_in_either_script(
    world: World, coordinator_client: Client, query: str
) -> None:
    assert _names(coordinator_client, q=query) == ["Marija Petrović"]


def test_search_in_cyrillic_finds_a_name_with_dj(world: World, coordinator_client: Client) -> None:
    assert _names(coordinator_client, q="Ђорђевић") == ["Jovan Đorđević"]


def test_search_does_not_reach_outside_the_districts(
    world: World, coordinator_client: Client
) -> None:
    assert _names(coordinator_client, q="Stojanović") == []


def test_filter_by_municipality(world: World, coordinator_client: Client) -> None:
    assert _names(coordinator_client, municipality="aleksinac") == ["Jovan Đorđević"]


def test_the_candidate_page_shows_profile_skills_languages_and_matches(
    world: World, coordinator_client: Client
) -> None:
    CandidateLanguage.objects.create(candidate=world.marija, language="de", level="B2")
    coordinator_client.post(
        reverse("coordinator:match-step", args=[world.low.pk]),
        {"transition": "reject", "reason_code": "poor_fit"},
    )
    response = coordinator_client.get(
        reverse("coordinator:candidate-detail", args=[world.marija.pk])
    )
    page = response.content.decode()
    assert "Marija Petrović" in page
    assert "Python" in page  # the skill, by its display name
    assert "B2" in page
    assert "Praksa: Python programer" in page and "Zavarivač" in page
    assert "Rejected by coordinator" in page
    # The history of the rejected match, with the reason.
    assert "Not a good fit for this placement" in page
    rows = {row["match"].pk: row for row in response.context["rows"]}
    assert [step.transition for step in rows[world.low.pk]["history"]] == ["reject"]


def test_a_candidate_outside_the_districts_is_404(world: World, coordinator_client: Client) -> None:
    url = reverse("coordinator:candidate-detail", args=[world.vranje_candidate.pk])
    assert coordinator_client.get(url).status_code == 404


def test_programme_data_is_shown_only_when_asked_and_the_read_is_logged(
    world: World, coordinator_client: Client
) -> None:
    consent = ConsentRecord.objects.create(
        candidate=world.marija,
        purpose=ConsentRecord.Purpose.PROGRAMME_DATA,
        notice_version="1",
        granted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    ProgrammeData.objects.create(
        candidate=world.marija,
        consent=consent,
        is_returnee=True,
        returned_from_country="DE",
        vulnerabilities=["roma"],
    )
    url = reverse("coordinator:candidate-detail", args=[world.marija.pk])
    plain = coordinator_client.get(url).content.decode()
    assert "Roma" not in plain
    assert not SensitiveDataAccess.objects.exists()

    shown = coordinator_client.get(url, {"programme_data": "1"}).content.decode()
    assert "Roma" in shown and "DE" in shown
    access = SensitiveDataAccess.objects.get()
    assert (access.reader, access.candidate, access.purpose) == (
        world.coordinator,
        world.marija,
        "coordinator_page",
    )
