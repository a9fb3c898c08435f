"""The words for the grant scheme's codes: eligibility reasons and ranking recommendations.

Stable codes are stored (grants.eligibility, grants.scoring); the sentences are made when
shown, in the reader's language.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from candidates.models import CandidateProfile

# code → (the sentence when the rule passed, the sentence when it did not)
ELIGIBILITY_TEXTS: dict[str, tuple[Promise, Promise]] = {
    "district": (
        _("Lives in one of the call's districts."),
        _("Does not live in one of the call's districts."),
    ),
    "category": (
        _("The category “%(category)s” may apply."),
        _("The category “%(category)s” may not apply to this call."),
    ),
    "training": (
        _("Completed a programme training."),
        _("Has not completed a programme training, which this call requires."),
    ),
    "max_grant": (
        _("Asks for %(requested)s RSD, within the maximum of %(maximum)s RSD."),
        _("Asks for %(requested)s RSD, more than the maximum of %(maximum)s RSD."),
    ),
    "own_contribution": (
        _("Own contribution %(share)s %% of the budget (at least %(minimum)s %% needed)."),
        _("Own contribution %(share)s %% of the budget, less than the %(minimum)s %% needed."),
    ),
    "one_grant": (
        _("Has no other approved or running grant."),
        _("Already has an approved or running grant (one grant per person)."),
    ),
    "company_verified": (
        _("The employer is verified."),
        _("The employer is not verified by a coordinator yet."),
    ),
    "company_district": (
        _("The employer is in one of the call's districts."),
        _("The employer is not in one of the call's districts."),
    ),
}

RECOMMENDATION_TEXTS: dict[str, Promise] = {
    "fund": _("Recommended: within the budget"),
    "reserve": _("Reserve list: passes, but the budget is used up"),
    "below_pass": _("Not recommended: below the minimum score"),
    "committed": _("Already approved"),
}


def _money(value: str) -> str:
    try:
        return number_format(Decimal(value), decimal_pos=2, force_grouping=True)
    except (InvalidOperation, TypeError, ValueError):
        return value


def eligibility_sentence(reason: dict[str, Any]) -> str:
    """One stored reason ({"code", "passed", "params"}) as a sentence in the active language."""
    code = str(reason.get("code", ""))
    texts = ELIGIBILITY_TEXTS.get(code)
    if texts is None:
        return code
    params = dict(reason.get("params") or {})
    for key in ("requested", "maximum"):
        if key in params:
            params[key] = _money(str(params[key]))
    for key in ("share", "minimum"):
        if key in params:
            params[key] = _money(str(params[key]))
    if "category" in params:
        labels = dict(CandidateProfile.Category.choices)
        params["category"] = str(labels.get(params["category"], params["category"]))
    template = texts[0] if reason.get("passed") else texts[1]
    return str(template) % params if params else str(template)
