"""Onboarding and the profile page: skills (typed in either script, with typos, or as chips),
languages, education, availability, the optional CV; saving asks for a match refresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from candidates.models import CandidateProfile
from matching import signals
from tests.factories import CandidateProfileFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def form_data(profile: CandidateProfile, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "skills_text": "",
        "category": profile.category,
        "seeks": ["internship"],
        "municipality": profile.municipality_id,
        "max_commute_km": "25",
        "education_level": "6",
        "education_field": "Elektronika",
        "institution": "Elektronski fakultet Niš",
        "graduation_year": "2025",
        "experience": "Volontirala u lokalnoj biblioteci.",
        "availability_date": "2027-02-01",
        "language_0": "en",
        "level_0": "B2",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def skill_codes(profile: CandidateProfile) -> set[str]:
    return {row.skill.code for row in profile.skills.select_related("skill") if row.skill}


@pytest.mark.parametrize("typed", ["Пајтон", "pyhton"])
def test_onboarding_resolves_skills_typed_in_cyrillic_or_with_a_typo(
    candidate: CandidateProfile, candidate_client: Client, typed: str
) -> None:
    response = candidate_client.post("/me/welcome/", form_data(candidate, skills_text=typed))
    assert response.status_code == 302
    assert response["Location"] == "/me/matches/"
    assert skill_codes(candidate) == {"it.python"}
    row = candidate.skills.get()
    assert row.written_as == typed


def test_the_no_js_path_takes_several_typed_skills_and_keeps_unknown_ones_in_own_words(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    response = candidate_client.post(
        "/me/profile/",
        form_data(candidate, skills_text="програмирање, Python\nšivenje ručnih torbica od jute"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/profile/"
    assert "it.python" in skill_codes(candidate)
    assert candidate.skills.filter(skill__isnull=False).count() == 2
    assert candidate.skills.filter(
        skill__isnull=True, written_as="šivenje ručnih torbica od jute"
    ).exists()


def test_the_chip_path_saves_skill_codes_and_the_rest_of_the_profile(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    response = candidate_client.post(
        "/me/profile/",
        form_data(candidate, skills=["it.python"], language_1="de", level_1="A2"),
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert skill_codes(candidate) == {"it.python"}
    assert candidate.max_commute_km == 25
    assert (candidate.seeks_internship, candidate.seeks_job) == (True, False)
    assert candidate.education_level == 6
    assert candidate.institution == "Elektronski fakultet Niš"
    assert str(candidate.availability_date) == "2027-02-01"
    assert set(candidate.languages.values_list("language", "level")) == {
        ("en", "B2"),
        ("de", "A2"),
    }
    # The page shows the saved skill as a chip and the languages selected.
    page = candidate_client.get("/me/profile/").content.decode()
    assert 'value="it.python"' in page
    assert "Python" in page


def test_an_unknown_skill_code_and_a_language_without_level_are_named_errors(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    candidate_client.cookies["django_language"] = "en"
    response = candidate_client.post(
        "/me/profile/", form_data(candidate, skills=["no.such.skill"], level_0="")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "skills" in errors and "level_0" in errors
    assert not candidate.languages.exists()


def test_saving_skills_asks_for_a_refresh_of_the_candidates_matches(
    candidate: CandidateProfile, candidate_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, int | None]] = []
    monkeypatch.setattr(
        signals, "matches_refresh_enqueue", lambda kind, pk=None, **kw: asked.append((kind, pk))
    )
    candidate_client.post("/me/profile/", form_data(candidate, skills_text="Python"))
    assert ("candidate", candidate.pk) in asked


def test_a_cv_is_uploaded_with_the_profile_and_a_bad_one_saves_nothing(
    candidate: CandidateProfile,
    candidate_client: Client,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    candidate_client.cookies["django_language"] = "en"
    bad = SimpleUploadedFile("cv.pdf", b"just some text", content_type="application/pdf")
    response = candidate_client.post(
        "/me/profile/", form_data(candidate, skills_text="Python", cv=bad)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cv"] == [
        "Upload the CV as a PDF or a Word (.docx) document."
    ]
    assert not candidate.skills.exists()  # nothing half-saved
    good = SimpleUploadedFile("Moj CV.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = candidate_client.post(
        "/me/profile/", form_data(candidate, skills_text="Python", cv=good)
    )
    assert response.status_code == 302
    document = candidate.documents.get()
    assert document.original_name == "Moj CV.pdf"
    # ...and it can be deleted from the profile page.
    response = candidate_client.post(f"/me/documents/{document.pk}/delete/")
    assert response.status_code == 302
    assert not candidate.documents.exists()


def test_a_cv_larger_than_the_limit_is_refused(
    candidate: CandidateProfile,
    candidate_client: Client,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.CV_MAX_BYTES = 100
    big = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"x" * 200, content_type="application/pdf")
    candidate_client.cookies["django_language"] = "en"
    response = candidate_client.post("/me/profile/", form_data(candidate, cv=big))
    assert response.status_code == 200
    assert "larger than" in response.context["form"].errors["cv"][0]
    assert not candidate.documents.exists()


def test_another_candidates_document_cannot_be_deleted(candidate_client: Client) -> None:
    other = CandidateProfileFactory.create(user=UserFactory.create())
    from candidates.models import CandidateDocument

    document = CandidateDocument.objects.create(
        candidate=other,
        file="documents/x.pdf",
        content_type="application/pdf",
        size_bytes=1,
        sha256="0" * 64,
    )
    assert candidate_client.post(f"/me/documents/{document.pk}/delete/").status_code == 404
    assert CandidateDocument.objects.filter(pk=document.pk).exists()


def test_the_profile_pages_are_for_candidates_only() -> None:
    assert Client().get("/me/profile/")["Location"].startswith("/accounts/login/")
    company_user = UserFactory.create(role="company")
    client = Client()
    client.force_login(company_user)
    assert client.get("/me/profile/").status_code == 403


def test_the_cyrillic_page_names_municipalities_in_cyrillic(
    candidate: CandidateProfile, candidate_client: Client
) -> None:
    candidate.municipality = municipality("pirot")
    candidate.save()
    candidate_client.cookies["django_language"] = "sr"
    page = candidate_client.get("/me/profile/").content.decode()
    assert "Пирот</option>" in page
