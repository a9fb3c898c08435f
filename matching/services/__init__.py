"""Every write to reference data, the skill taxonomy and matches goes through these services."""

from matching.services.places import PlacesReport, reference_places_load
from matching.services.taxonomy import (
    TaxonomyReport,
    TaxonomyRowError,
    curated_skills_import,
    esco_skills_import,
    skill_groups_import,
)

__all__ = [
    "PlacesReport",
    "TaxonomyReport",
    "TaxonomyRowError",
    "curated_skills_import",
    "esco_skills_import",
    "reference_places_load",
    "skill_groups_import",
]
