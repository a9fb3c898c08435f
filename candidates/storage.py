"""Private file storage for candidates' documents: outside public media and never URL-served."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="candidates.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at settings.PRIVATE_STORAGE_ROOT.

    The root is read on every use rather than cached, so tests (and a changed setting) point it
    elsewhere without rebuilding the model field. There is no URL: files leave only through a
    permission-checked view.
    """

    def __init__(self) -> None:
        # Readable by the application's user only.
        super().__init__(
            location=None,
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )

    @property
    def base_location(self) -> str:
        return str(Path(settings.PRIVATE_STORAGE_ROOT))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private documents have no public URL; serve them through a view.")


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    """The storage the document model uses (a callable keeps the instance out of migrations)."""
    return private_storage
