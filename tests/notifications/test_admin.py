"""The notification admin lists, shows and resends failed e-mail; nobody adds by hand."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in() -> Client:
    user = UserFactory.create(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _failed() -> Notification:
    return Notification.objects.create(
        recipient=UserFactory.create(preferred_language="en"),
        event=Notification.Event.PROPOSAL_TO_COMPANY,
        context={"placement_title": "Praksa"},
        idempotency_key="admin:1",
        email_status=Notification.EmailStatus.FAILED,
        email_error="SMTPServerDisconnected",
    )


def test_the_list_and_the_detail_page_load(admin_client_logged_in: Client) -> None:
    notification = _failed()
    changelist = reverse("admin:notifications_notification_changelist")
    assert admin_client_logged_in.get(changelist, {"q": "admin:1"}).status_code == 200
    assert admin_client_logged_in.get(changelist, {"email_status": "failed"}).status_code == 200
    page = admin_client_logged_in.get(
        reverse("admin:notifications_notification_change", args=[notification.pk])
    )
    assert page.status_code == 200
    assert (
        admin_client_logged_in.get(reverse("admin:notifications_notification_add")).status_code
        == 403
    )


def test_resending_a_failed_email_sends_it(
    admin_client_logged_in: Client, django_capture_on_commit_callbacks: Any
) -> None:
    notification = _failed()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_logged_in.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "resend_failed_emails", "_selected_action": [notification.pk]},
        )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1
