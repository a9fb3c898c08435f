"""Schemathesis against the live OpenAPI schema, as every role: no 5xx, responses as documented.

The schema is loaded from /api/schema/ of the WSGI application (in-process, same database
transaction as the test). Every operation gets a bounded number of generated requests
(MAX_EXAMPLES, valid and invalid input), each sent once with the token of every role (and
anonymously), each time from the same starting world; each response must not be a server
error and must match the schema: status code documented, content type and body as declared.
Deterministic, so a CI run is repeatable. The world is built once for the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.authentication import token_issue
from config.wsgi import application
from notifications.models import Notification
from tests.api.conftest import ROLES, World, shared_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/api/conftest.py); each test's writes roll back."""
    return shared_world(module_world)


MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CONFIG: dict[str, Any] = {
    "generation": {
        "mode": "all",
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "database": "none",
        "allow-x00": True,  # NUL characters: PostgreSQL refuses them in text
    },
    # The coverage phase enumerates every boundary of every parameter (unbounded by
    # max-examples); stateful links are not declared. Examples and fuzzing stay.
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
}


# The live schema, as the application serves it (no database access is needed to load it).
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/", application, config=schemathesis.Config.from_dict(CONFIG)
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Requests go straight to the WSGI application, whose request signals would close the
    database connection that holds the test's transaction (Django's test client unhooks
    them the same way). SQLite's in-memory test database never closes, PostgreSQL's does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _unthrottled(settings: Any) -> None:
    # Generated searches and logins come fast: the throttles are tested elsewhere.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": None, "search": None},
    }


@schema.parametrize()
@pytest.mark.parametrize("roles", [ROLES], ids=["every role"])
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_as_every_role(case: Any, world: World, roles: tuple[str, ...]) -> None:
    """Each generated request is sent as every role, each from the same starting world (a
    savepoint rolled back after it): the inputs are generated once per operation."""
    generated = case.path_parameters
    for role in roles:
        case.path_parameters = None if generated is None else dict(generated)
        try:
            with transaction.atomic():
                _call_as(case, world, role)
                transaction.set_rollback(True)
        except Exception as error:
            error.add_note(f"as {role}")
            raise


def _call_as(case: Any, world: World, role: str) -> None:
    user = world.user(role)

    def call() -> None:
        headers = {}
        if user is not None:
            # Issued per request: a generated logout revokes the previous token.
            headers["Authorization"] = f"Token {token_issue(user=user).key}"
        cache.clear()
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
    # Generated ids almost never exist; the same request again on real objects (one of the
    # role's own, one of someone else's) checks the responses that carry data.
    for name in ("id", "document_id"):
        if name in (case.path_parameters or {}):
            for real_id in real_ids(world, case.path):
                case.path_parameters[name] = real_id
                call()


def real_ids(world: World, path: str) -> list[int]:
    """Ids of existing objects for the resource of an operation's path."""
    objects: dict[str, list[Any]] = {
        "/api/v1/candidates/": [world.candidate, world.other_candidate],
        "/api/v1/companies/": [world.company, world.other_company],
        "/api/v1/placements/": [world.placement_draft, world.other_open],
        "/api/v1/matches/": [world.proposed, world.other_suggestion],
        "/api/v1/allocation-runs/": [world.run, world.other_run],
        "/api/v1/notifications/": list(
            Notification.objects.filter(
                recipient__in=[world.candidate.user, world.member, world.coordinator]
            )
        ),
        "/api/v1/me/documents/": [world.document, world.other_document],
    }
    for prefix, found in objects.items():
        if path.startswith(prefix):
            return [item.pk for item in found]
    return []


def _call(operation_path: str, method: str, user: Any, **case: Any) -> Any:
    """One hand-written request through the schema's operation, validated like the rest."""
    headers = {"Authorization": f"Token {token_issue(user=user).key}"} if user else {}
    built = schema[operation_path][method].Case(**case)
    return built.call_and_validate(headers=headers, checks=CHECKS)


def test_successful_writes_conform_to_the_schema(world: World) -> None:
    """Generated input rarely gets past validation; these requests do, and their answers
    (201s and 200s with data) must match the schema as well."""
    from reference.skill_search import skill_search_index_clear
    from tests.api.conftest import PASSWORD, PDF_BYTES
    from tests.factories import UserFactory

    skill_search_index_clear()
    login = {"username": world.member.username, "password": PASSWORD}
    assert _call("/api/v1/auth/token/", "POST", None, body=login).status_code == 200
    body = {
        "company": world.company.pk,
        "kind": "internship",
        "title": "Praksa: CNC operater",
        "municipality": "nis",
        "duration_months": 6,
        "skills": [{"written_as": "CNC glodalica", "required": True}],
        "languages": [{"language": "de", "min_level": "A2"}],
    }
    created = _call("/api/v1/placements/", "POST", world.member, body=body)
    assert created.status_code == 201
    newcomer = UserFactory.create()
    profile = {
        "category": "graduate",
        "municipality": "leskovac",
        "skills": [{"written_as": "Excel"}],
    }
    assert _call("/api/v1/me/profile/", "POST", newcomer, body=profile).status_code == 201
    upload = _call(
        "/api/v1/me/documents/",
        "POST",
        world.candidate.user,
        body={"file": PDF_BYTES},
        media_type="multipart/form-data",
    )
    assert upload.status_code == 201
    run = _call("/api/v1/allocation-runs/", "POST", world.coordinator, body={"min_score": 0.0})
    assert run.status_code == 201
    step = _call(
        "/api/v1/matches/{id}/transition/",
        "POST",
        world.member,
        path_parameters={"id": str(world.proposed.pk)},
        body={"transition": "company_accept"},
    )
    assert step.status_code == 200
    approve = _call(
        "/api/v1/placements/{id}/approve/",
        "POST",
        world.coordinator,
        path_parameters={"id": str(world.placement_pending.pk)},
    )
    assert approve.status_code == 200
    skills = _call("/api/v1/skills/", "GET", None, query={"q": "zavariv"})
    assert skills.status_code == 200
