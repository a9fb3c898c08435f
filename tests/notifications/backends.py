"""E-mail backends that fail on purpose, for the delivery and retry tests."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import ClassVar

from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """The locmem backend, but the next `failures` sends raise `error` (class-wide state)."""

    failures: ClassVar[int] = 0
    error: ClassVar[Exception] = smtplib.SMTPServerDisconnected("connection unexpectedly closed")
    attempts: ClassVar[int] = 0

    @classmethod
    def fail_next(cls, failures: int, error: Exception | None = None) -> None:
        cls.failures = failures
        cls.attempts = 0
        cls.error = error or smtplib.SMTPServerDisconnected("connection unexpectedly closed")

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        type(self).attempts += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise type(self).error
        return super().send_messages(messages)
