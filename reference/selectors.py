"""Reads over the reference data."""

from __future__ import annotations

import hashlib

from django.db.models import Count, Max, Sum

from reference.models import Skill, SkillLabel


def taxonomy_version_from_db() -> str:
    """A cheap fingerprint of the skills and labels: aggregates only, no row is loaded.

    Any import changes at least one of: a skill's `updated_at` (skills saved one by one), the
    number of skills or labels, the largest or the sum of the label ids (labels are deleted
    and re-created, never edited), or the sum of the group ids (ESCO's bulk re-grouping,
    which does not touch `updated_at`).
    """
    skills = Skill.objects.aggregate(
        count=Count("id"), max_id=Max("id"), updated=Max("updated_at"), groups=Sum("group_id")
    )
    labels = SkillLabel.objects.aggregate(count=Count("id"), max_id=Max("id"), ids=Sum("id"))
    parts = [
        skills["count"],
        skills["max_id"],
        skills["updated"].isoformat() if skills["updated"] else "",
        skills["groups"],
        labels["count"],
        labels["max_id"],
        labels["ids"],
    ]
    return hashlib.blake2b(
        "|".join(str(part) for part in parts).encode(), digest_size=10
    ).hexdigest()
