"""Compile the committed catalogues once, so these tests see the .po files as they are now."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import setting_changed
from django.utils import translation

from frontend.management.catalogues import compile_all


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> Iterator[Path]:
    locale_dir = Path(settings.LOCALE_PATHS[0])
    compile_all(locale_dir)
    # Django caches a translation object per language for the whole process; this signal is
    # how Django's own test tools make it reload the catalogues.
    setting_changed.send(
        sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True
    )
    yield locale_dir
    translation.deactivate()
