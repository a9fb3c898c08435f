"""What the API returns, beyond who may call it: minimised views, logging, errors, security."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.authentication import token_issue
from api.throttling import client_ip
from candidates.models import CandidateProfile, SensitiveDataAccess
from companies.models import Placement
from matching.models import AllocationProposal, Match, MatchTransition
from notifications.models import Notification
from tests.api.conftest import PASSWORD, PDF_BYTES, World, client_for
from tests.factories import CandidateProfileFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content[:300]
    return list(response.json()["results"])


def by_id(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in rows}


# --- data minimisation -----------------------------------------------------------------------


def test_a_company_sees_proposed_candidates_without_name_or_contact(world: World) -> None:
    rows = by_id(results(client_for(world.member).get("/api/v1/candidates/")))
    assert set(rows) == {world.candidate.pk, world.accepted_candidate.pk}
    proposed = rows[world.candidate.pk]
    assert proposed["contact"] is None
    assert proposed["programme"] is None
    assert proposed["reference"] == f"C-{world.candidate.pk}"
    assert "Stojanović" not in str(proposed) and "+381" not in str(proposed)


def test_a_company_sees_contact_details_once_the_candidate_accepted(world: World) -> None:
    row = client_for(world.member).get(f"/api/v1/candidates/{world.accepted_candidate.pk}/")
    assert row.json()["contact"]["last_name"] == "Ilić"
    assert row.json()["programme"] is None
    matches = by_id(results(client_for(world.member).get("/api/v1/matches/")))
    assert matches[world.accepted.pk]["candidate"]["contact"]["first_name"] == "Dragan"
    assert matches[world.proposed.pk]["candidate"]["contact"] is None


def test_a_company_cannot_search_or_filter_by_what_it_may_not_see(world: World) -> None:
    company = client_for(world.member)
    assert results(company.get("/api/v1/candidates/", {"search": "Stojanović"})) == []
    # The category filter is not theirs: it is ignored, so it tells them nothing.
    everyone = results(company.get("/api/v1/candidates/"))
    assert results(company.get("/api/v1/candidates/", {"category": "other_jobseeker"})) == everyone
    coordinator = client_for(world.coordinator)
    found = results(coordinator.get("/api/v1/candidates/", {"search": "Stojanović"}))
    assert [row["id"] for row in found] == [world.candidate.pk]
    assert results(coordinator.get("/api/v1/candidates/", {"category": "other_jobseeker"})) == []


def test_the_coordinator_of_the_district_sees_contact_and_programme_sections(
    world: World,
) -> None:
    row = client_for(world.coordinator).get(f"/api/v1/candidates/{world.candidate.pk}/").json()
    assert row["contact"]["phone"] == "+381641234567"
    assert row["programme"]["category"] == "graduate"
    assert "vulnerabilities" not in str(row)  # sensitive data has its own, logged endpoint


def test_company_details_only_for_its_members_and_coordinators(world: World) -> None:
    url = f"/api/v1/companies/{world.company.pk}/"
    assert client_for(world.candidate.user).get(url).json()["details"] is None
    assert client_for(world.member).get(url).json()["details"]["pib"] == world.company.pib
    assert client_for(world.coordinator).get(url).json()["details"] is not None


# --- sensitive data --------------------------------------------------------------------------


def test_reading_programme_data_is_logged(world: World) -> None:
    url = f"/api/v1/candidates/{world.candidate.pk}/programme-data/"
    body = client_for(world.coordinator).get(url).json()
    assert body["data"]["vulnerabilities"] == ["roma"]
    access = SensitiveDataAccess.objects.get(candidate=world.candidate)
    assert access.reader == world.coordinator
    assert access.outcome == SensitiveDataAccess.Outcome.GRANTED


def test_another_districts_coordinator_gets_404_and_the_attempt_is_logged(world: World) -> None:
    url = f"/api/v1/candidates/{world.candidate.pk}/programme-data/"
    response = client_for(world.other_coordinator).get(url)
    assert response.status_code == 404
    assert "roma" not in response.content.decode()
    denied = SensitiveDataAccess.objects.get(candidate=world.candidate)
    assert denied.reader == world.other_coordinator
    assert denied.outcome == SensitiveDataAccess.Outcome.DENIED


def test_a_coordinator_erases_a_candidate_of_their_district(world: World) -> None:
    response = client_for(world.coordinator).post(
        f"/api/v1/candidates/{world.candidate.pk}/erase/", {"reason": "candidate_request"}
    )
    assert response.status_code == 200
    assert response.json()["erased_by_role"] == "coordinator"
    row = client_for(world.coordinator).get(f"/api/v1/candidates/{world.candidate.pk}/").json()
    assert "Stojanović" not in str(row)


def test_the_candidate_downloads_their_data_and_manages_their_cvs(world: World) -> None:
    candidate = client_for(world.candidate.user)
    export = candidate.get("/api/v1/me/export/")
    assert export.json()["account"]["last_name"] == "Stojanović"
    assert export["Cache-Control"] == "private, no-store"
    upload = candidate.post(
        "/api/v1/me/documents/",
        {"file": SimpleUploadedFile("moj cv.pdf", PDF_BYTES)},
        format="multipart",
    )
    assert upload.status_code == 201 and upload.json()["content_type"] == "application/pdf"
    refused = candidate.post(
        "/api/v1/me/documents/",
        {"file": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf")},
        format="multipart",
    )
    assert refused.status_code == 400 and "file" in refused.json()["error"]["fields"]
    assert len(candidate.get("/api/v1/me/documents/").json()) == 2


# --- the candidate's profile -----------------------------------------------------------------


def test_a_candidate_changes_profile_skills_and_languages(world: World) -> None:
    candidate = client_for(world.candidate.user)
    response = candidate.patch(
        "/api/v1/me/profile/",
        {
            "max_commute_km": 45,
            "skills": [{"skill": "metal.welding", "proficiency": 4}, {"written_as": "viljuškar"}],
            "languages": [{"language": "de", "level": "B1"}],
        },
    )
    assert response.status_code == 200, response.content
    profile = response.json()
    assert profile["max_commute_km"] == 45
    # Typed words are linked by the same rule as on the pages ("viljuškar" names a skill).
    assert [(s["skill"], s["written_as"]) for s in profile["skills"]] == [
        ("metal.welding", ""),
        ("logistics.forklift", "viljuškar"),
    ]
    assert profile["languages"] == [{"language": "de", "level": "B1"}]


def test_profile_input_errors_name_their_fields(world: World) -> None:
    response = client_for(world.candidate.user).patch(
        "/api/v1/me/profile/",
        {"municipality": "atlantida", "skills": [{"proficiency": 9}]},
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "municipality" in fields
    assert "skills[0].proficiency" in fields


def test_a_new_candidate_creates_their_profile_once() -> None:
    user = UserFactory.create()
    client = client_for(user)
    assert client.get("/api/v1/me/profile/").status_code == 404
    body = {"category": "trained_beneficiary", "municipality": "leskovac"}
    created = client.post("/api/v1/me/profile/", body)
    assert created.status_code == 201 and created.json()["municipality"] == "leskovac"
    again = client.post("/api/v1/me/profile/", body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "profile_exists"


# --- placements ------------------------------------------------------------------------------


def test_a_placement_goes_from_draft_to_open_through_review(world: World) -> None:
    company, coordinator = client_for(world.member), client_for(world.coordinator)
    world.company.verified = False
    world.company.save()
    created = company.post(
        "/api/v1/placements/",
        {
            "company": world.company.pk,
            "kind": "job",
            "title": "Šivač/šivačica",
            "municipality": "leskovac",
            "skills": [{"skill": "metal.welding"}],
        },
    )
    assert created.status_code == 201 and created.json()["status"] == "draft"
    url = f"/api/v1/placements/{created.json()['id']}/"
    assert company.post(url + "submit/").json()["status"] == "pending_review"
    refused = coordinator.post(url + "approve/")
    assert refused.status_code == 409  # the company is not verified yet
    assert coordinator.post(f"/api/v1/companies/{world.company.pk}/verify/").status_code == 200
    assert coordinator.post(url + "approve/").json()["status"] == "open"
    locked = company.patch(url, {"title": "Nešto drugo"})
    assert locked.status_code == 409 and locked.json()["error"]["code"] == "illegal_transition"
    assert company.patch(url, {"slots": 5}).json()["slots"] == 5


def test_slots_cannot_drop_below_those_taken(world: World) -> None:
    url = f"/api/v1/placements/{world.placement_open.pk}/"
    response = client_for(world.member).patch(url, {"slots": 1})
    assert response.json()["slots"] == 1  # one slot is held: open becomes filled
    assert response.json()["status"] == "filled"
    Match.objects.filter(pk=world.proposed.pk).update(status=Match.Status.COMPANY_ACCEPTED)
    response = client_for(world.member).patch(url, {"slots": 1})
    assert response.status_code == 400 and "slots" in response.json()["error"]["fields"]


def test_placements_filter_by_place_kind_and_search(world: World) -> None:
    client = client_for(world.candidate.user)
    in_vranje = results(client.get("/api/v1/placements/", {"district": "RS-24"}))
    assert [row["id"] for row in in_vranje] == [world.other_open.pk]
    found = results(client.get("/api/v1/placements/", {"search": world.other_company.legal_name}))
    assert [row["id"] for row in found] == [world.other_open.pk]
    bad = client.get("/api/v1/placements/", {"kind": "apprenticeship"})
    assert bad.status_code == 400 and "kind" in bad.json()["error"]["fields"]


# --- matches ---------------------------------------------------------------------------------


def test_a_candidate_reads_their_match_with_its_explanation(world: World) -> None:
    body = client_for(world.candidate.user).get(f"/api/v1/matches/{world.proposed.pk}/").json()
    assert body["explanation"]["requirements"][0]["skill"] == "it.python"
    assert body["explanation"]["location_tier"] == "same_municipality"
    assert body["available_transitions"] == []  # the company decides first
    suggestion = client_for(world.candidate.user).get(f"/api/v1/matches/{world.suggestion.pk}/")
    assert suggestion.json()["available_transitions"] == ["express_interest"]


def test_an_illegal_step_is_409_with_the_error_body(world: World) -> None:
    response = client_for(world.candidate.user).post(
        f"/api/v1/matches/{world.proposed.pk}/transition/", {"transition": "candidate_accept"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert Match.objects.get(pk=world.proposed.pk).status == Match.Status.PROPOSED


def test_a_step_needing_a_reason_without_one_is_400(world: World) -> None:
    response = client_for(world.member).post(
        f"/api/v1/matches/{world.proposed.pk}/transition/", {"transition": "company_decline"}
    )
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


def test_a_step_is_audited_and_reasons_are_shown_to_coordinators_only(world: World) -> None:
    url = f"/api/v1/matches/{world.proposed.pk}/"
    client_for(world.member).post(
        url + "transition/", {"transition": "company_decline", "reason": "Treba nam iskustvo."}
    )
    record = MatchTransition.objects.get(match=world.proposed)
    assert record.actor == world.member and record.actor_role == "company"
    staff_view = client_for(world.coordinator).get(url).json()["history"]
    assert staff_view[0]["reason"] == "Treba nam iskustvo."
    candidate_view = client_for(world.candidate.user).get(url).json()["history"]
    assert candidate_view[0]["to_status"] == "company_declined"
    assert candidate_view[0]["reason"] is None


def test_matches_filter_by_status_and_score(world: World) -> None:
    client = client_for(world.coordinator)
    proposed = results(client.get("/api/v1/matches/", {"status": "proposed"}))
    assert [row["id"] for row in proposed] == [world.proposed.pk]
    strong = results(client.get("/api/v1/matches/", {"min_score": "0.75"}))
    assert [row["id"] for row in strong] == [world.proposed.pk]


# --- allocation runs -------------------------------------------------------------------------


def test_a_coordinator_runs_and_applies_an_allocation(world: World) -> None:
    newcomer = CandidateProfileFactory.create(municipality=municipality("aleksinac"))
    client = client_for(world.coordinator)
    created = client.post(
        "/api/v1/allocation-runs/", {"candidate_ids": [newcomer.pk], "min_score": 0.0}
    )
    assert created.status_code == 201, created.content
    run = created.json()
    assert run["status"] == "draft" and run["proposal_count"] == len(run["proposals"])
    report = client.post(f"/api/v1/allocation-runs/{run['id']}/apply/").json()
    assert report["run_id"] == run["id"]
    assert len(report["proposed"]) + len(report["skipped"]) == run["proposal_count"]
    if run["proposal_count"]:
        assert AllocationProposal.objects.filter(run_id=run["id"]).exclude(outcome="pending")
    again = client.post(f"/api/v1/allocation-runs/{run['id']}/apply/")
    assert again.status_code == 409


def test_an_allocation_over_another_districts_candidates_is_refused(world: World) -> None:
    response = client_for(world.coordinator).post(
        "/api/v1/allocation-runs/", {"candidate_ids": [world.other_candidate.pk]}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


# --- notifications ---------------------------------------------------------------------------


def test_notifications_are_marked_read(world: World) -> None:
    client = client_for(world.member)
    rows = results(client.get("/api/v1/notifications/", {"unread": "true"}))
    assert len(rows) == 1 and rows[0]["is_read"] is False
    assert client.post(f"/api/v1/notifications/{rows[0]['id']}/read/").json()["is_read"]
    assert results(client.get("/api/v1/notifications/", {"unread": "true"})) == []
    Notification.objects.filter(recipient=world.member).update(read_at=None)
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}


# --- skills autocomplete ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["заварив", "zavarivac", "Zavarivač", "ZAVARIV", "varilac"])
def test_the_skills_autocomplete_ignores_script_and_diacritics(query: str) -> None:
    response = APIClient().get("/api/v1/skills/", {"q": query})
    assert response.status_code == 200
    assert response.json()[0]["code"] == "metal.welding"


def test_the_skills_autocomplete_forgives_typos_and_speaks_the_request_language() -> None:
    typo = APIClient().get("/api/v1/skills/", {"q": "pyhton"}).json()
    assert typo[0]["code"] == "it.python"
    english = APIClient().get("/api/v1/skills/", {"q": "nemacki"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()[0]["label"] == "German"
    cyrillic = APIClient().get("/api/v1/skills/", {"q": "nemacki"}, HTTP_ACCEPT_LANGUAGE="sr")
    assert cyrillic.json()[0]["label"] == "немачки језик"
    latin = (
        APIClient()
        .get("/api/v1/skills/", {"q": "немачки"}, HTTP_ACCEPT_LANGUAGE="sr-latn")
        .json()[0]
    )
    assert latin["label"] == "nemački jezik" and latin["matched_label"] == "немачки"


def test_the_skills_autocomplete_needs_a_query_and_bounds_the_answer() -> None:
    missing = APIClient().get("/api/v1/skills/")
    assert missing.status_code == 400 and "q" in missing.json()["error"]["fields"]
    assert len(APIClient().get("/api/v1/skills/", {"q": "za", "limit": "3"}).json()) <= 3
    assert APIClient().get("/api/v1/skills/", {"q": "za", "limit": "99"}).status_code == 400


# --- authentication, throttling, lockout, CSRF ------------------------------------------------


def test_a_login_issues_a_token_that_expires(world: World, settings: Any) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": world.member.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["role"] == "company"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/auth/me/").json()["username"] == world.member.username
    Token.objects.filter(key=body["token"]).update(created=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    expired = client.get("/api/v1/auth/me/")
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "token_expired"
    assert expired["WWW-Authenticate"] == "Token"


def test_a_wrong_password_is_one_generic_error(world: World) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": world.member.username, "password": "nope nope"}
    )
    unknown = APIClient().post("/api/v1/auth/token/", {"username": "ghost", "password": "x"})
    assert response.status_code == unknown.status_code == 400
    assert response.json() == unknown.json()


@override_settings(AXES_ENABLED=True)
def test_repeated_failures_lock_the_username_from_that_address(world: World) -> None:
    client = APIClient(REMOTE_ADDR="10.0.0.7")
    wrong = {"username": world.member.username, "password": "wrong password"}
    statuses = [client.post("/api/v1/auth/token/", wrong).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]  # the fifth failure locks
    right = {"username": world.member.username, "password": PASSWORD}
    locked = client.post("/api/v1/auth/token/", right)  # even the right password
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"
    # The lock is on the pair: the same person from another address is not locked out.
    assert APIClient(REMOTE_ADDR="10.0.0.8").post("/api/v1/auth/token/", right).status_code == 200


def test_logins_are_throttled_per_address(world: World, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "3/minute", "search": None},
    }
    client = APIClient(REMOTE_ADDR="10.0.0.9")
    wrong = {"username": world.member.username, "password": "wrong password"}
    statuses = [client.post("/api/v1/auth/token/", wrong).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    throttled = client.post("/api/v1/auth/token/", wrong)
    assert throttled.json()["error"]["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_searches_are_throttled_and_plain_lists_are_not(world: World, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": None, "search": "2/minute"},
    }
    client = client_for(world.candidate.user)
    assert [client.get("/api/v1/skills/", {"q": "zav"}).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert client.get("/api/v1/placements/", {"search": "praksa"}).status_code == 429
    assert client.get("/api/v1/placements/").status_code == 200


def test_session_writes_need_the_csrf_token(world: World) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.candidate.user)
    assert client.get("/api/v1/me/profile/").status_code == 200
    refused = client.patch("/api/v1/me/profile/", {"max_commute_km": 10}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    allowed = client.patch(
        "/api/v1/me/profile/", {"max_commute_km": 10}, format="json", HTTP_X_CSRFTOKEN=secret
    )
    assert allowed.status_code == 200


def test_the_client_address_comes_from_the_trusted_proxy_only(settings: Any) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "172.18.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # not the forged 6.6.6.6


# --- schema, docs and errors -------------------------------------------------------------------


def test_the_schema_and_the_docs_are_served_without_a_cdn() -> None:
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/matches/{id}/transition/" in schema.json()["paths"]
    docs = APIClient().get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


def test_an_unknown_api_url_answers_in_the_error_format() -> None:
    response = APIClient().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_every_list_is_paginated_with_a_bounded_page_size(world: World) -> None:
    client = client_for(world.admin)
    page = client.get("/api/v1/placements/", {"page_size": 2}).json()
    assert page["count"] == Placement.objects.count() and len(page["results"]) == 2
    assert client.get("/api/v1/placements/", {"page": 999}).status_code == 404


def test_the_token_of_a_deactivated_user_stops_working(world: World) -> None:
    client = client_for(world.member)
    world.member.is_active = False
    world.member.save()
    assert client.get("/api/v1/auth/me/").status_code == 401
    assert CandidateProfile.objects.exists() and token_issue(user=world.admin)


def test_a_list_in_a_patch_is_validated_in_full(world: World) -> None:
    """PATCH makes the top-level fields optional, not the fields of each list item."""
    url = f"/api/v1/placements/{world.placement_draft.pk}/"
    response = client_for(world.member).patch(url, {"languages": [{"min_level": "B1"}]})
    assert response.status_code == 400
    assert "languages[0].language" in response.json()["error"]["fields"]
    response = client_for(world.candidate.user).patch(
        "/api/v1/me/profile/", {"languages": [{"level": "B1"}]}
    )
    assert "languages[0].language" in response.json()["error"]["fields"]
