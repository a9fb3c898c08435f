"""Every write to matches, the workflow and allocation runs goes through these services."""

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
    "allocation_run_apply",
    "allocation_run_create",
    "allocation_run_discard",
    "match_express_interest",
    "match_transition",
    "matches_refresh_all",
    "matches_refresh_for_candidate",
    "matches_refresh_for_placement",
    "placement_fill_status_refresh",
    "placement_slots_held",
]
