"""The notifications page (every role): newest first, unread marked, mark read / all read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile
from notifications.models import Notification
from notifications.services.events import match_context
from tests.factories import UserFactory

from .conftest import client_in, make_match

pytestmark = pytest.mark.django_db


def offer(user: User, key: str, **context: object) -> Notification:
    return Notification.objects.create(
        recipient=user,
        event=Notification.Event.OFFER_TO_CANDIDATE,
        context=context,
        idempotency_key=key,
    )


def test_the_list_shows_the_users_notifications_newest_first_in_the_page_language(
    candidate: CandidateProfile,
) -> None:
    match = make_match(candidate)
    older = offer(candidate.user, "a", placement_title="Stara ponuda", company_name="Firma A")
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    offer(candidate.user, "b", **match_context(match))
    offer(UserFactory.create(), "c", placement_title="Tuđa ponuda")
    client = client_in("en", candidate.user)
    page = client.get("/me/notifications/").content.decode()
    assert page.index(match.placement.title) < page.index("Stara ponuda")
    assert "Tuđa ponuda" not in page
    assert "An offer for you" in page
    assert "2 unread notifications" in page
    assert f'href="/me/matches/{match.pk}/"' in page


def test_mark_one_read_then_all(candidate: CandidateProfile, candidate_client: Client) -> None:
    first = offer(candidate.user, "a", placement_title="Prva")
    second = offer(candidate.user, "b", placement_title="Druga")
    response = candidate_client.post(
        f"/notifications/{first.pk}/read/", {"next": "/me/notifications/"}
    )
    assert response["Location"] == "/me/notifications/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    candidate_client.post("/notifications/read-all/")
    second.refresh_from_db()
    assert second.read_at is not None
    page = candidate_client.get("/me/notifications/").content.decode()
    assert "/read-all/" not in page


def test_another_users_notification_cannot_be_marked(candidate_client: Client) -> None:
    theirs = offer(UserFactory.create(), "x", placement_title="Tuđa")
    assert candidate_client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_page_works_for_other_roles_and_needs_a_login() -> None:
    assert Client().get("/notifications/")["Location"].startswith("/accounts/login/")
    company_user = UserFactory.create(role="company")
    offer(company_user, "k", placement_title="Za firmu")
    client = Client()
    client.force_login(company_user)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert "Za firmu" in response.content.decode()
