"""Every write to reference data, the skill taxonomy and matches goes through these services."""

from matching.services.allocation_runs import (
    AllocationApplyReport,
    Cohort,
    allocation_run_apply,
    allocation_run_create,
    allocation_run_discard,
)
from matching.services.matches import (
    MatchRefreshReport,
    matches_refresh_all,
    matches_refresh_for_candidate,
    matches_refresh_for_placement,
)
from matching.services.places import PlacesReport, reference_places_load
from matching.services.taxonomy import (
    TaxonomyReport,
    TaxonomyRowError,
    curated_skills_import,
    esco_skills_import,
    skill_groups_import,
)
from matching.services.workflow import (
    match_express_interest,
    match_transition,
    placement_fill_status_refresh,
    placement_slots_held,
)

__all__ = [
    "AllocationApplyReport",
    "Cohort",
    "MatchRefreshReport",
    "PlacesReport",
    "TaxonomyReport",
    "TaxonomyRowError",
    "allocation_run_apply",
    "allocation_run_create",
    "allocation_run_discard",
    "curated_skills_import",
    "esco_skills_import",
    "match_express_interest",
    "match_transition",
    "matches_refresh_all",
    "matches_refresh_for_candidate",
    "matches_refresh_for_placement",
    "placement_fill_status_refresh",
    "placement_slots_held",
    "reference_places_load",
    "skill_groups_import",
]
