"""The coordinator's follow-up page: scope, recording with validation, history, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from followup.models import OutcomeCheck
from followup.services import outcome_checks_schedule
from matching.models import Match
from tests.factories import UserFactory
from tests.followup.conftest import World

pytestmark = pytest.mark.django_db
INDEX = reverse("followup:index")


def _due_check(
    world: World, *, days: int = 0, place: str = "nis", name: str = "Marija"
) -> OutcomeCheck:
    """A placed match whose 3-month check is due in `days` days (the others far later)."""
    match = world.make_match(status=Match.Status.PLACED, place=place, first_name=name)
    outcome_checks_schedule(match=match)
    match.outcome_checks.exclude(months=3).update(due_date=dt.date(2099, 1, 1))
    check = match.outcome_checks.get(months=3)
    check.due_date = timezone.localdate() + dt.timedelta(days=days)
    check.save()
    return check


def _client(user: User, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _record_url(check: OutcomeCheck) -> str:
    return reverse("followup:record", args=[check.pk])


def _data(check: OutcomeCheck, **values: str) -> dict[str, str]:
    return {f"check-{check.pk}-{key}": value for key, value in values.items()}


def test_the_page_lists_overdue_due_and_upcoming_checks_of_the_coordinators_districts(
    world: World,
) -> None:
    _due_check(world, days=-45, name="Olga")
    _due_check(world, days=-2, name="Dunja")
    _due_check(world, days=10, name="Uroš")
    _due_check(world, days=0, place="vranje", name="Vesna")
    response = _client(world.coordinator).get(INDEX)
    assert response.status_code == 200
    text = response.content.decode()
    overdue, rest = text.split('id="due-heading"')
    due, upcoming = rest.split('id="upcoming-heading"')
    assert "Olga" in overdue and "Dunja" not in overdue
    assert "Dunja" in due and "Uroš" not in due
    assert "Uroš" in upcoming
    assert "Vesna" not in text
    # The other district's coordinator sees only Vesna.
    far = _client(world.far_coordinator).get(INDEX).content.decode()
    assert "Vesna" in far and "Dunja" not in far


def test_the_menu_of_a_coordinator_links_to_the_page(world: World) -> None:
    response = _client(world.coordinator).get(INDEX)
    assert f'href="{INDEX}" aria-current="page"' in response.content.decode()


def test_recording_an_outcome_saves_it_and_redirects_with_a_confirmation(world: World) -> None:
    check = _due_check(world)
    client = _client(world.coordinator)
    response = client.post(
        _record_url(check), _data(check, outcome="employed_same", note="Contract for a year")
    )
    assert response.status_code == 302
    assert response["Location"] == INDEX
    check.refresh_from_db()
    assert (check.status, check.outcome, check.note) == (
        "recorded",
        "employed_same",
        "Contract for a year",
    )
    page = client.get(INDEX).content.decode()
    assert "Saved: Employed by the same employer for Marija Petrović" in page
    assert "Recently recorded" in page


def test_an_outcome_that_does_not_fit_is_shown_on_the_outcome_field(world: World) -> None:
    check = _due_check(world)
    response = _client(world.coordinator).post(
        _record_url(check), _data(check, outcome="completed")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Please correct the marked fields." in text
    assert f'id="id_check-{check.pk}-outcome-error"' in text
    assert "“Completed the internship” is not an outcome of the check" in text
    check.refresh_from_db()
    assert check.status == "due"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "is not an outcome of the check"),
        ("sr-latn", "nije ishod provere"),
        ("sr", "није исход провере"),
    ],
)
def test_the_misfit_outcome_message_is_in_the_pages_language(
    world: World, language: str, expected: str
) -> None:
    check = _due_check(world)
    response = _client(world.coordinator, language=language).post(
        _record_url(check), _data(check, outcome="completed")
    )
    assert response.status_code == 400
    error = response.content.decode().split(f'id="id_check-{check.pk}-outcome-error">')[1]
    assert expected in error.split("</p>")[0]


def test_an_early_recording_is_saved_with_a_warning(world: World) -> None:
    check = _due_check(world, days=5)
    client = _client(world.coordinator)
    response = client.post(_record_url(check), _data(check, outcome="unemployed"), follow=True)
    assert "This check was recorded 5 days before it is due." in response.content.decode()
    check.refresh_from_db()
    assert check.status == "recorded"


def test_recording_too_early_is_refused(world: World) -> None:
    check = _due_check(world, days=20)
    response = _client(world.coordinator).post(
        _record_url(check), _data(check, outcome="unemployed")
    )
    assert response.status_code == 400
    assert "it can be recorded from 14 days before that" in response.content.decode()


def test_the_unreachable_box_records_the_attempt(world: World) -> None:
    check = _due_check(world)
    response = _client(world.coordinator).post(_record_url(check), _data(check, unreachable="on"))
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.status == "unreachable"


def test_htmx_gets_the_check_back_as_a_fragment(world: World) -> None:
    check = _due_check(world)
    response = _client(world.coordinator).post(
        _record_url(check), _data(check, outcome="self_employed"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith('<article class="card outcome-check"')
    assert "Self-employed" in text
    assert "<html" not in text


def test_a_coordinator_cannot_record_a_check_of_another_district(world: World) -> None:
    check = _due_check(world, place="vranje")
    response = _client(world.coordinator).post(
        _record_url(check), _data(check, outcome="unemployed")
    )
    assert response.status_code == 404
    check.refresh_from_db()
    assert check.status == "due"


def test_the_history_shows_every_check_of_the_match_and_corrects_there(world: World) -> None:
    check = _due_check(world)
    url = reverse("followup:match", args=[check.match_id])
    client = _client(world.coordinator)
    text = client.get(url).content.decode()
    for label in ("Internship completion", "3 months after", "6 months after", "12 months after"):
        assert label in text
    response = client.post(
        _record_url(check), {**_data(check, outcome="completed"), "next": url, "from": "match"}
    )
    assert response.status_code == 400
    assert "Follow-up: Marija Petrović" in response.content.decode()
    response = client.post(_record_url(check), {**_data(check, outcome="education"), "next": url})
    assert response["Location"] == url
    assert _client(world.far_coordinator).get(url).status_code == 404


def test_the_page_is_in_serbian_by_default(world: World) -> None:
    response = _client(world.coordinator, language="sr-latn").get(INDEX)
    assert response.status_code == 200
    assert '<html lang="sr-Latn">' in response.content.decode()


@pytest.mark.parametrize("role", [User.Role.CANDIDATE, User.Role.COMPANY])
def test_other_roles_are_refused(world: World, role: str) -> None:
    check = _due_check(world)
    client = _client(UserFactory.create(role=role))
    assert client.get(INDEX).status_code == 403
    assert client.post(_record_url(check), _data(check, outcome="unemployed")).status_code == 403
    assert client.get(reverse("followup:match", args=[check.match_id])).status_code == 403


def test_anonymous_visitors_go_to_the_login_page() -> None:
    response = Client().get(INDEX)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_admin_sees_every_district(world: World) -> None:
    _due_check(world, place="vranje", name="Vesna")
    admin = UserFactory.create(role=User.Role.ADMIN)
    assert "Vesna" in _client(admin).get(INDEX).content.decode()
