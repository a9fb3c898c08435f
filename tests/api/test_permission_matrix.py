"""Every role × every endpoint × its own object and someone else's: the status each must get.

"Own" is an object the role legitimately deals with (their profile, their company's
placement, a candidate of their district, a match proposed to their company); "other" is one
outside that (another district's candidate, another company's draft, a match of strangers).
Outside a user's scope an object is 404, never 403, so that ids cannot be probed (IDOR); a
visible object the role may not act on is 403; a step the role may take but not from the
object's state is 409. Each cell also checks the error body's format and code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.authentication import token_issue
from tests.api.conftest import PASSWORD, PDF_BYTES, ROLES, World, client_for, shared_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/api/conftest.py); each test's writes roll back."""
    return shared_world(module_world)


Obj = Callable[[World, str], Any]

ERROR_CODES = {
    400: {"invalid", "invalid_credentials"},
    401: {"not_authenticated"},
    403: {"permission_denied"},
    404: {"not_found"},
    409: {"illegal_transition", "capacity_exceeded", "profile_exists"},
}


def codes(anonymous: int, candidate: int, company: int, coordinator: int, admin: int) -> dict:
    return dict(zip(ROLES, (anonymous, candidate, company, coordinator, admin), strict=True))


def same(status: int, anonymous: int = 401) -> dict:
    return codes(anonymous, status, status, status, status)


def fixed(attribute: str) -> Obj:
    return lambda world, role: getattr(world, attribute)


def per_role(**attributes: str) -> Obj:
    """The object a role counts as its own; `default` for roles not named."""
    return lambda world, role: getattr(world, attributes.get(role, attributes["default"]))


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[Any], str]  # from the object (None for collection endpoints)
    own: dict
    other: dict | None = None
    own_object: Obj | None = None
    other_object: Obj | None = None
    body: Callable[[World, str, Any], dict] = field(default=lambda world, role, obj: {})
    format: str = "json"


def transition(name: str, reason: str = "") -> Callable[[World, str, Any], dict]:
    return lambda world, role, obj: {"transition": name, "reason": reason}


def placement_body(world: World, role: str, company: Any) -> dict:
    return {
        "company": company.pk,
        "kind": "internship",
        "title": "Praksa: zavarivač",
        "municipality": "nis",
        "duration_months": 6,
    }


def credentials(world: World, role: str, wrong: bool) -> dict:
    user = world.user(role)
    username = user.username if user is not None else "nobody"
    return {"username": username, "password": "wrong password!" if wrong else PASSWORD}


OWN_PLACEMENT = per_role(
    default="placement_open", company="placement_draft", admin="placement_draft"
)

ENDPOINTS = [
    # --- authentication ---
    Endpoint("auth-me", "get", lambda _: "/api/v1/auth/me/", own=same(200)),
    Endpoint("auth-logout", "post", lambda _: "/api/v1/auth/logout/", own=same(204)),
    Endpoint(
        "auth-token",
        "post",
        lambda _: "/api/v1/auth/token/",
        own=same(200, anonymous=400),
        other=same(400, anonymous=400),
        own_object=lambda world, role: False,
        other_object=lambda world, role: True,
        body=lambda world, role, wrong: credentials(world, role, wrong),
    ),
    # --- reference data (public) ---
    Endpoint("districts", "get", lambda _: "/api/v1/districts/", own=same(200, anonymous=200)),
    Endpoint(
        "municipalities",
        "get",
        lambda _: "/api/v1/municipalities/?q=ni",
        own=same(200, anonymous=200),
    ),
    Endpoint("skills", "get", lambda _: "/api/v1/skills/?q=prog", own=same(200, anonymous=200)),
    Endpoint("schema", "get", lambda _: "/api/schema/", own=same(200, anonymous=200)),
    # --- the candidate's own data ---
    Endpoint(
        "my-profile", "get", lambda _: "/api/v1/me/profile/", own=codes(401, 200, 403, 403, 403)
    ),
    Endpoint(
        "my-profile-update",
        "patch",
        lambda _: "/api/v1/me/profile/",
        own=codes(401, 200, 403, 403, 403),
        body=lambda world, role, obj: {"max_commute_km": 40},
    ),
    Endpoint(
        "my-profile-create",
        "post",
        lambda _: "/api/v1/me/profile/",
        own=codes(401, 409, 403, 403, 403),
        body=lambda world, role, obj: {"category": "graduate", "municipality": "nis"},
    ),
    Endpoint(
        "my-documents", "get", lambda _: "/api/v1/me/documents/", own=codes(401, 200, 403, 403, 403)
    ),
    Endpoint(
        "my-document-upload",
        "post",
        lambda _: "/api/v1/me/documents/",
        own=codes(401, 201, 403, 403, 403),
        body=lambda world, role, obj: {"file": SimpleUploadedFile("cv.pdf", PDF_BYTES)},
        format="multipart",
    ),
    Endpoint(
        "my-document-delete",
        "delete",
        lambda document: f"/api/v1/me/documents/{document.pk}/",
        own=codes(401, 204, 403, 403, 403),
        other=codes(401, 404, 403, 403, 403),
        own_object=fixed("document"),
        other_object=fixed("other_document"),
    ),
    Endpoint(
        "my-export", "get", lambda _: "/api/v1/me/export/", own=codes(401, 200, 403, 403, 403)
    ),
    # --- candidates ---
    Endpoint("candidate-list", "get", lambda _: "/api/v1/candidates/", own=same(200)),
    Endpoint(
        "candidate-detail",
        "get",
        lambda candidate: f"/api/v1/candidates/{candidate.pk}/",
        own=same(200),
        other=codes(401, 404, 404, 404, 200),
        own_object=fixed("candidate"),
        other_object=fixed("other_candidate"),
    ),
    Endpoint(
        "candidate-programme-data",
        "get",
        lambda candidate: f"/api/v1/candidates/{candidate.pk}/programme-data/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 404, 404, 404, 200),
        own_object=fixed("candidate"),
        other_object=fixed("other_candidate"),
    ),
    Endpoint(
        "candidate-erase",
        "post",
        lambda candidate: f"/api/v1/candidates/{candidate.pk}/erase/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 404, 404, 404, 200),
        own_object=fixed("candidate"),
        other_object=fixed("other_candidate"),
        body=lambda world, role, obj: {"reason": "candidate_request"},
    ),
    # --- companies ---
    Endpoint("company-list", "get", lambda _: "/api/v1/companies/", own=same(200)),
    Endpoint(
        "company-detail",
        "get",
        lambda company: f"/api/v1/companies/{company.pk}/",
        own=same(200),
        other=codes(401, 404, 404, 404, 200),
        own_object=fixed("company"),
        other_object=fixed("hidden_company"),
    ),
    Endpoint(
        "company-update",
        "patch",
        lambda company: f"/api/v1/companies/{company.pk}/",
        own=codes(401, 403, 200, 403, 200),
        other=codes(401, 403, 403, 403, 200),
        own_object=fixed("company"),
        other_object=fixed("other_company"),
        body=lambda world, role, obj: {"description": "Metaloprerada od 1998."},
    ),
    Endpoint(
        "company-verify",
        "post",
        lambda company: f"/api/v1/companies/{company.pk}/verify/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 403, 403, 403, 200),
        own_object=fixed("company"),
        other_object=fixed("other_company"),
    ),
    # --- placements ---
    Endpoint("placement-list", "get", lambda _: "/api/v1/placements/", own=same(200)),
    Endpoint(
        "placement-detail",
        "get",
        lambda placement: f"/api/v1/placements/{placement.pk}/",
        own=same(200),
        other=codes(401, 404, 404, 404, 200),
        own_object=per_role(
            default="placement_open",
            company="placement_draft",
            coordinator="placement_pending",
            admin="placement_draft",
        ),
        other_object=fixed("other_draft"),
    ),
    Endpoint(
        "placement-create",
        "post",
        lambda _: "/api/v1/placements/",
        own=codes(401, 403, 201, 403, 201),
        other=codes(401, 403, 400, 403, 201),
        own_object=fixed("company"),
        other_object=fixed("other_company"),
        body=placement_body,
    ),
    Endpoint(
        "placement-update",
        "patch",
        lambda placement: f"/api/v1/placements/{placement.pk}/",
        own=codes(401, 403, 200, 403, 200),
        other=codes(401, 403, 403, 403, 200),
        own_object=per_role(
            default="placement_open",
            company="placement_draft",
            coordinator="placement_pending",
            admin="placement_draft",
        ),
        other_object=fixed("other_open"),
        body=lambda world, role, obj: {"slots": 4},
    ),
    Endpoint(
        "placement-submit",
        "post",
        lambda placement: f"/api/v1/placements/{placement.pk}/submit/",
        own=codes(401, 403, 200, 403, 200),
        other=codes(401, 404, 404, 404, 200),
        own_object=per_role(default="placement_draft", candidate="placement_open"),
        other_object=fixed("other_draft"),
    ),
    Endpoint(
        "placement-approve",
        "post",
        lambda placement: f"/api/v1/placements/{placement.pk}/approve/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 404, 404, 404, 409),  # admin: their company is not verified
        own_object=per_role(default="placement_pending", candidate="placement_open"),
        other_object=fixed("other_pending"),
    ),
    Endpoint(
        "placement-close",
        "post",
        lambda placement: f"/api/v1/placements/{placement.pk}/close/",
        own=codes(401, 403, 200, 200, 200),
        other=codes(401, 403, 403, 403, 200),
        own_object=fixed("placement_open"),
        other_object=fixed("other_open"),
    ),
    Endpoint(
        "placement-interest",
        "post",
        lambda placement: f"/api/v1/placements/{placement.pk}/interest/",
        # The candidate's own: an open placement they were suggested for (→ interested).
        own=codes(401, 201, 403, 403, 403),
        other=codes(401, 404, 403, 403, 403),
        own_object=fixed("other_open"),
        other_object=fixed("other_draft"),
    ),
    Endpoint(
        "placement-interest-already-proposed",
        "post",
        lambda placement: f"/api/v1/placements/{placement.pk}/interest/",
        # The candidate's match here is past "suggested" (proposed): 409.
        own=codes(401, 409, 403, 403, 403),
        own_object=fixed("placement_open"),
    ),
    # --- matches ---
    Endpoint("match-list", "get", lambda _: "/api/v1/matches/", own=same(200)),
    Endpoint(
        "match-detail",
        "get",
        lambda match: f"/api/v1/matches/{match.pk}/",
        own=same(200),
        other=codes(401, 404, 404, 404, 200),
        own_object=fixed("proposed"),
        other_object=fixed("other_suggestion"),
    ),
    Endpoint(
        "match-company-accept",
        "post",
        lambda match: f"/api/v1/matches/{match.pk}/transition/",
        own=codes(401, 403, 200, 403, 200),
        other=codes(401, 404, 404, 404, 409),
        own_object=fixed("proposed"),
        other_object=fixed("other_suggestion"),
        body=transition("company_accept"),
    ),
    Endpoint(
        "match-reject",
        "post",
        lambda match: f"/api/v1/matches/{match.pk}/transition/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 404, 404, 404, 200),
        own_object=fixed("proposed"),
        other_object=fixed("other_suggestion"),
        body=transition("reject", reason="Ne odgovara profilu."),
    ),
    Endpoint(
        "match-candidate-accept",
        "post",
        lambda match: f"/api/v1/matches/{match.pk}/transition/",
        own=codes(401, 409, 403, 403, 409),  # the company has not accepted yet
        other=codes(401, 404, 404, 404, 409),
        own_object=fixed("proposed"),
        other_object=fixed("other_suggestion"),
        body=transition("candidate_accept"),
    ),
    Endpoint(
        "match-express-interest",
        "post",
        lambda match: f"/api/v1/matches/{match.pk}/transition/",
        own=codes(401, 200, 403, 403, 200),
        other=codes(401, 404, 404, 404, 200),
        own_object=per_role(default="suggestion", company="proposed"),
        other_object=fixed("other_suggestion"),
        body=transition("express_interest"),
    ),
    Endpoint(
        "match-place",
        "post",
        lambda match: f"/api/v1/matches/{match.pk}/transition/",
        own=codes(401, 403, 200, 200, 200),
        other=codes(401, 404, 404, 404, 409),
        own_object=per_role(default="accepted", candidate="proposed"),
        other_object=fixed("other_suggestion"),
        body=transition("place"),
    ),
    # --- allocation runs ---
    Endpoint(
        "allocation-list",
        "get",
        lambda _: "/api/v1/allocation-runs/",
        own=codes(401, 403, 403, 200, 200),
    ),
    Endpoint(
        "allocation-create",
        "post",
        lambda _: "/api/v1/allocation-runs/",
        own=codes(401, 403, 403, 201, 201),
        body=lambda world, role, obj: {"method": "optimal", "min_score": 0.0},
    ),
    Endpoint(
        "allocation-detail",
        "get",
        lambda run: f"/api/v1/allocation-runs/{run.pk}/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 403, 403, 404, 200),
        own_object=fixed("run"),
        other_object=fixed("other_run"),
    ),
    Endpoint(
        "allocation-apply",
        "post",
        lambda run: f"/api/v1/allocation-runs/{run.pk}/apply/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 403, 403, 404, 200),
        own_object=fixed("run"),
        other_object=fixed("other_run"),
    ),
    Endpoint(
        "allocation-discard",
        "post",
        lambda run: f"/api/v1/allocation-runs/{run.pk}/discard/",
        own=codes(401, 403, 403, 200, 200),
        other=codes(401, 403, 403, 404, 200),
        own_object=fixed("run"),
        other_object=fixed("other_run"),
    ),
    # --- notifications ---
    Endpoint("notification-list", "get", lambda _: "/api/v1/notifications/", own=same(200)),
    Endpoint(
        "notification-read",
        "post",
        lambda notification: f"/api/v1/notifications/{notification.pk}/read/",
        own=same(200),
        other=same(404),
        own_object=lambda world, role: world.notification_of(
            world.user(role) or world.candidate.user
        ),
        other_object=lambda world, role: world.notification_of(world.other_candidate.user),
    ),
    Endpoint(
        "notification-read-all", "post", lambda _: "/api/v1/notifications/read-all/", own=same(200)
    ),
]

CELLS = [
    pytest.param(endpoint, role, which, id=f"{endpoint.name}-{role}-{which}")
    for endpoint in ENDPOINTS
    for role in ROLES
    for which in ("own", "other")
    if which == "own" or endpoint.other is not None
]


def test_the_matrix_covers_every_operation_of_the_schema() -> None:
    """Every (path, method) the OpenAPI schema documents has at least one row above."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "put", "delete"}
    }
    dummy = SimpleNamespace(pk=1)
    covered = set()
    for path, method in operations:
        pattern = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[0-9]+", re.escape(path)) + "$")
        for endpoint in ENDPOINTS:
            url = endpoint.url(dummy).split("?")[0]
            if endpoint.method == method and pattern.match(url):
                covered.add((path, method))
    assert sorted(operations - covered) == []
    assert len(CELLS) >= 5 * len(ENDPOINTS)


@pytest.mark.parametrize(("endpoint", "role", "which"), CELLS)
def test_permission_cell(world: World, endpoint: Endpoint, role: str, which: str) -> None:
    chooser = endpoint.own_object if which == "own" else endpoint.other_object
    obj = chooser(world, role) if chooser is not None else None
    expected = (endpoint.own if which == "own" else endpoint.other or {})[role]
    client = client_for(world.user(role))
    if endpoint.name == "auth-token":
        client = client_for(None)
    response = getattr(client, endpoint.method)(
        endpoint.url(obj), endpoint.body(world, role, obj), format=endpoint.format
    )
    assert response.status_code == expected, (response.status_code, response.content[:500])
    if expected >= 400:
        error = response.json()["error"]
        assert error["code"] in ERROR_CODES[expected], error
        assert set(error) == {"code", "message", "fields"}


def test_a_revoked_token_no_longer_works(world: World) -> None:
    client = client_for(world.member)
    assert client.post("/api/v1/auth/logout/").status_code == 204
    response = client.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert token_issue(user=world.member).key  # a new login issues a new one
