"""The company pages: sign-up, home, profile, placements and proposed candidates."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.models import User
from candidates.models import CandidateSkill
from companies.models import Company, CompanyMembership, Placement, PlacementSkill
from matching.explanations import explanation_sentences
from matching.models import Match, MatchTransition
from reference.models import Skill
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    PlacementFactory,
    UserFactory,
    municipality,
    pib_with_check_digit,
)

pytestmark = pytest.mark.django_db

S = Match.Status
VALID_PIB = pib_with_check_digit("12345678")  # 123456788
BREAKDOWN: dict[str, Any] = {
    "total": 0.81,
    "components": {"skills": 0.8, "text": 0.4, "location": 1.0},
    "requirements": [
        {
            "requirement": "Python",
            "skill": "it.python",
            "required": True,
            "matched_by": "exact",
            "candidate_term": "Python",
            "similarity": 1.0,
            "credit": 1.0,
        },
        {
            "requirement": "Docker",
            "skill": None,
            "required": True,
            "matched_by": None,
            "candidate_term": None,
            "similarity": 0.0,
            "credit": 0.0,
        },
    ],
    "missing_required": ["Docker"],
    "distance_km": 12.3,
    "location_tier": "same_district",
    "excluded": [],
}


def member_of(company: Company, **fields: Any) -> User:
    user = UserFactory.create(role=User.Role.COMPANY, **fields)
    CompanyMembership.objects.create(user=user, company=company, role="owner")
    return user


def english(client: Client | None = None) -> Client:
    """A client reading the pages in English (the default language is Serbian Latin)."""
    client = client or Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Dragana",
        "last_name": "Stojanović",
        "email": "Dragana@Firma.rs",
        "phone": "+381 64 123 4567",
        "password1": "Plava-Tvrdjava-2024",
        "password2": "Plava-Tvrdjava-2024",
        "legal_name": "Južna Pruga d.o.o.",
        "pib": VALID_PIB,
        "mb": "21345678",
        "sector": "C",
        "municipality": str(municipality("leskovac").pk),
        "address": "Bulevar oslobođenja 12",
        "website": "https://juzna-pruga.rs",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def company() -> Company:
    return CompanyFactory.create(legal_name="Niška Softver d.o.o.", verified=False)


@pytest.fixture
def member(company: Company) -> User:
    return member_of(company)


@pytest.fixture
def client_in(member: User) -> Client:
    client = english()
    client.force_login(member)
    return client


# --- sign-up -----------------------------------------------------------------------------


def test_signup_with_a_valid_pib_creates_person_company_and_ownership_and_logs_in() -> None:
    client = english()
    response = client.post(reverse("company:signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("company:home")
    user = User.objects.get(username="dragana@firma.rs")
    assert user.role == User.Role.COMPANY
    assert user.check_password("Plava-Tvrdjava-2024")
    assert user.phone == "+381 64 123 4567"
    company = Company.objects.get(pib=VALID_PIB)
    assert company.verified is False
    assert company.municipality.code == "leskovac"
    assert company.contact_email == "dragana@firma.rs"
    assert CompanyMembership.objects.filter(user=user, company=company, role="owner").exists()
    home = client.get(reverse("company:home"))
    assert home.status_code == 200
    content = home.content.decode()
    assert "Južna Pruga d.o.o." in content
    assert "Waiting for verification" in content
    assert "Welcome! Južna Pruga d.o.o. is registered." in content


def test_signup_page_offers_municipalities_in_the_pages_script() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sr"
    assert "Лесковац" in client.get(reverse("company:signup")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Leskovac" in client.get(reverse("company:signup")).content.decode()


def test_signup_with_a_wrong_pib_check_digit_names_the_field_and_saves_nothing() -> None:
    wrong = VALID_PIB[:8] + str((int(VALID_PIB[8]) + 1) % 10)
    users = User.objects.count()
    response = english().post(reverse("company:signup"), signup_data(pib=wrong))
    assert response.status_code == 200
    assert "PIB check digit is wrong" in response.content.decode()
    assert response.context["form"].errors["pib"]
    assert User.objects.count() == users
    assert not Company.objects.filter(pib=wrong).exists()


def test_signup_with_a_taken_pib_names_the_field_and_saves_nothing() -> None:
    CompanyFactory.create(pib=VALID_PIB)
    users = User.objects.count()
    companies = Company.objects.count()
    response = english().post(reverse("company:signup"), signup_data())
    assert response.status_code == 200
    assert "pib" in response.context["form"].errors
    assert "PIB already exists" in response.content.decode()
    assert User.objects.count() == users  # the person was rolled back with the company
    assert Company.objects.count() == companies


def test_signup_with_a_taken_email_or_weak_or_differing_passwords_is_refused() -> None:
    UserFactory.create(username="dragana@firma.rs")
    response = english().post(
        reverse("company:signup"), signup_data(password1="12345", password2="12346")
    )
    errors = response.context["form"].errors
    assert "password2" in errors
    response = english().post(
        reverse("company:signup"), signup_data(password1="1234567890", password2="1234567890")
    )
    assert "password1" in response.context["form"].errors
    response = english().post(reverse("company:signup"), signup_data())
    assert response.context["form"].errors["email"] == [
        "An account with this e-mail address already exists."
    ]
    assert not Company.objects.filter(pib=VALID_PIB).exists()


def test_logged_out_header_links_to_company_signup() -> None:
    content = Client().get(reverse("frontend:placement-browse")).content.decode()
    assert reverse("company:signup") in content


# --- access, home and profile --------------------------------------------------------------


def test_company_pages_need_a_company_user() -> None:
    response = Client().get(reverse("company:home"))
    assert response.status_code == 302
    assert reverse("frontend:login") in response["Location"]
    candidate = Client()
    candidate.force_login(UserFactory.create(role=User.Role.CANDIDATE))
    assert candidate.get(reverse("company:home")).status_code == 403
    assert candidate.get(reverse("company:proposals")).status_code == 403


def test_login_lands_a_company_user_on_company_home(client_in: Client) -> None:
    response = client_in.get(reverse("frontend:home"))
    assert response["Location"] == reverse("company:home")


def test_home_lists_placements_with_status_and_waiting_counts(
    client_in: Client, company: Company
) -> None:
    placement = PlacementFactory.create(company=company, title="Praksa za magacionera")
    for status in (S.PROPOSED, S.PROPOSED, S.COMPANY_ACCEPTED, S.SUGGESTED):
        Match.objects.create(
            candidate=CandidateProfileFactory.create(),
            placement=placement,
            score=0.6,
            status=status,
        )
    response = client_in.get(reverse("company:home"))
    placements = dict(response.context["companies"])[company]
    assert [(p.pk, p.waiting_count, p.proposed_count) for p in placements] == [(placement.pk, 2, 3)]
    content = response.content.decode()
    assert "Praksa za magacionera" in content
    assert "2 proposed candidates are waiting for your answer." in content
    for label in ("Home", "Placements", "Proposed candidates", "Company profile"):
        assert f">{label}</a>" in content


def test_profile_edit_saves_through_the_service_and_keeps_pib(
    client_in: Client, company: Company
) -> None:
    data = {
        "legal_name": "Niška Softver Plus d.o.o.",
        "sector": "J",
        "municipality": str(municipality("nis").pk),
        "address": "Obrenovićeva 1",
        "website": "",
        "description": "Razvoj softvera.",
        "contact_name": "Ana",
        "contact_email": "ana@example.org",
        "contact_phone": "",
        "pib": "000000000",
        "verified": "on",
    }
    response = client_in.post(reverse("company:profile"), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.legal_name == "Niška Softver Plus d.o.o."
    assert company.contact_email == "ana@example.org"
    assert company.verified is False
    assert company.pib != "000000000"


def test_profile_of_another_company_is_not_found(client_in: Client) -> None:
    other = CompanyFactory.create()
    assert client_in.get(reverse("company:profile-company", args=[other.pk])).status_code == 404


# --- placements ----------------------------------------------------------------------------


def placement_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "internship",
        "title": "Praksa: junior programer",
        "description": "Šest meseci u timu.",
        "municipality": str(municipality("nis").pk),
        "slots": "2",
        "start_date": "2027-03-01",
        "duration_months": "6",
        "application_deadline": "2027-02-01",
        "required_skills_text": "пајтон, Pyhton, Javascirpt",
        "preferred_skills_text": "Excel, pletenje korpi",
        "language_1": "de",
        "language_level_1": "B1",
    }
    data.update(overrides)
    return data


def test_create_placement_with_cyrillic_and_misspelt_skills(
    client_in: Client, company: Company
) -> None:
    response = client_in.post(reverse("company:placement-create"), placement_data())
    assert response.status_code == 302, response.context["form"].errors
    placement = Placement.objects.get(company=company)
    assert response["Location"] == reverse("company:placement-detail", args=[placement.pk])
    assert placement.status == Placement.Status.DRAFT
    rows = {
        (row.skill.code if row.skill else row.written_as, row.required)
        for row in PlacementSkill.objects.filter(placement=placement).select_related("skill")
    }
    assert rows == {
        ("it.python", True),
        ("it.javascript", True),
        ("office.excel", False),
        ("pletenje korpi", False),
    }
    python = PlacementSkill.objects.get(placement=placement, skill__code="it.python")
    assert python.written_as == "пајтон"
    assert list(placement.languages.values_list("language", "min_level")) == [("de", "B1")]
    detail = client_in.get(response["Location"]).content.decode()
    assert "Python" in detail and "pletenje korpi" in detail


def test_create_placement_errors_name_the_field(client_in: Client, company: Company) -> None:
    response = client_in.post(
        reverse("company:placement-create"), placement_data(language_level_1="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["language_level_1"] == ["Choose the minimum level."]
    # The model's rules come back from placement_create, on the fields they name.
    response = client_in.post(
        reverse("company:placement-create"),
        placement_data(municipality="", duration_months=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["municipality"] == ["Give the municipality, or mark the placement remote."]
    assert errors["duration_months"] == ["Give the internship's duration in months."]
    assert "Give the municipality, or mark the placement remote." in response.content.decode()
    assert not Placement.objects.filter(company=company).exists()


def test_edit_a_draft_replaces_skills_and_keeps_how_they_were_written(
    client_in: Client, company: Company
) -> None:
    client_in.post(reverse("company:placement-create"), placement_data())
    placement = Placement.objects.get(company=company)
    response = client_in.post(
        reverse("company:placement-edit", args=[placement.pk]),
        placement_data(
            title="Praksa: programer",
            required_skills=["it.python"],
            required_skills_text="SQL",
            preferred_skills_text="",
            language_1="",
            language_level_1="",
        ),
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.title == "Praksa: programer"
    rows = PlacementSkill.objects.filter(placement=placement).select_related("skill")
    assert {(row.skill.code if row.skill else row.written_as) for row in rows} == {
        "it.python",
        "it.sql",
    }
    assert rows.get(skill__code="it.python").written_as == "пајтон"
    assert not placement.languages.exists()


def test_edit_form_shows_current_skills_as_chips(client_in: Client, company: Company) -> None:
    client_in.post(reverse("company:placement-create"), placement_data())
    placement = Placement.objects.get(company=company)
    content = client_in.get(reverse("company:placement-edit", args=[placement.pk])).content
    assert b'name="required_skills" value="it.python"' in content
    assert b"pletenje korpi" in content


def test_submit_for_review_then_submitting_again_is_refused(
    client_in: Client, company: Company
) -> None:
    placement = PlacementFactory.create(company=company, status=Placement.Status.DRAFT)
    url = reverse("company:placement-submit", args=[placement.pk])
    assert client_in.get(url).status_code == 405
    response = client_in.post(url)
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PENDING_REVIEW
    response = client_in.post(url)
    assert any("Pending review" in m for m in messages_of(response))


def test_an_approved_placement_changes_only_slots_and_deadline(
    client_in: Client, company: Company
) -> None:
    placement = PlacementFactory.create(company=company, title="Original", slots=2)
    response = client_in.post(
        reverse("company:placement-edit", args=[placement.pk]),
        placement_data(title="Changed", slots="4", kind="job"),
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.title, placement.kind, placement.slots) == ("Original", "internship", 4)


def test_a_closed_placement_cannot_be_edited(client_in: Client, company: Company) -> None:
    placement = PlacementFactory.create(company=company, status=Placement.Status.OPEN)
    client_in.post(reverse("company:placement-close", args=[placement.pk]))
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CLOSED
    response = client_in.post(
        reverse("company:placement-edit", args=[placement.pk]), placement_data(title="New")
    )
    assert response.status_code == 200
    assert "A closed placement cannot be edited." in response.content.decode()
    placement.refresh_from_db()
    assert placement.title != "New"


def test_another_companys_placements_cannot_be_seen_or_changed(client_in: Client) -> None:
    draft = PlacementFactory.create(status=Placement.Status.DRAFT, title="Tuđa praksa")
    public = PlacementFactory.create(status=Placement.Status.OPEN)
    for name in ("company:placement-detail", "company:placement-edit"):
        assert client_in.get(reverse(name, args=[draft.pk])).status_code == 404
        assert client_in.get(reverse(name, args=[public.pk])).status_code == 403
    assert (
        client_in.post(
            reverse("company:placement-edit", args=[draft.pk]), placement_data(title="Hacked")
        ).status_code
        == 404
    )
    assert client_in.post(reverse("company:placement-submit", args=[draft.pk])).status_code == 404
    assert client_in.post(reverse("company:placement-close", args=[public.pk])).status_code == 403
    draft.refresh_from_db()
    public.refresh_from_db()
    assert (draft.title, draft.status) == ("Tuđa praksa", Placement.Status.DRAFT)
    assert public.status == Placement.Status.OPEN
    assert "Tuđa praksa" not in client_in.get(reverse("company:placements")).content.decode()


# --- proposed candidates -------------------------------------------------------------------


def proposed(placement: Placement, status: str = S.PROPOSED, **user: Any) -> Match:
    candidate = CandidateProfileFactory.create(
        user=UserFactory.create(phone="+381 63 555 000", **user), max_commute_km=30
    )
    CandidateSkill.objects.create(
        candidate=candidate, skill=Skill.objects.get(code="it.python"), written_as="Python"
    )
    return Match.objects.create(
        candidate=candidate, placement=placement, score=0.81, status=status, breakdown=BREAKDOWN
    )


def test_proposals_show_only_proposed_or_later_matches_of_own_placements(
    client_in: Client, company: Company
) -> None:
    placement = PlacementFactory.create(company=company)
    shown = [proposed(placement, status) for status in (S.PROPOSED, S.COMPANY_ACCEPTED, S.PLACED)]
    hidden = [proposed(placement, status) for status in (S.SUGGESTED, S.INTERESTED, S.SHORTLISTED)]
    hidden.append(proposed(PlacementFactory.create(), S.PROPOSED))  # another company's
    content = client_in.get(reverse("company:proposals")).content.decode()
    for match in shown:
        assert f'id="proposal-{match.pk}"' in content
    for match in hidden:
        assert f'id="proposal-{match.pk}"' not in content
    detail = client_in.get(reverse("company:placement-detail", args=[placement.pk]))
    assert [p.match.pk for p in detail.context["proposals"]] == [
        shown[0].pk,
        shown[1].pk,
        shown[2].pk,
    ]


@pytest.mark.parametrize("language", ["sr-latn", "sr", "en"])
def test_proposals_explain_the_match_in_the_pages_language(
    client_in: Client, company: Company, language: str
) -> None:
    proposed(PlacementFactory.create(company=company))
    client_in.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client_in.get(reverse("company:proposals")).content.decode()
    sentences = explanation_sentences(
        BREAKDOWN, language=language, commute_km=30, audience="company"
    )
    assert len(sentences) == 2
    for sentence in sentences:
        assert escape(sentence) in content
    assert "Python" in content  # the candidate's skills


def test_contact_details_appear_only_after_the_candidate_accepted(
    client_in: Client, company: Company
) -> None:
    placement = PlacementFactory.create(company=company)
    waiting = proposed(
        placement,
        S.COMPANY_ACCEPTED,
        first_name="Jelena",
        last_name="Ilić",
        email="jelena.ilic@example.org",
    )
    content = client_in.get(reverse("company:proposals")).content.decode()
    for secret in ("Jelena", "Ilić", "jelena.ilic@example.org", "+381 63 555 000"):
        assert secret not in content
    assert f"C-{waiting.candidate_id}" in content
    Match.objects.filter(pk=waiting.pk).update(status=S.CANDIDATE_ACCEPTED)
    content = client_in.get(reverse("company:proposals")).content.decode()
    for secret in ("Jelena Ilić", "jelena.ilic@example.org", "+381 63 555 000"):
        assert secret in content


def step(client: Client, match: Match, transition: str, reason: str = "") -> Any:
    return client.post(
        reverse("company:match-step", args=[match.pk]),
        {"transition": transition, "reason": reason, "next": reverse("company:proposals")},
    )


def test_accept_through_the_page_moves_the_match_and_writes_the_audit_row(
    client_in: Client, company: Company, member: User
) -> None:
    match = proposed(PlacementFactory.create(company=company, slots=1))
    response = step(client_in, match, "company_accept")
    assert response.status_code == 302
    assert response["Location"] == reverse("company:proposals")
    match.refresh_from_db()
    assert match.status == S.COMPANY_ACCEPTED
    record = MatchTransition.objects.get(match=match)
    assert (record.transition, record.from_status, record.to_status, record.actor) == (
        "company_accept",
        S.PROPOSED,
        S.COMPANY_ACCEPTED,
        member,
    )
    assert match.placement.__class__.objects.get(pk=match.placement_id).status == "filled"


def test_decline_needs_a_reason_and_then_records_it(client_in: Client, company: Company) -> None:
    match = proposed(PlacementFactory.create(company=company))
    response = step(client_in, match, "company_decline")
    assert any("reason" in m for m in messages_of(response))
    match.refresh_from_db()
    assert match.status == S.PROPOSED
    step(client_in, match, "company_decline", "Tražimo nekog sa iskustvom u Dockeru.")
    match.refresh_from_db()
    assert match.status == S.COMPANY_DECLINED
    record = MatchTransition.objects.get(match=match)
    assert record.reason == "Tražimo nekog sa iskustvom u Dockeru."


def test_mark_an_internship_completed_or_ended_early(client_in: Client, company: Company) -> None:
    placement = PlacementFactory.create(company=company, slots=3)
    finished = proposed(placement, S.PLACED)
    dropped = proposed(placement, S.PLACED)
    content = client_in.get(reverse("company:proposals")).content.decode()
    assert "Mark completed" in content and "Mark ended early" in content
    step(client_in, finished, "complete")
    step(client_in, dropped, "end_early", "Preselio se u Beograd.")
    finished.refresh_from_db()
    dropped.refresh_from_db()
    assert (finished.status, dropped.status) == (S.COMPLETED, S.ENDED_EARLY)
    assert MatchTransition.objects.filter(match=finished, transition="complete").exists()
    assert MatchTransition.objects.get(match=dropped).reason == "Preselio se u Beograd."


def test_steps_the_company_may_not_take_are_refused(client_in: Client, company: Company) -> None:
    match = proposed(PlacementFactory.create(company=company))
    response = step(client_in, match, "candidate_accept")
    assert response.status_code == 302
    assert messages_of(response)
    match.refresh_from_db()
    assert match.status == S.PROPOSED
    assert not MatchTransition.objects.filter(match=match).exists()
    others = proposed(PlacementFactory.create(), S.PROPOSED)
    assert step(client_in, others, "company_accept").status_code == 404
    hidden = proposed(PlacementFactory.create(company=company), S.SHORTLISTED)
    assert step(client_in, hidden, "company_accept").status_code == 404
    others.refresh_from_db()
    assert others.status == S.PROPOSED


def test_an_unsafe_next_url_is_replaced(client_in: Client, company: Company) -> None:
    match = proposed(PlacementFactory.create(company=company))
    response = client_in.post(
        reverse("company:match-step", args=[match.pk]),
        {"transition": "company_accept", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("company:proposals")


# --- the pages render, with and without htmx -------------------------------------------------


def test_every_company_page_renders(client_in: Client, company: Company) -> None:
    placement = PlacementFactory.create(company=company, status=Placement.Status.OPEN)
    proposed(placement)
    for url in (
        reverse("company:home"),
        reverse("company:profile"),
        reverse("company:placements"),
        reverse("company:placements") + "?status=open",
        reverse("company:placement-create"),
        reverse("company:placement-detail", args=[placement.pk]),
        reverse("company:placement-edit", args=[placement.pk]),
        reverse("company:proposals") + "?show=waiting",
        reverse("frontend:notifications"),
    ):
        assert client_in.get(url).status_code == 200, url
    edit = client_in.get(reverse("company:placement-edit", args=[placement.pk]))
    assert "only the number of places and the application deadline" in edit.content.decode()
    assert edit.context["form"].fields["title"].disabled


def test_a_member_of_two_companies_chooses_the_company_of_a_new_placement(
    company: Company,
) -> None:
    second = CompanyFactory.create(legal_name="Pirotski Ćilim d.o.o.")
    user = member_of(company)
    CompanyMembership.objects.create(user=user, company=second)
    client = english()
    client.force_login(user)
    response = client.post(
        reverse("company:placement-create"), placement_data(company=str(second.pk))
    )
    assert response.status_code == 302
    assert Placement.objects.get().company == second
    other = CompanyFactory.create()
    response = client.post(
        reverse("company:placement-create"), placement_data(company=str(other.pk))
    )
    assert "company" in response.context["form"].errors
    assert not Placement.objects.filter(company=other).exists()


def test_an_htmx_step_answers_with_a_redirect_header(client_in: Client, company: Company) -> None:
    match = proposed(PlacementFactory.create(company=company))
    response = client_in.post(
        reverse("company:match-step", args=[match.pk]),
        {"transition": "company_accept", "next": reverse("company:proposals")},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("company:proposals")
    match.refresh_from_db()
    assert match.status == S.COMPANY_ACCEPTED


@pytest.mark.parametrize("language", ["sr-latn", "sr", "en"])
def test_the_pib_error_is_shown_in_the_pages_language(language: str) -> None:
    wrong = VALID_PIB[:8] + str((int(VALID_PIB[8]) + 1) % 10)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("company:signup"), signup_data(pib=wrong))
    with translation.override(language):
        expected = gettext("PIB check digit is wrong (ISO 7064 MOD 11,10).")
    assert escape(expected) in response.content.decode()
    assert 'id="id_pib-error"' in response.content.decode()
