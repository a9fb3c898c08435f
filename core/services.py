"""Helpers every service uses to validate and save a model instance."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

ModelT = TypeVar("ModelT", bound=models.Model)


def validated_save(instance: ModelT, *, exclude: list[str] | None = None) -> ModelT:
    """Run the model's field, cross-field and constraint validation, then save.

    Raises django.core.exceptions.ValidationError with a message per field; the
    caller's transaction.atomic makes sure nothing is half-saved.
    """
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance
