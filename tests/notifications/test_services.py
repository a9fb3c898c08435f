"""notify() is idempotent per key, e-mails once after commit, and only owners mark read."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import User
from core.exceptions import PermissionDeniedError
from notifications.models import Notification
from notifications.selectors import notification_list_for, unread_count
from notifications.services import notification_mark_read, notifications_mark_all_read, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = Notification.EmailStatus
CONTEXT = {"placement_title": "Praksa: junior programer", "company_name": "Nišville Soft d.o.o."}


def _notify(user: User, key: str = "offer:1", **extra: Any) -> Notification:
    return notify(
        recipient=user,
        event=Notification.Event.OFFER_TO_CANDIDATE,
        context={**CONTEXT, **extra},
        idempotency_key=key,
    )


def test_the_same_key_twice_makes_one_notification_and_one_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = UserFactory.create(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(user)
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        second = _notify(user)
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert second_callbacks == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    first.refresh_from_db()
    assert first.email_status == Status.SENT
    assert first.emailed_at is not None


def test_nothing_is_kept_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = UserFactory.create()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        _notify(user)
        raise RuntimeError("the surrounding service failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_recipient_without_an_address_gets_the_notification_but_no_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = UserFactory.create(email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = _notify(user)
    assert notification.email_status == Status.SKIPPED
    assert callbacks == []
    assert mail.outbox == []
    assert list(notification_list_for(user)) == [notification]


def test_reusing_a_key_for_another_person_is_refused() -> None:
    _notify(UserFactory.create())
    with pytest.raises(ValueError, match="already names another notification"):
        _notify(UserFactory.create())


def test_an_unknown_event_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown notification event"):
        notify(recipient=UserFactory.create(), event="party", context={}, idempotency_key="x")


def test_a_user_marks_their_own_notification_read() -> None:
    user = UserFactory.create()
    notification = _notify(user)
    assert unread_count(user) == 1
    notification_mark_read(notification=notification, user=user)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread_count(user) == 0
    assert list(notification_list_for(user, unread_only=True)) == []


def test_marking_someone_elses_notification_read_is_denied() -> None:
    owner, stranger = UserFactory.create(), UserFactory.create()
    notification = _notify(owner)
    with pytest.raises(PermissionDeniedError):
        notification_mark_read(notification=notification, user=stranger)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_unread_notifications() -> None:
    user, other = UserFactory.create(), UserFactory.create()
    for number in range(3):
        _notify(user, key=f"offer:{number}")
    theirs = _notify(other, key="offer:other")
    assert notifications_mark_all_read(user=user) == 3
    assert notifications_mark_all_read(user=user) == 0
    assert unread_count(user) == 0
    assert unread_count(other) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_is_newest_first_and_only_the_users() -> None:
    user = UserFactory.create()
    older = _notify(user, key="offer:a")
    newer = _notify(user, key="offer:b")
    _notify(UserFactory.create(), key="offer:c")
    assert list(notification_list_for(user)) == [newer, older]
