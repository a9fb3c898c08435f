"""My matches: best first, explained in words in all three languages, with the steps the
candidate may take (interest, accept or decline an offer) and refusals as messages."""

from __future__ import annotations

import pytest
from django.test import Client

from candidates.models import CandidateProfile
from companies.models import Placement
from matching.models import Match, MatchTransition
from tests.factories import PlacementFactory, UserFactory, municipality

from .conftest import another_candidate, client_in, make_match

pytestmark = pytest.mark.django_db


def test_matches_are_listed_best_first_with_place_company_kind_and_score(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    make_match(candidate, PlacementFactory.create(title="Slabija praksa"), score=0.41)
    make_match(
        candidate,
        PlacementFactory.create(
            title="Bolji posao", kind=Placement.Kind.JOB, municipality=municipality("pirot")
        ),
        score=0.9,
    )
    page = candidate_client.get("/me/matches/").content.decode()
    assert page.index("Bolji posao") < page.index("Slabija praksa")
    assert "Pirot" in page and "90 %" in page and "41 %" in page


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "sr-latn",
            [
                "Odgovara: 4 od 5 traženih veština (Python, SQL, Git, Linux); nedostaje: Docker.",
                "Udaljenost 12 km (u okviru vaših 30 km).",
            ],
        ),
        (
            "sr",
            [
                "Одговара: 4 од 5 тражених вештина (Python, SQL, Git, Linux); недостаје: Docker.",
                "Удаљеност 12 км (у оквиру ваших 30 км).",
            ],
        ),
        (
            "en",
            [
                "Matches 4 of 5 required skills (Python, SQL, Git, Linux); missing: Docker.",
                "Distance 12 km (within your 30 km).",
            ],
        ),
    ],
)
def test_the_explanation_is_shown_in_words_in_the_page_language(
    candidate: CandidateProfile, language: str, sentences: list[str]
) -> None:
    match = make_match(candidate)
    client = client_in(language, candidate.user)
    for url in ("/me/matches/", f"/me/matches/{match.pk}/"):
        page = client.get(url).content.decode()
        for sentence in sentences:
            assert sentence in page


def test_express_interest_through_the_page(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    match = make_match(candidate)
    page = candidate_client.get("/me/matches/").content.decode()
    assert 'value="express_interest"' in page
    assert 'value="candidate_accept"' not in page
    response = candidate_client.post(
        f"/me/matches/{match.pk}/step/", {"transition": "express_interest"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/me/matches/{match.pk}/"
    match.refresh_from_db()
    assert match.status == Match.Status.INTERESTED
    record = MatchTransition.objects.get(match=match)
    assert (record.transition, record.actor_id) == ("express_interest", candidate.user_id)
    assert [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("transition", "status"),
    [
        ("candidate_accept", Match.Status.CANDIDATE_ACCEPTED),
        ("candidate_decline", Match.Status.CANDIDATE_DECLINED),
    ],
)
def test_accept_or_decline_an_offer_after_the_company_accepted(
    candidate: CandidateProfile, candidate_client: Client, transition: str, status: str
) -> None:
    match = make_match(candidate, status=Match.Status.COMPANY_ACCEPTED)
    page = candidate_client.get(f"/me/matches/{match.pk}/").content.decode()
    assert 'value="candidate_accept"' in page and 'value="candidate_decline"' in page
    response = candidate_client.post(
        f"/me/matches/{match.pk}/step/", {"transition": transition, "next": "/me/matches/"}
    )
    assert response["Location"] == "/me/matches/"
    match.refresh_from_db()
    assert match.status == status
    assert MatchTransition.objects.filter(match=match, transition=transition).exists()


def test_a_step_not_allowed_now_is_an_error_message_not_a_crash(
    candidate: CandidateProfile,
) -> None:
    match = make_match(candidate)
    client = client_in("en", candidate.user)
    response = client.post(
        f"/me/matches/{match.pk}/step/", {"transition": "candidate_accept"}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages and "cannot be moved" in messages[0]
    match.refresh_from_db()
    assert match.status == Match.Status.SUGGESTED


def test_a_step_of_another_role_is_refused(candidate: CandidateProfile) -> None:
    match = make_match(candidate, status=Match.Status.PROPOSED)
    client = client_in("en", candidate.user)
    response = client.post(
        f"/me/matches/{match.pk}/step/", {"transition": "company_accept"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["This step is not available."]
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


def test_interest_in_a_closed_placement_is_an_error_message(candidate: CandidateProfile) -> None:
    placement = PlacementFactory.create()
    match = make_match(candidate, placement, status=Match.Status.SUGGESTED)
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.CLOSED)
    # Suggestions for closed placements drop out of the candidate's list: 404.
    client = client_in("en", candidate.user)
    response = client.post(f"/me/matches/{match.pk}/step/", {"transition": "express_interest"})
    assert response.status_code == 404


def test_a_candidate_cannot_see_or_act_on_another_candidates_match(
    candidate_client: Client,
) -> None:
    other = make_match(another_candidate(), status=Match.Status.COMPANY_ACCEPTED)
    assert candidate_client.get(f"/me/matches/{other.pk}/").status_code == 404
    response = candidate_client.post(
        f"/me/matches/{other.pk}/step/", {"transition": "candidate_accept"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Match.Status.COMPANY_ACCEPTED
    assert "Praksa" not in candidate_client.get("/me/matches/").content.decode()


def test_matches_are_the_candidates_home_and_need_a_candidate() -> None:
    anonymous = Client().get("/me/matches/")
    assert anonymous["Location"].startswith("/accounts/login/")
    company = Client()
    company.force_login(UserFactory.create(role="company"))
    assert company.get("/me/matches/").status_code == 403


def test_the_candidate_menu_links_every_candidate_page(candidate_client: Client) -> None:
    page = candidate_client.get("/me/matches/").content.decode()
    for url in ("/me/matches/", "/me/profile/", "/me/notifications/", "/me/my-data/"):
        assert f'href="{url}"' in page
    assert 'href="/"' in page
