"""Browsing and searching open placements (text in either script, place, kind, sector,
distance for a signed-in candidate), the placement page and "Express interest"."""

from __future__ import annotations

import pytest
from django.test import Client

from candidates.models import CandidateProfile
from companies.models import Placement
from companies.selectors import placement_list_open
from matching.models import Match, MatchTransition
from tests.factories import CompanyFactory, PlacementFactory, UserFactory, municipality

from .conftest import client_in, make_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def placements() -> dict[str, Placement]:
    return {
        "nis": PlacementFactory.create(
            title="Praksa: šef kuhinje", description="Kuvanje u restoranu."
        ),
        "pirot": PlacementFactory.create(
            title="Посао: програмер",
            municipality=municipality("pirot"),
            kind=Placement.Kind.JOB,
            company=CompanyFactory.create(legal_name="Пиротска софтверска кућа", sector="J"),
        ),
        "vranje": PlacementFactory.create(
            title="Praksa u proizvodnji",
            municipality=municipality("vranje"),
            company=CompanyFactory.create(legal_name="Fabrika Jug", sector="C"),
        ),
        "remote": PlacementFactory.create(
            title="Rad od kuće: korisnička podrška", municipality=None, remote=True
        ),
    }


def titles(client: Client, **params: str) -> set[str]:
    response = client.get("/", params)
    assert response.status_code == 200
    return {p.title for p in response.context["page"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sef kuhinje", {"Praksa: šef kuhinje"}),  # Latin without diacritics
        ("шеф", {"Praksa: šef kuhinje"}),  # Cyrillic finds Latin
        ("programer", {"Посао: програмер"}),  # Latin finds Cyrillic
        ("SOFTVERSKA", {"Посао: програмер"}),  # the company name, any case
        ("restoranu", {"Praksa: šef kuhinje"}),  # the description
        ("praksa vranje proizvodnji", set()),  # every word must be found
    ],
)
def test_text_search_works_in_both_scripts(
    placements: dict[str, Placement], query: str, expected: set[str]
) -> None:
    assert titles(Client(), q=query) == expected


def test_sector_kind_and_district_filters(placements: dict[str, Placement]) -> None:
    client = Client()
    assert titles(client, sector="C") == {"Praksa u proizvodnji"}
    assert titles(client, sector="J", kind="job") == {"Посао: програмер"}
    assert titles(client, district="RS-22") == {"Посао: програмер"}


def test_a_candidate_filters_by_distance_from_home(
    placements: dict[str, Placement], candidate: CandidateProfile, candidate_client: Client
) -> None:
    # The candidate lives in Niš: Pirot is about 60 km away, Vranje about 90 km.
    assert titles(candidate_client, within="10") == {
        "Praksa: šef kuhinje",
        "Rad od kuće: korisnička podrška",
    }
    assert "Посао: програмер" in titles(candidate_client, within="100")
    assert "Посао: програмер" not in titles(candidate_client, within="50")
    page = candidate_client.get("/").content.decode()
    assert 'name="within"' in page


def test_visitors_get_no_distance_filter(placements: dict[str, Placement]) -> None:
    client = Client()
    assert 'name="within"' not in client.get("/").content.decode()
    assert len(titles(client, within="10")) == 4


def test_the_selector_keeps_its_old_arguments(placements: dict[str, Placement]) -> None:
    assert {p.title for p in placement_list_open(municipality_code="vranje")} == {
        "Praksa u proizvodnji"
    }
    near = placement_list_open(near=municipality("nis"), within_km=10, text="praksa")
    assert {p.title for p in near} == {"Praksa: šef kuhinje"}


def test_the_placement_page_shows_details_and_only_open_placements(
    placements: dict[str, Placement],
) -> None:
    client = client_in("sr")
    page = client.get(f"/placements/{placements['pirot'].pk}/").content.decode()
    assert "Пиротска софтверска кућа" in page and "Пирот" in page
    assert 'href="/me/signup/"' in page
    Placement.objects.filter(pk=placements["nis"].pk).update(status=Placement.Status.DRAFT)
    assert client.get(f"/placements/{placements['nis'].pk}/").status_code == 404
    listing = Client().get("/").content.decode()
    assert f'href="/placements/{placements["pirot"].pk}/"' in listing


def test_express_interest_from_the_placement_page(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    placement = PlacementFactory.create()
    page = candidate_client.get(f"/placements/{placement.pk}/").content.decode()
    assert f'action="/placements/{placement.pk}/interest/"' in page
    response = candidate_client.post(f"/placements/{placement.pk}/interest/")
    match = Match.objects.get(candidate=candidate, placement=placement)
    assert response["Location"] == f"/me/matches/{match.pk}/"
    assert match.status == Match.Status.INTERESTED
    assert MatchTransition.objects.filter(match=match, transition="express_interest").exists()
    # Interested already: the button is gone, a link to the match is there instead.
    page = candidate_client.get(f"/placements/{placement.pk}/").content.decode()
    assert "/interest/" not in page and f'href="/me/matches/{match.pk}/"' in page


def test_express_interest_on_a_stored_suggestion(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    match = make_match(candidate)
    candidate_client.post(f"/placements/{match.placement_id}/interest/")
    match.refresh_from_db()
    assert match.status == Match.Status.INTERESTED


def test_a_hard_constraint_refusal_is_a_message(candidate: CandidateProfile) -> None:
    placement = PlacementFactory.create(min_education_level=8)  # the candidate has level 6
    client = client_in("en", candidate.user)
    response = client.post(f"/placements/{placement.pk}/interest/", follow=True)
    assert response.redirect_chain[-1][0] == f"/placements/{placement.pk}/"
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "You cannot express interest in this placement. "
        "Your education is below the minimum the posting asks for."
    ]
    assert not Match.objects.filter(candidate=candidate, placement=placement).exists()


def test_only_candidates_express_interest(placements: dict[str, Placement]) -> None:
    url = f"/placements/{placements['nis'].pk}/interest/"
    assert Client().post(url)["Location"].startswith("/accounts/login/")
    company = Client()
    company.force_login(UserFactory.create(role="company"))
    assert company.post(url).status_code == 403
    assert not Match.objects.exists()
