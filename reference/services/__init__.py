"""Every write to places and the skill taxonomy goes through these services."""

from reference.services.places import PlacesReport, reference_places_load
from reference.services.taxonomy import (
    TaxonomyReport,
    TaxonomyRowError,
    curated_skills_import,
    esco_skills_import,
    language_from_filename,
    skill_groups_import,
)

__all__ = [
    "PlacesReport",
    "TaxonomyReport",
    "TaxonomyRowError",
    "curated_skills_import",
    "esco_skills_import",
    "language_from_filename",
    "reference_places_load",
    "skill_groups_import",
]
