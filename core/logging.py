"""Keeping personal data out of logs and error reports: a log filter and an exception filter.

Names cannot be recognised in free text, so the rule stays that log messages carry ids, not
people; the filter is the safety net for what slips through: e-mail addresses, Serbian phone
numbers and JMBG-like personal numbers.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# JMBG: DDMMYYY RR BBB K. A 13-digit run whose first four digits read as a day and a month
# (so millisecond timestamps and other long ids are left alone).
JMBG = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{9}(?!\d)")
# +381 / 00381, an optional (0), then 7 to 10 digits with spaces, slashes, dots or dashes.
PHONE_INTERNATIONAL = re.compile(r"(?:\+|\b00)\s?381(?:[\s./-]*\(?0\)?)?(?:[\s./-]?\d){7,10}(?!\d)")
# National formats: 06x mobiles and 0xx landlines, e.g. 064 123 4567, 064/123-45-67, 018/523-456.
PHONE_NATIONAL = re.compile(r"(?<![\w+.,:/-])0[1-9]\d?(?:[\s./-]?\d){6,8}(?![\w])")

REPLACEMENTS = (
    (EMAIL, "[email]"),
    (JMBG, "[jmbg]"),
    (PHONE_INTERNATIONAL, "[phone]"),
    (PHONE_NATIONAL, "[phone]"),
)


def scrub(text: str) -> str:
    """The text with e-mail addresses, phone numbers and JMBG-like numbers replaced."""
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """A handler filter that scrubs the formatted message, the traceback and the stack.

    The message is formatted here (args merged in) so that a value passed as an argument is
    scrubbed too; the traceback is formatted here for the same reason and kept in exc_text,
    which standard formatters use instead of formatting exc_info again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the record, let logging report it
            return True
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the 500 e-mail to ADMINS) without local variables or POSTed values.

    Frames of services hold profiles, users and uploaded files; marking each function with
    sensitive_variables would be easy to forget, so outside DEBUG every frame is cleansed.
    The traceback itself (files, lines, code) stays, which is what debugging needs most.
    """

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_post_parameters(self, request: Any) -> Any:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed
